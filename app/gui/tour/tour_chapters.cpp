#include "app/gui/tour/tour_chapters.h"

#include <algorithm>
#include <functional>

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>

#include "core/sim/vocabulary.h"

namespace spatten::app {
namespace {

using views::AnalysisData;
using views::RequestInfo;
using views::SimTimeline;

constexpr int kQxK = static_cast<int>(core::ModuleId::QxK);
constexpr int kRequant = static_cast<int>(core::ModuleId::Requant);
constexpr int kTopkV = static_cast<int>(core::ModuleId::TopkV);
constexpr int kAttnV = static_cast<int>(core::ModuleId::AttnV);

// The text of chapter `id` from the bundled resources/tour/chapters.json ("" if missing: the
// chapter then shows its numbers only through the views; tst_tour fails).
QString chapterText(const QString& id) {
  QFile f(QStringLiteral(":/tour/chapters.json"));
  if (!f.open(QIODevice::ReadOnly)) return {};
  return QJsonDocument::fromJson(f.readAll())
      .object()
      .value(QStringLiteral("chapters"))
      .toObject()
      .value(id)
      .toString();
}

// Stands for the moment's cycle in a chapter's text: known once the simulator reached it.
const QString kCycle = QStringLiteral("@cycle@");

QString quoted(const AnalysisData& a, int token) {
  const QString t = token >= 0 && token < static_cast<int>(a.tokens.size())
                        ? a.tokens[static_cast<std::size_t>(token)].text.trimmed()
                        : QString();
  return QStringLiteral("\u201c%1\u201d").arg(t.toHtmlEscaped());
}

TourTarget failed(const QString& why) {
  TourTarget t;
  t.problem = why;
  return t;
}

QString num(double x, int decimals = 1) { return QString::number(x, 'f', decimals); }

// First request satisfying `pred` in processing order, -1 if none.
int firstRequest(const AnalysisData& a, const std::function<bool(const RequestInfo&)>& pred) {
  for (std::size_t i = 0; i < a.requests.size(); ++i)
    if (pred(a.requests[i])) return static_cast<int>(i);
  return -1;
}

views::Selection requestSelection(const AnalysisData& a, int r) {
  const RequestInfo& q = a.requests[static_cast<std::size_t>(r)];
  return {q.iteration, q.layer, q.head, q.query, r};
}

QString describe(const AnalysisData& a, int r) {
  const RequestInfo& q = a.requests[static_cast<std::size_t>(r)];
  return QStringLiteral("request %1 (pass %2, layer %3, head %4, query %5 %6)")
      .arg(r).arg(q.iteration).arg(q.layer).arg(q.head).arg(q.query).arg(quoted(a, q.query));
}

int aliveCount(const std::vector<std::uint8_t>& v) {
  return static_cast<int>(std::count(v.begin(), v.end(), std::uint8_t{1}));
}

// The moment: the first cycle `module` works on the selection's request.
void momentAt(TourTarget& t, const SimTimeline& tl, int module, const QString& what) {
  t.module = module;
  const std::int64_t c = firstBusyCycle(tl, module, t.selection.request);
  if (c < 0) {
    t.problem = QStringLiteral("the simulator's timeline has no %1 for request %2")
                    .arg(what).arg(t.selection.request);
    return;
  }
  t.cycle = static_cast<std::uint64_t>(c);
}

// A target on request `r`: its selection, and the moment `module` first works on it.
TourTarget onRequest(const AnalysisData& a, const SimTimeline& tl, int r, int module,
                     const QString& what) {
  TourTarget t;
  t.selection = requestSelection(a, r);
  momentAt(t, tl, module, what);
  return t;
}

TourTarget attention(const AnalysisData& a, const SimTimeline& tl) {
  TourTarget t;
  // The head that attends most to the previous token (mean over the prompt's queries q >= 1).
  int bestL = -1, bestH = 0;
  double best = -1;
  const int n = a.promptLength;
  for (int l = 0; l < a.layers; ++l)
    for (int h = 0; h < a.heads; ++h) {
      const views::Matrix& m = a.denseProbs[static_cast<std::size_t>(l * a.heads + h)];
      double sum = 0;
      int rows = 0;
      for (int q = 1; q < std::min(n, m.rows); ++q, ++rows) sum += m.at(q, q - 1);
      if (rows > 0 && sum / rows > best) {
        best = sum / rows;
        bestL = l;
        bestH = h;
      }
    }
  // Its query that attends most to the previous token.
  const views::Matrix& m = a.denseProbs[static_cast<std::size_t>(bestL * a.heads + bestH)];
  int query = 1;
  for (int q = 2; q < std::min(n, m.rows); ++q)
    if (m.at(q, q - 1) > m.at(query, query - 1)) query = q;
  const int r = firstRequest(a, [&](const RequestInfo& q) {
    return q.iteration == 0 && q.layer == bestL && q.head == bestH && q.query == query;
  });
  if (r < 0) return failed(QStringLiteral("no request of the previous-token head"));
  t.selection = requestSelection(a, r);
  momentAt(t, tl, kQxK, QStringLiteral("Q\u00d7K work"));
  const bool causal = a.family == QStringLiteral("gpt2");
  const long long perHead = causal ? 1LL * n * (n + 1) / 2 : 1LL * n * n;
  t.text = chapterText(QStringLiteral("attention"))
               .arg(bestL).arg(bestH).arg(num(100 * best)).arg(n).arg(perHead).arg(a.layers)
               .arg(a.heads).arg(perHead * a.layers * a.heads).arg(kCycle).arg(query)
               .arg(quoted(a, query)).arg(num(100 * m.at(query, query - 1))).arg(quoted(a, query - 1));
  if (!causal) t.text.remove(QStringLiteral(" (GPT-2 is causal: query q sees keys 0\u2026q)"));
  return t;
}

TourTarget tokenPruning(const AnalysisData& a, const SimTimeline& tl) {
  TourTarget t;
  if (a.iterations.empty()) return failed(QStringLiteral("no SpAtten run"));
  const views::PruningIteration& it = a.iterations[0];
  int bestL = -1, bestDrop = 0;
  for (int l = 0; l < a.layers; ++l) {
    const int before = l == 0 ? it.seqLen : aliveCount(it.tokenAlive[static_cast<std::size_t>(l - 1)]);
    const int drop = before - aliveCount(it.tokenAlive[static_cast<std::size_t>(l)]);
    if (drop > bestDrop) {
      bestDrop = drop;
      bestL = l;
    }
  }
  if (bestL < 0) return failed(QStringLiteral("cascade token pruning removes no token in pass 0"));
  const auto& now = it.tokenAlive[static_cast<std::size_t>(bestL)];
  QStringList dropped;
  int firstDropped = -1;
  for (int k = 0; k < it.seqLen; ++k) {
    const bool before = bestL == 0 || it.tokenAlive[static_cast<std::size_t>(bestL - 1)][static_cast<std::size_t>(k)];
    if (before && !now[static_cast<std::size_t>(k)]) {
      if (firstDropped < 0) firstDropped = k;
      dropped << quoted(a, k);
    }
  }
  const int r = firstRequest(a, [&](const RequestInfo& q) {
    return q.iteration == 0 && q.layer == bestL;
  });
  if (r < 0) return failed(QStringLiteral("no request in layer %1").arg(bestL));
  const RequestInfo& q = a.requests[static_cast<std::size_t>(r)];
  t.selection = {0, bestL, q.head, firstDropped, r};
  momentAt(t, tl, kQxK, QStringLiteral("Q\u00d7K work"));
  t.mark = TourMark::GridRow;
  const int alive = aliveCount(now);
  const int last = aliveCount(it.tokenAlive.back());
  t.text = chapterText(QStringLiteral("token-pruning"))
               .arg(bestL).arg(alive).arg(it.seqLen).arg(bestDrop)
               .arg(bestL == 0 ? QStringLiteral("the prompt") : QStringLiteral("layer %1").arg(bestL - 1))
               .arg(dropped.join(QStringLiteral(", "))).arg(last).arg(kCycle);
  return t;
}

TourTarget headPruning(const AnalysisData& a, const SimTimeline& tl) {
  TourTarget t;
  int pass = -1, layer = -1, head = -1, skipped = 0, total = 0;
  for (int i = 0; i < static_cast<int>(a.iterations.size()); ++i) {
    const auto& alive = a.iterations[static_cast<std::size_t>(i)].headAlive;
    for (int l = 0; l < static_cast<int>(alive.size()); ++l)
      for (int h = 0; h < static_cast<int>(alive[static_cast<std::size_t>(l)].size()); ++h) {
        ++total;
        if (alive[static_cast<std::size_t>(l)][static_cast<std::size_t>(h)]) continue;
        ++skipped;
        if (pass < 0) {
          pass = i;
          layer = l;
          head = h;
        }
      }
  }
  if (pass < 0) return failed(QStringLiteral("cascade head pruning removes no head in this run"));
  const int r = firstRequest(a, [&](const RequestInfo& q) {
    return q.iteration == pass && q.layer == layer;
  });
  if (r < 0) return failed(QStringLiteral("no request in pass %1, layer %2").arg(pass).arg(layer));
  t.selection = {pass, layer, head, -1, r};
  momentAt(t, tl, kQxK, QStringLiteral("Q\u00d7K work"));
  t.mark = TourMark::GridCell;
  const auto& row = a.iterations[static_cast<std::size_t>(pass)].headAlive[static_cast<std::size_t>(layer)];
  t.text = chapterText(QStringLiteral("head-pruning"))
               .arg(head).arg(layer).arg(pass).arg(aliveCount(row)).arg(row.size())
               .arg(pass > 0 ? QStringLiteral(" Pass 0 (the prompt) keeps every head: with this "
                                              "preset head pruning starts in the generation "
                                              "passes (Pass box above the grid).")
                             : QString())
               .arg(skipped).arg(total).arg(num(100.0 * skipped / total)).arg(kCycle);
  return t;
}

// The request whose local value pruning drops the most values (ties: the first).
int mostValuePruned(const AnalysisData& a) {
  int best = -1, bestCut = 0;
  for (std::size_t i = 0; i < a.requests.size(); ++i) {
    const int cut = a.requests[i].keys - a.requests[i].values;
    if (cut > bestCut) {
      bestCut = cut;
      best = static_cast<int>(i);
    }
  }
  return best;
}

TourTarget valuePruning(const AnalysisData& a, const SimTimeline& tl) {
  TourTarget t;
  const int r = mostValuePruned(a);
  if (r < 0) return failed(QStringLiteral("local value pruning drops no value in this run"));
  long long keys = 0, values = 0;
  for (const RequestInfo& q : a.requests) {
    keys += q.keys;
    values += q.values;
  }
  t = onRequest(a, tl, r, kAttnV, QStringLiteral("Prob\u00d7V work"));
  t.mark = TourMark::Module;
  const int kept = a.requests[static_cast<std::size_t>(r)].values;
  const int attended = a.requests[static_cast<std::size_t>(r)].keys;
  t.text = chapterText(QStringLiteral("value-pruning"))
               .arg(describe(a, r)).arg(attended).arg(kept).arg(values).arg(keys)
               .arg(num(100.0 * static_cast<double>(values) / static_cast<double>(keys)))
               .arg(kCycle);
  return t;
}

TourTarget topkEngine(const AnalysisData& a, const SimTimeline& tl) {
  TourTarget t;
  // The largest input the engine prunes (ties: the first).
  int r = -1;
  for (std::size_t i = 0; i < a.requests.size(); ++i) {
    const RequestInfo& q = a.requests[i];
    if (q.values < q.keys && (r < 0 || q.keys > a.requests[static_cast<std::size_t>(r)].keys))
      r = static_cast<int>(i);
  }
  if (r < 0) return failed(QStringLiteral("the top-k engine prunes no request in this run"));
  t = onRequest(a, tl, r, kTopkV, QStringLiteral("top-k engine work"));
  t.untilTopkRound = true;
  const RequestInfo& q = a.requests[static_cast<std::size_t>(r)];
  t.text = chapterText(QStringLiteral("topk"))
               .arg(describe(a, r)).arg(q.values).arg(q.keys);
  return t;
}

TourTarget quantization(const AnalysisData& a, const SimTimeline& tl) {
  TourTarget t;
  const int r = firstRequest(a, [](const RequestInfo& q) { return q.refetch; });
  if (r < 0) return failed(QStringLiteral("no request refetches its key LSBs in this run"));
  const auto refetches = std::count_if(a.requests.begin(), a.requests.end(),
                                       [](const RequestInfo& q) { return q.refetch; });
  t = onRequest(a, tl, r, kRequant, QStringLiteral("requantization work"));
  const double maxProb = a.requests[static_cast<std::size_t>(r)].maxProb;
  t.text = chapterText(QStringLiteral("quantization"))
               .arg(a.kMsbBits).arg(a.pqThreshold).arg(a.kLsbBits).arg(describe(a, r))
               .arg(num(maxProb, 3)).arg(refetches).arg(a.requests.size())
               .arg(num(100.0 * static_cast<double>(refetches) / static_cast<double>(a.requests.size()), 0))
               .arg(kCycle);
  return t;
}

TourTarget dramResult(const AnalysisData& a, const SimTimeline& tl) {
  TourTarget t;
  const views::DramTraffic& d = a.dram;
  if (d.bytesPerLayer.empty() || d.total() <= 0) return failed(QStringLiteral("no DRAM traffic"));
  if (tl.lastCycle == 0) return failed(QStringLiteral("the timeline did not finish the run"));
  int bestL = 0;
  double best = 0, lsb = 0;
  for (std::size_t l = 0; l < d.bytesPerLayer.size(); ++l) {
    double sum = 0;
    for (double b : d.bytesPerLayer[l]) sum += b;
    lsb += d.bytesPerLayer[l][static_cast<std::size_t>(views::DramKind::KLsb)];
    const double ratio = sum > 0 ? d.denseBytesPerLayer[l] / sum : 0;
    if (ratio > best) {
      best = ratio;
      bestL = static_cast<int>(l);
    }
  }
  t.selection = {0, bestL, 0, -1, -1};
  t.cycle = tl.lastCycle;
  t.text = chapterText(QStringLiteral("dram"))
               .arg(num(d.total() / 1024)).arg(num(d.denseTotal() / 1024))
               .arg(num(d.denseTotal() / d.total(), 2)).arg(num(lsb / 1024)).arg(bestL)
               .arg(num(best, 2)).arg(kCycle);
  return t;
}

}  // namespace

const std::vector<TourChapter>& tourChapters() {
  static const std::vector<TourChapter> chapters = {
      {QStringLiteral("attention"), QStringLiteral("Attention and its cost"),
       QStringLiteral("function-words"), QStringLiteral("attention"), {}, {}},
      {QStringLiteral("token-pruning"), QStringLiteral("Cascade token pruning"),
       QStringLiteral("function-words"), QStringLiteral("token-pruning"), {}, {}},
      {QStringLiteral("head-pruning"), QStringLiteral("Cascade head pruning"),
       QStringLiteral("mask-bert"), QStringLiteral("head-pruning"),
       {QStringLiteral("head_keep_start=0.75"), QStringLiteral("head_keep_end=0.5")},
       QStringLiteral("with the preset's head keep ratios a model this small keeps every head")},
      {QStringLiteral("value-pruning"), QStringLiteral("Local value pruning"),
       QStringLiteral("function-words"), QStringLiteral("datapath"), {}, {}},
      {QStringLiteral("topk"), QStringLiteral("The top-k engine"),
       QStringLiteral("function-words"), QStringLiteral("topk"), {}, {}},
      {QStringLiteral("quantization"), QStringLiteral("Progressive quantization"),
       QStringLiteral("refetch"), QStringLiteral("quantization"), {}, {}},
      {QStringLiteral("dram"), QStringLiteral("DRAM traffic and the result"),
       QStringLiteral("function-words"), QStringLiteral("dram"), {}, {}},
  };
  return chapters;
}

TourTarget resolveChapter(int index, const AnalysisData& a, const SimTimeline& t) {
  if (!a.hasSpatten) return failed(QStringLiteral("no SpAtten run: %1").arg(a.spattenError));
  using Fn = TourTarget (*)(const AnalysisData&, const SimTimeline&);
  static const Fn fns[] = {attention,    tokenPruning, headPruning, valuePruning,
                           topkEngine,   quantization, dramResult};
  if (index < 0 || index >= static_cast<int>(std::size(fns))) return failed(QStringLiteral("no such chapter"));
  return fns[index](a, t);
}

std::int64_t firstBusyCycle(const SimTimeline& t, int module, std::int64_t request) {
  for (const views::ActivityInterval& iv : t.intervals)  // sorted by start
    if (iv.module == module && iv.request == request) return static_cast<std::int64_t>(iv.start);
  return -1;
}

bool topkRoundRunning(const views::SimFrame& f, std::int64_t request) {
  const views::TopKFrame& k = f.topk;
  return k.request == request && k.phase == QStringLiteral("rounds") && k.compared > 0 &&
         !k.candidates.empty();
}

bool momentReached(const TourTarget& t, const views::SimFrame& f) {
  if (t.untilTopkRound) return topkRoundRunning(f, t.selection.request);
  if (t.module == kQxK) return f.request == t.selection.request;
  return true;
}

QString topkRoundText(const views::SimFrame& f) {
  const views::TopKFrame& k = f.topk;
  return QStringLiteral(
             "<p>Now, at cycle %1: <b>round %2</b>, %3 candidates against the pivot %4, %5 "
             "compared so far by %6 comparators; FIFO_L holds %7, FIFO_R %8. Press F6 to step "
             "a cycle and watch the round proceed.</p>")
      .arg(f.cycle).arg(k.round + 1).arg(k.roundInput).arg(num(k.pivot, 4)).arg(k.compared)
      .arg(k.parallelism).arg(k.leftSize).arg(k.rightSize);
}

}  // namespace spatten::app
