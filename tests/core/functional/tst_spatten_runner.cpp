// Functional runner: dense equivalence, cascade invariants, DRAM monotonicity, determinism.
#include <QtTest>

#include <algorithm>
#include <filesystem>

#include "core/model/forward.h"
#include "core/model/model.h"
#include "core/functional/cascade.h"
#include "core/functional/run_report.h"
#include "core/functional/runner.h"
#include "core/functional/workload_convert.h"
#include "core/util/error.h"

using namespace spatten::core;

namespace {

std::vector<std::string> modelDirs() {
  std::vector<std::string> dirs = {std::string(SPATTEN_TESTDATA_DIR) + "/model/gpt2-f32",
                                   std::string(SPATTEN_TESTDATA_DIR) + "/model/bert-f32"};
  for (const char* m : {"tiny-gpt2", "tiny-bert"}) {
    const std::string d = std::string(SPATTEN_SAMPLES_DIR) + "/models/" + m;
    if (std::filesystem::exists(d + "/model.safetensors")) dirs.push_back(d);
  }
  return dirs;
}

std::vector<int> sampleIds(const Model& m, int n) {
  std::vector<int> ids;
  const int v = m.config().vocabSize;
  for (int i = 0; i < n; ++i) ids.push_back((i * 37 + 11) % v);
  if (m.family() == Family::Bert) ids[0] = std::min(2, v - 1);
  return ids;
}

RunConfig floatKeepAll() {
  RunConfig c = presetConfig("dense");
  return c;
}

float maxAbsDiff(const RowMatrix& a, const RowMatrix& b) {
  return (a - b).cwiseAbs().maxCoeff();
}

bool subset(const std::vector<int>& a, const std::vector<int>& b) {
  return std::includes(b.begin(), b.end(), a.begin(), a.end());
}

}  // namespace

class TestSpattenRunner : public QObject {
  Q_OBJECT
private slots:
  void denseConfigEqualsForward() {
    for (const std::string& dir : modelDirs()) {
      auto model = Model::load(dir);
      const int n = std::min(12, model->config().maxPositions - 4);
      const std::vector<int> ids = sampleIds(*model, n);
      RunConfig cfg = floatKeepAll();
      const RunResult r = runSpatten(*model, ids, cfg);
      ForwardOptions fo;
      const ForwardTrace t = forward(*model, ids, fo);
      const RowMatrix& h = t.layers.back().hidden;
      QVERIFY2(maxAbsDiff(r.finalHidden, h) <= 1e-6f, dir.c_str());
      QCOMPARE(r.refetchCount, 0);
      if (model->family() == Family::Gpt2) {
        QVERIFY(maxAbsDiff(r.stepLogits[0], t.logits.row(0)) <= 1e-6f);
        // Generation with the KV cache equals a full dense forward over prompt + generated.
        cfg.generate = 3;
        const RunResult g = runSpatten(*model, ids, cfg);
        const ForwardTrace tg = forward(*model, g.sequenceIds, fo);
        // (One query row instead of a full GEMM: summation order differs, so relative 1e-5.)
        const float d = maxAbsDiff(g.stepLogits.back(), tg.logits.row(0));
        const float scale = std::max(1.0f, tg.logits.row(0).cwiseAbs().maxCoeff());
        QVERIFY2(d <= 1e-5f * scale, qPrintable(QString::number(d)));
      }
    }
  }

