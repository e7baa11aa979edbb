// The hardware cost of the KV-cache policies (docs/policies.md, "What the simulator needs",
// items 3-6), against figures computed from the request stream and the run configuration, not
// from the simulator:
//  * Quest: metaFetchNum x 2 x D x metaBits / 8 bytes of metadata per request (its own DRAM kind),
//    all read before the request's keys; the estimate as metaFetchNum x D MACs on Q x K and one
//    top-k per request on the top-k engine, keeping the pages fetched but the last of
//    selectCandidates;
//  * the score adds on the token accumulator (H2O: every row's keys; TOVA: every generation row's
//    keys and the last prompt query's; SnapKV: P per window query plus P x pool_kernel pooling per
//    head) and one selection per H2O request, TOVA (step, layer) and SnapKV head;
//  * TOVA: the next step of a layer fetches no key before the argmin of the previous step is done.
#include <QtTest>
#include <map>
#include <set>
#include <tuple>

#include "core/sim/simulator.h"
#include "tests/core/sim/policy_workload.h"

using namespace spatten::core;
using spatten::test::policyTestConfig;
using spatten::test::policyWorkload;
using spatten::test::samples;

namespace {

struct Run {
  SimStats stats;
  std::vector<Event> events;
};

Run simulate(const std::shared_ptr<const Workload>& w) {
  Simulator sim(w, HwConfig::load("spatten"), 1, LogLevel::Full);
  sim.run();
  Run r{sim.stats(), {}};
  sim.log().forEach([&](const Event& e) { r.events.push_back(e); });
  return r;
}

// Selections the engine finished: Pruning events of module 2/13 with flags 2 (top-k), 3 (min).
std::vector<Event> selections(const Run& run, int flags) {
  std::vector<Event> out;
  for (const Event& e : run.events)
    if (e.kind == EventKind::Pruning && e.module == std::uint8_t(ModuleId::TopkToken) &&
        e.flags == flags)
      out.push_back(e);
  return out;
}

int distinctPages(const Request& r) {
  std::set<int> pages;
  for (int t : *r.keyIds) pages.insert(t / r.pageSize);
  return static_cast<int>(pages.size());
}

// Two generation steps of a one-layer, two-head TOVA stream with 200 keys each (ids 0..199).
std::shared_ptr<const Workload> tovaSteps(bool scored) {
  auto w = std::make_shared<Workload>();
  w->model = ModelInfo{"tova", 1, 2, 64};
  auto ids = std::make_shared<std::vector<int>>(200);
  for (int i = 0; i < 200; ++i) (*ids)[std::size_t(i)] = i;
  for (int it = 1; it <= 2; ++it)
    for (int h = 0; h < 2; ++h) {
      Request r;
      r.iteration = it;
      r.head = h;
      r.sentenceLength = 300 + it;
      r.keyFetchNum = r.valueFetchNum = 200;
      r.keyMsbBits = r.queryBits = r.valueBits = 8;
      r.keyLsbBits = 0;
      r.keyIds = ids;
      r.scoreUpdate = scored ? ScoreUpdate::LayerSum : ScoreUpdate::None;
      r.selectCandidates = scored ? 199 : 0;
      w->requests.push_back(r);
    }
  return w;
}

}  // namespace

