// topk.model = 1, the RTL's TopKDummy as its harness (TestSpAtten) drives it: one request at a
// time at the head of the data FIFO waits TopKLatencyModel's cycles, counted from the cycle its
// first beat is at the head, then pops one beat (8 elements) per cycle; the second request of a
// fused 6-bit pair has latency 0. Expected gaps are worked out by hand from those rules; the
// latencies come from the engine model's logged rounds (the same seeded quick-select rounds).
#include <QtTest/QtTest>
#include <map>
#include <memory>

#include "core/sim/simulator.h"
#include "sim_test_util.h"

using namespace spatten::core;

namespace {
std::shared_ptr<const Workload> heads(int n, int keys, int vals, int bits) {
  std::vector<Request> v;
  for (int h = 0; h < n; ++h) v.push_back(test::request(0, h, keys, vals, keys, bits, false));
  return test::workloadOf(std::move(v));
}
// Per request: TopKLatencyModel's cycles (sum over rounds of ceil(size / P) + 3), from the engine.
// Same seed as the run under test: the seed picks the pivots.
std::map<std::uint32_t, std::uint64_t> latencies(const std::shared_ptr<const Workload>& w,
                                                 HwConfig hw, std::uint64_t seed) {
  hw.topkModel = 0;
  Simulator sim(w, hw, seed, LogLevel::Full);
  sim.run();
  std::map<std::uint32_t, std::uint64_t> lat;
  sim.log().forEach([&](const Event& e) {
    if (e.kind == EventKind::TopkRound && e.module == static_cast<std::uint8_t>(ModuleId::TopkV))
      lat[e.request] += e.duration;
  });
  return lat;
}
// Per request: the cycle its last beat left module 10 (the local-V pruning event).
std::map<std::uint32_t, std::uint64_t> finishes(const Simulator& sim) {
  std::map<std::uint32_t, std::uint64_t> f;
  sim.log().forEach([&](const Event& e) {
    if (e.kind == EventKind::Pruning && e.module == static_cast<std::uint8_t>(ModuleId::TopkV))
      f[e.request] = e.cycle;
  });
  return f;
}
// Runs `w` with the harness's top-k (seed 5) and returns finishes(); the run must complete
// without a FIFO overflow.
std::map<std::uint32_t, std::uint64_t> dummyFinishes(const std::shared_ptr<const Workload>& w,
                                                     HwConfig hw) {
  hw.topkModel = 1;
  Simulator sim(w, hw, 5, LogLevel::Full);
  sim.run();
  if (!sim.finished() || sim.stats().fifoOverflows != 0) return {};
  return finishes(sim);
}
}  // namespace

class TstTopkDummy : public QObject {
  Q_OBJECT
private slots:
  void latencyCountsFromTheFirstBeat() {
    HwConfig hw;
    hw.topkParallelism = 4;
    auto w = heads(1, 500, 100, 8);
    const std::uint64_t latency = latencies(w, hw, 3).at(0);
    QVERIFY(latency > 500 / 4);
    hw.topkModel = 1;
    Simulator sim(w, hw, 3, LogLevel::Full);
    sim.run();
    QVERIFY(sim.finished());
    std::uint64_t first = ~0ull, firstV = ~0ull;
    sim.log().forEach([&](const Event& e) {
      if (e.kind == EventKind::ModuleBusy && e.module == static_cast<std::uint8_t>(ModuleId::TopkV))
        first = std::min(first, e.cycle);
      if (e.kind == EventKind::DramRequest && e.module == static_cast<std::uint8_t>(DataKind::V))
        firstV = std::min(firstV, e.cycle);
    });
    QVERIFY2(firstV >= first + latency,
             qPrintable(QStringLiteral("%1 %2 %3").arg(firstV).arg(first).arg(latency)));
    QVERIFY(firstV <= first + latency + 10);  // the first pop carries V indices at once
    // 500 elements leave as 63 beats of 8, one per cycle, after the latency.
    QCOMPARE(finishes(sim).at(0), first + 1 + latency + 63 - 1);
  }
  void requestsWaitOneAfterAnother() {
    // P = 1 makes module 10 the bottleneck: request i+1's wait starts the cycle after request
    // i's last pop, so consecutive finishes are exactly latency(i+1) + 25 pops (200 / 8) apart.
    HwConfig hw;
    hw.topkParallelism = 1;
    auto w = heads(6, 200, 40, 8);
    const auto lat = latencies(w, hw, 5);
    const auto fin = dummyFinishes(w, hw);
    QCOMPARE(fin.size(), std::size_t(6));
    for (std::uint32_t i = 0; i + 1 < 6; ++i)
      QCOMPARE(fin.at(i + 1) - fin.at(i), lat.at(i + 1) + 25);
  }
  void fusedPartnerHasNoLatency() {
    // 6-bit keys of consecutive heads are fetched as fused pairs (0,1), (2,3). TestSpAtten sets
    // topk_latency only on the first of a pair; topk.dummy_partner_latency = 1 gives each its own.
    HwConfig hw;
    hw.topkParallelism = 1;
    auto w = heads(4, 200, 40, 6);
    const auto lat = latencies(w, hw, 5);
    for (int own : {0, 1}) {
      hw.topkDummyPartnerLatency = own;
      const auto fin = dummyFinishes(w, hw);
      QCOMPARE(fin.size(), std::size_t(4));
      QCOMPARE(fin.at(1) - fin.at(0), (own ? lat.at(1) : 0) + 25);
      QCOMPARE(fin.at(2) - fin.at(1), lat.at(2) + 25);
      QCOMPARE(fin.at(3) - fin.at(2), (own ? lat.at(3) : 0) + 25);
    }
  }
  void skippedAndEmptyRequestsPass() {
    std::vector<Request> v{
        test::request(0, 0, 100, 200, 100, 8, false),  // vals >= keys: no latency
        test::request(0, 1, 0, 0, 1, 8, false), test::request(0, 2, 64, 8, 64, 8, true)};
    HwConfig hw;
    hw.topkModel = 1;
    Simulator sim(test::workloadOf(v), hw, 3);
    sim.run();
    QVERIFY(sim.finished());
    QCOMPARE(sim.stats().requestsDone, std::uint64_t(3));
  }
};

QTEST_APPLESS_MAIN(TstTopkDummy)
#include "tst_topk_dummy.moc"