  void cascadeInvariants() {
    for (const std::string& dir : modelDirs()) {
      auto model = Model::load(dir);
      const bool gpt = model->family() == Family::Gpt2;
      RunConfig cfg = presetConfig(gpt ? "spatten-gpt2" : "spatten-bert");
      cfg.token_keep_start = 0.6;
      cfg.token_keep_end = 0.2;
      cfg.token_skip_frac = 0.0;
      cfg.head_keep_end = 0.5;
      cfg.head_skip_frac = 0.0;
      cfg.protect_first = 1;
      cfg.generate = gpt ? 3 : 0;
      const int n = std::min(12, model->config().maxPositions - 4);
      const RunResult r = runSpatten(*model, sampleIds(*model, n), cfg);
      const int L = r.layers;
      QCOMPARE(int(r.layerRecords.size()), L * (cfg.generate + 1));
      int requests = 0;
      for (size_t i = 0; i < r.layerRecords.size(); ++i) {
        const LayerRecord& lr = r.layerRecords[i];
        const int nn = lr.sequenceLength;
        const int newest = nn - 1;
        // Alive sets only shrink down the layers, and after pruning.
        QVERIFY(subset(lr.aliveTokens, lr.computedTokens));
        QVERIFY(subset(lr.aliveHeads, lr.computedHeads));
        if (lr.layer > 0) {
          const LayerRecord& prev = r.layerRecords[i - 1];
          QVERIFY(subset(lr.aliveTokens, prev.aliveTokens));
          QVERIFY(subset(lr.computedTokens, prev.aliveTokens));
          QVERIFY(subset(lr.aliveHeads, prev.aliveHeads));
        }
        if (lr.iteration > 0) {  // layer l of the previous iteration plus the new token
          std::vector<int> before = r.layerRecords[i - size_t(L)].aliveTokens;
          before.push_back(newest);
          QVERIFY(subset(lr.computedTokens, before));
        }
        // Protected tokens are kept: token 0 (protect_first = 1, and [CLS]), the newest for GPT-2.
        QVERIFY(std::binary_search(lr.aliveTokens.begin(), lr.aliveTokens.end(), 0));
        if (gpt) QVERIFY(std::binary_search(lr.aliveTokens.begin(), lr.aliveTokens.end(), newest));
        // Budgets as specified.
        const int prot = gpt ? 2 : 1;
        QCOMPARE(int(lr.aliveTokens.size()),
                 std::min<int>(int(lr.computedTokens.size()),
                               std::max<long long>(prot, ceilEps(lr.tokenKeep * nn))));
        QCOMPARE(int(lr.aliveHeads.size()),
                 std::min<int>(int(lr.computedHeads.size()),
                               std::max<long long>(1, ceilEps(lr.headKeep * r.heads))));
        QCOMPARE(int(lr.tokenImportance.size()), nn);
        requests += int(lr.computedHeads.size()) *
                    (lr.iteration == 0 ? int(lr.computedTokens.size()) : 1);
      }
      QCOMPARE(r.requestCount, requests);
      QCOMPARE(int(r.requests.size()), requests);
      for (const RequestRecord& rq : r.requests) {
        QVERIFY(rq.valueFetch >= 1 && rq.valueFetch <= rq.keyFetch);
        QCOMPARE(rq.valueFetch, int(std::min<long long>(rq.keyFetch, std::max<long long>(1, ceilEps(cfg.value_keep * rq.keyFetch)))));
        if (rq.refetch) QVERIFY(rq.maxProbFirst < cfg.pq_threshold && cfg.pq_enabled);
        if (rq.refetch) QCOMPARE(int(rq.probsMsb.size()), rq.keyFetch);
      }
    }
  }

  void lowerKeepRatiosNeverIncreaseDram() {
    for (const std::string& dir : modelDirs()) {
      auto model = Model::load(dir);
      const bool gpt = model->family() == Family::Gpt2;
      const int n = std::min(12, model->config().maxPositions - 4);
      const std::vector<int> ids = sampleIds(*model, n);
      for (bool pq : {false, true}) {
        std::uint64_t prev = ~0ULL;
        for (double keep : {1.0, 0.8, 0.6, 0.4, 0.2, 0.1}) {
          RunConfig cfg = presetConfig("spatten-gpt2");
          cfg.pq_enabled = pq;
          cfg.token_keep_start = cfg.token_keep_end = keep;
          cfg.head_keep_start = cfg.head_keep_end = std::max(keep, 0.5);
          cfg.value_keep = keep;
          cfg.generate = gpt ? 2 : 0;
          const RunResult r = runSpatten(*model, ids, cfg);
          const std::uint64_t total = r.dram.total.total();
          QVERIFY2(total <= prev, qPrintable(QString("%1 pq=%2 keep=%3: %4 > %5")
                                                 .arg(QString::fromStdString(dir)).arg(int(pq)).arg(keep).arg(qulonglong(total)).arg(qulonglong(prev))));
          prev = total;
        }
      }
    }
  }