class TestPolicyHardware : public QObject {
  Q_OBJECT
  std::unique_ptr<Model> m_model = Model::load(samples("models/tiny-gpt2"));

private slots:
  void questReadsMetadataAndEstimates() {
    RunConfig cfg = policyTestConfig("quest");
    cfg.page = 4;
    const auto w = policyWorkload(*m_model, cfg);
    std::uint64_t metaBytes = 0, metaMacs = 0, tasks = 0;
    for (const Request& r : w->requests) {
      metaBytes += std::uint64_t(r.metaFetchNum) * 2 * std::uint64_t(r.d * r.metaBits / 8);
      metaMacs += std::uint64_t(r.metaFetchNum) * std::uint64_t(r.d);
      tasks += r.metaFetchNum > 0 ? 1 : 0;
    }
    QVERIFY(tasks > 0);
    const Run run = simulate(w);
    const SimStats& s = run.stats;
    QCOMPARE(s.payloadBytes[std::size_t(DataKind::Meta)], metaBytes);
    QCOMPARE(s.dramBytes[std::size_t(DataKind::Meta)], metaBytes);  // 64-byte vectors: no waste
    QCOMPARE(s.qkMacsMeta, metaMacs);
    QCOMPARE(s.selectTasks, tasks);
    QVERIFY(s.modules[std::size_t(ModuleId::TopkToken)].busy > 0);
    // One top-k per request over its candidate pages, keeping the fetched pages but the last.
    const std::vector<Event> topk = selections(run, 2);
    QCOMPARE(std::uint64_t(topk.size()), tasks);
    for (const Event& e : topk) {
      const Request& r = w->requests[e.request];
      QCOMPARE(int(e.b), r.selectCandidates);
      QCOMPARE(int(e.a), distinctPages(r) - 1);
    }
    // Every metadata read of a request is accepted before its first key read; the key reads
    // come after its top-k.
    std::map<std::uint32_t, std::uint64_t> lastMeta, firstKey, selected;
    for (const Event& e : topk) selected[e.request] = e.cycle;
    for (const Event& e : run.events) {
      if (e.kind != EventKind::DramRequest) continue;
      if (e.module == std::uint8_t(DataKind::Meta))
        lastMeta[e.request] = std::max(lastMeta[e.request], e.cycle);
      if (e.module == std::uint8_t(DataKind::KMsb) && !firstKey.count(e.request))
        firstKey[e.request] = e.cycle;
    }
    QCOMPARE(std::uint64_t(lastMeta.size()), tasks);
    for (const auto& [req, cycle] : lastMeta) {
      QVERIFY(firstKey.count(req));
      QVERIFY2(cycle < firstKey[req], qPrintable(QString("request %1").arg(req)));
      QVERIFY(selected[req] < firstKey[req]);
    }
  }

  void scoreUpdatesCostTheirAdds_data() {
    QTest::addColumn<QString>("policy");
    for (const char* p : {"h2o", "tova", "snapkv", "streaming", "oracle"})
      QTest::newRow(p) << QString(p);
  }
  void scoreUpdatesCostTheirAdds() {
    QFETCH(QString, policy);
    const std::string p = policy.toStdString();
    const RunConfig cfg = policyTestConfig(p);
    const auto w = policyWorkload(*m_model, cfg);
    std::uint64_t adds = 0, tasks = 0, minSearches = 0;
    std::map<std::pair<int, int>, int> prompt;  // (layer, head) -> prefill queries
    std::set<std::pair<int, int>> tovaSteps, snapHeads;
    for (const Request& r : w->requests) {
      if (r.stage == Stage::Summarization) {
        ++prompt[{r.layer, r.head}];
        if (p == "h2o") adds += std::uint64_t(r.keyFetchNum);
        continue;
      }
      const bool ranks = r.selectCandidates > 0;
      if (p == "h2o" || p == "tova") adds += std::uint64_t(r.keyFetchNum);
      if (p == "h2o" && ranks) {
        ++tasks;
        minSearches += r.iteration > 1 ? 1 : 0;  // step 1 cuts the prefill: a top-k
      }
      if (p == "tova" && ranks && tovaSteps.insert({r.iteration, r.layer}).second) {
        ++tasks;
        minSearches += r.iteration > 1 ? 1 : 0;
      }
      if (p == "snapkv" && ranks) snapHeads.insert({r.layer, r.head});
    }
    for (const auto& [lh, n] : prompt) {
      if (p == "tova") adds += std::uint64_t(n);  // the last prompt query attends to n keys
      if (p == "snapkv" && snapHeads.count(lh)) {
        const auto prefix = std::uint64_t(n - cfg.window);
        adds += std::uint64_t(cfg.window) * prefix + prefix * std::uint64_t(cfg.pool_kernel);
        ++tasks;
      }
    }
    if (p == "h2o" || p == "tova" || p == "snapkv") QVERIFY(tasks > 0 && adds > 0);
    const Run run = simulate(w);
    QCOMPARE(run.stats.scoreAdds, adds);
    QCOMPARE(run.stats.selectTasks, tasks);
    QCOMPARE(std::uint64_t(selections(run, 3).size()), minSearches);
    QCOMPARE(std::uint64_t(selections(run, 2).size()), tasks - minSearches);
    QCOMPARE(run.stats.payloadBytes[std::size_t(DataKind::Meta)], std::uint64_t(0));
  }

