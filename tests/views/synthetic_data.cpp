#include "synthetic_data.h"

#include <array>
#include <memory>

#include <QDir>

namespace spatten::testdata {

views::AnalysisPtr makeAnalysis() {
  auto a = std::make_shared<views::AnalysisData>();
  a->modelName = QStringLiteral("synthetic");
  a->family = QStringLiteral("gpt2");
  a->layers = 2;
  a->heads = 2;
  const int n = 5;
  a->promptLength = n;
  for (int i = 0; i < n; ++i) a->tokens.push_back({i, QString(QChar(u'a' + i))});
  for (int l = 0; l < 2; ++l) {
    for (int h = 0; h < 2; ++h) {
      views::Matrix m(n, n, 0.0f);
      for (int q = 0; q < n; ++q) {
        float sum = 0;
        for (int k = 0; k <= q; ++k) sum += static_cast<float>(k + 1);
        for (int k = 0; k <= q; ++k) m.at(q, k) = static_cast<float>(k + 1) / sum;
      }
      a->denseProbs.push_back(m);
      views::Matrix used = m;
      if (l == 1) {
        for (int q = 0; q < n; ++q) {
          used.at(q, 3) = std::numeric_limits<float>::quiet_NaN();
          used.at(3, q) = std::numeric_limits<float>::quiet_NaN();
        }
      }
      a->usedProbs.push_back(used);
    }
  }
  a->hasSpatten = true;
  views::PruningIteration it;
  it.seqLen = n;
  it.tokenAlive = {{1, 1, 1, 1, 1}, {1, 1, 1, 0, 1}};
  it.tokenImportance = {{1, 2, 3, 0.5f, 4}, {2, 3, 4, 0.5f, 5}};
  it.headAlive = {{1, 1}, {1, 0}};
  it.headImportance = {{3, 1}, {6, 1}};
  a->iterations.push_back(it);
  // The requests' rows, owned by the analysis (as a run report owns them in the app).
  struct Rows {
    std::array<std::vector<int>, 3> keys;
    std::array<std::vector<float>, 3> msb, full;
  };
  auto rows = std::make_shared<Rows>();
  for (int q = 0; q < 3; ++q) {
    views::RequestInfo r;
    r.layer = 0;
    r.head = 0;
    r.query = q;
    r.maxProb = q == 1 ? 0.05f : 0.6f;
    r.refetch = q == 1;
    r.keys = q + 1;
    r.values = 1;
    const auto i = static_cast<std::size_t>(q);
    for (int k = 0; k <= q; ++k) {
      rows->keys[i].push_back(k);
      rows->msb[i].push_back(a->denseProbs[0].at(q, k));
      if (r.refetch) rows->full[i].push_back(a->denseProbs[0].at(q, k) * 0.9f);
    }
    r.keyIndex = rows->keys[i];
    r.msbRow = rows->msb[i];
    r.fullRow = rows->full[i];
    a->requests.push_back(r);
  }
  a->rowStorage = rows;
  a->pqThreshold = 0.1;
  a->dram.bytesPerLayer = {{100, 20, 50, 10}, {80, 0, 40, 10}};
  a->dram.denseBytesPerLayer = {400, 400};
  a->fidelitySummary = QStringLiteral("top-1 agreement 100%");
  return a;
}

views::SimFramePtr makeFrame(std::uint64_t cycle) {
  auto f = std::make_shared<views::SimFrame>();
  f->cycle = cycle;
  f->request = 1;
  f->iteration = 0;
  f->layer = 0;
  f->head = 0;
  f->query = 1;
  const char* names[] = {"Fetcher", "HBM2", "QxK", "Softmax", "Requant",
                         "Top-k (V)", "ProbxV", "Token acc", "Head acc", "Top-k (tokens)"};
  for (int m = 0; m < 10; ++m) {
    views::ModuleFrame mf;
    mf.name = QString::fromUtf8(names[m]);
    mf.paperId = QString::number(m);
    mf.state = static_cast<views::ModuleActivity>(m % 3);
    mf.request = m % 2 ? 1 : -1;
    mf.progress = 3;
    mf.total = 8;
    mf.fifos.push_back({QStringLiteral("fifo"), 5, 10});
    f->modules.push_back(mf);
  }
  for (int c = 0; c < 4; ++c) f->channels.push_back({1, 64, static_cast<std::uint32_t>(c), 16, 1024});
  f->topk.phase = QStringLiteral("rounds");
  f->topk.request = 1;
  f->topk.inputSize = 6;
  f->topk.k = 2;
  f->topk.round = 0;
  f->topk.rounds = 2;
  f->topk.roundInput = 6;
  f->topk.compared = 6;
  f->topk.leftSize = 2;
  f->topk.rightSize = 3;
  f->topk.eqCount = 1;
  f->topk.pivot = 0.2f;
  f->topk.zeStages = 4;
  f->topk.zeStage = 1;
  f->topk.parallelism = 16;  // as the simulator's snapshot reports it (Table I)
  f->topk.fifoCapacity = 64;
  f->topk.probs = std::make_shared<const std::vector<float>>(std::vector<float>{0.1f, 0.3f, 0.2f, 0.05f, 0.25f, 0.1f});
  auto t = std::make_shared<views::SimTimeline>();
  t->modules = {QStringLiteral("A"), QStringLiteral("B")};
  t->channels = 2;
  t->lastCycle = 100;
  t->intervals = {{0, 0, 10, 0}, {1, 5, 20, 0}, {0, 30, 60, 1}};
  t->dram = {{1, 0, 32, 0}, {2, 1, 32, 2}, {50, 0, 32, 1}};
  f->timeline = t;
  f->dramBytes = 96;
  f->requestCount = 3;
  return f;
}

QString artifactPath(const QString& name) {
  const QString dir = qEnvironmentVariable("SPATTEN_TEST_ARTIFACTS", QDir::tempPath());
  QDir().mkpath(dir);
  return dir + QStringLiteral("/") + name;
}

}  // namespace spatten::testdata