  void deterministicAndReportConsistent() {
    for (const std::string& dir : modelDirs()) {
      auto model = Model::load(dir);
      RunConfig cfg = presetConfig("spatten-gpt2");
      cfg.generate = model->family() == Family::Gpt2 ? 2 : 0;
      const std::vector<int> ids = sampleIds(*model, 10);
      const RunReport a = runReport(*model, ids, cfg);
      const RunReport b = runReport(*model, ids, cfg);
      QCOMPARE(reportToJson(a, {}).dump(), reportToJson(b, {}).dump());
      // The dense baseline counts every key and value at 12 bits: never below the pruned run here.
      QVERIFY(a.denseBaseline.total.total() >= a.pruned.dram.total.total());
      QCOMPARE(a.denseBaseline.total.kLsb, std::uint64_t(0));
      if (model->family() == Family::Gpt2) {
        QCOMPARE(a.pruned.generatedIds, a.dense->generatedIds);  // teacher forcing
        QCOMPARE(int(a.fidelity.steps.size()), cfg.generate + 1);
      } else {
        QVERIFY(a.fidelity.clsCosine > -1.0001 && a.fidelity.clsCosine < 1.0001);
      }
    }
  }

  void workloadStreamCountsTheSameBytes() {
    for (const std::string& dir : modelDirs()) {
      auto model = Model::load(dir);
      RunConfig cfg = presetConfig("spatten-gpt2");
      cfg.pq_threshold = 0.5;  // plenty of refetches
      cfg.generate = model->family() == Family::Gpt2 ? 3 : 0;
      const RunResult r = runSpatten(*model, sampleIds(*model, 10), cfg);
      const Workload w = toWorkload(r, "m");
      QCOMPARE(int(w.requests.size()), r.requestCount);
      int refetch = 0;
      for (const Request& q : w.requests) refetch += q.refetchLsb ? 1 : 0;
      QCOMPARE(refetch, r.refetchCount);
      const DramReport d = countDram(w);
      QCOMPARE(d.total.kMsb, r.dram.total.kMsb);
      QCOMPARE(d.total.kLsb, r.dram.total.kLsb);
      QCOMPARE(d.total.v, r.dram.total.v);
      QCOMPARE(d.total.q, r.dram.total.q);
      QCOMPARE(d.cells.size(), r.dram.cells.size());
    }
  }

  void bertRejectsGeneration() {
    auto model = Model::load(std::string(SPATTEN_TESTDATA_DIR) + "/model/bert-f32");
    RunConfig cfg;
    cfg.generate = 1;
    QVERIFY_THROWS_EXCEPTION(Error, runSpatten(*model, {1, 2, 3}, cfg));
    RunConfig bad;
    bad.token_keep_per_layer = {0.5};
    QVERIFY_THROWS_EXCEPTION(Error, runSpatten(*model, {1, 2, 3}, bad));
  }

  // Cancellation (core/util/cancel.h): the predicate is polled before every layer pass (layers x
  // (1 + generate) times for a run, layers times for a forward); once it says yes the call throws
  // Cancelled at once; a predicate that never says yes changes nothing.
  void cancelStopsBeforeTheNextLayer() {
    auto model = Model::load(std::string(SPATTEN_TESTDATA_DIR) + "/model/gpt2-f32");
    const int layers = model->config().layers;
    RunConfig cfg = presetConfig("spatten-gpt2");
    cfg.generate = 2;
    const std::vector<int> ids = sampleIds(*model, 8);
    const RunResult plain = runSpatten(*model, ids, cfg);
    RunOptions opt;
    int calls = 0;
    opt.cancelled = [&] { return ++calls < 0; };
    const RunResult polled = runSpatten(*model, ids, cfg, opt);
    QCOMPARE(calls, layers * 3);
    QCOMPARE(polled.sequenceIds, plain.sequenceIds);
    QVERIFY(polled.finalHidden == plain.finalHidden);
    for (int stopAt : {1, layers, layers + 1, 3 * layers}) {
      calls = 0;
      opt.cancelled = [&] { return ++calls >= stopAt; };
      QVERIFY_THROWS_EXCEPTION(Cancelled, runSpatten(*model, ids, cfg, opt));
      QCOMPARE(calls, stopAt);
    }
    ForwardOptions fo;
    calls = 0;
    fo.cancelled = [&] { return ++calls < 0; };
    forward(*model, ids, fo);
    QCOMPARE(calls, layers);
    calls = 0;
    fo.cancelled = [&] { return ++calls >= 2; };
    QVERIFY_THROWS_EXCEPTION(Cancelled, forward(*model, ids, fo));
    QCOMPARE(calls, 2);
  }
};

QTEST_APPLESS_MAIN(TestSpattenRunner)
#include "tst_spatten_runner.moc"