  // TOVA's eviction needs every head of the layer: the next step's keys wait for the argmin
  // (min-search over 199 scores), which waits for both heads' adds; without the score update
  // the same stream finishes sooner.
  void tovaNextStepWaitsForTheArgmin() {
    const Run run = simulate(tovaSteps(true));
    const std::vector<Event> argmin = selections(run, 3);
    QCOMPARE(argmin.size(), std::size_t(1));
    QCOMPARE(argmin[0].b, 199u);
    // The last cycle of the adds; the argmin starts in it at the earliest (a port message is seen
    // by a unit ticked later in the same cycle, core/sim/units/port.h).
    std::uint64_t lastAdd = 0, argminStart = ~0ull;
    for (const Event& e : run.events) {
      if (e.kind == EventKind::ModuleBusy && e.module == std::uint8_t(ModuleId::TokenAcc) &&
          e.request < 2)
        lastAdd = std::max(lastAdd, e.cycle + e.duration - 1);
      if (e.kind == EventKind::ModuleBusy && e.module == std::uint8_t(ModuleId::TopkToken) &&
          e.request == argmin[0].request)
        argminStart = std::min(argminStart, e.cycle);
    }
    QVERIFY(lastAdd > 0);
    QVERIFY2(lastAdd <= argminStart, qPrintable(QString("%1 %2").arg(lastAdd).arg(argminStart)));
    for (const Event& e : run.events)
      if (e.kind == EventKind::DramRequest && e.module == std::uint8_t(DataKind::KMsb) &&
          e.request >= 2)
        QVERIFY2(e.cycle > argmin[0].cycle,
                 qPrintable(QString("key read of request %1 at %2").arg(e.request).arg(e.cycle)));
    QCOMPARE(run.stats.scoreAdds, std::uint64_t(4 * 200));
    QVERIFY(run.stats.cycles > simulate(tovaSteps(false)).stats.cycles);
  }

  // A row the next step's selection waits for needs its key LSBs: its recompute (pass 1) must
  // go ahead of the next step's first request, which holds the front of Q x K's queue without
  // having started (its keys are gated by that selection). It deadlocked before (the watchdog
  // threw): the gated request kept the unit, the selection waited for the recomputed row.
  void tovaRecomputeGoesAheadOfAGatedRequest() {
    auto w = std::make_shared<Workload>(*tovaSteps(true));
    for (Request& r : w->requests) {
      r.keyMsbBits = 6;
      r.keyLsbBits = 4;
    }
    w->requests[1].refetchLsb = true;  // step 1, head 1
    const Run run = simulate(w);
    QCOMPARE(run.stats.requestsDone, std::uint64_t(4));
    QCOMPARE(run.stats.lsbRefetches, std::uint64_t(1));
    const std::vector<Event> argmin = selections(run, 3);
    QCOMPARE(argmin.size(), std::size_t(1));
    for (const Event& e : run.events)  // the gate still holds: no key of step 2 before the argmin
      if (e.kind == EventKind::DramRequest && e.module == std::uint8_t(DataKind::KMsb) &&
          e.request >= 2)
        QVERIFY(e.cycle > argmin[0].cycle);
  }
};

QTEST_APPLESS_MAIN(TestPolicyHardware)
#include "tst_policy_hardware.moc"
