// The local-V top-k engines (module 10) alone, hand-driven: the Alg. 3 engine fills at 16
// elements per cycle (fill cycles count towards round 0), takes ceil(size / P) + 3 cycles per
// quick-select round, then its zero eliminator scans P elements per cycle plus log2(P) drain
// stages; the RTL harness's dummy waits the rounds' latency from its first beat, then pops one
// beat per cycle. Kept indices equal the functional top-k's.
#include <QtTest>
#include <random>

#include "core/sim/hw_config.h"
#include "core/sim/stats.h"
#include "core/sim/units/local_topk.h"
#include "core/sim/units/variants.h"
#include "tests/core/sim/units/unit_bench.h"

using namespace spatten::core;
using namespace spatten::core::test;

namespace {

struct TopkBench {
  UnitBench b;
  HoldBuffer hold{4096, 8};
  BufferManager values{256, 16};
  std::unique_ptr<LocalTopkEngine> engine;
  std::vector<std::pair<std::uint64_t, FetchCommand>> fetches;
  std::vector<std::uint32_t> emitted;
  TopKResult result;

  TopkBench(int n, int k, const HwConfig& hw) : b(workload(n, k)) {
    std::mt19937_64 pivots(7);
    result = topkSelect(*b.workload->requests[0].probs, static_cast<std::size_t>(k), pivots);
    b.reqs[0].topk = std::make_shared<const TopKResult>(result);
    engine = makeLocalTopkEngine(b.workload, hw);
    engine->fetch.connect(
        [this](const FetchCommand& c) { fetches.emplace_back(b.act.cycle(), c); });
    engine->indices.connect([this](const ValueIndices& v) { emitted.push_back(v.emitted); });
    for (int i = 0; i < n; i += 8)
      hold.add(Beat{.request = 0,
                    .count = static_cast<std::uint32_t>(std::min(8, n - i)),
                    .pass = 0,
                    .last = i + 8 >= n});
    engine->decided({0, 0});
  }
  static std::vector<Request> workload(int n, int k) {
    Request r = request(0, 0, n, k, n, 8, false);
    auto probs = std::make_shared<std::vector<float>>();
    for (int i = 0; i < n; ++i) probs->push_back(static_cast<float>((i * 37) % n) / n);
    r.probs = probs;
    return {r};
  }
  // Ticks until the engine releases request 0; returns the cycle of the Pruning event.
  std::uint64_t runToEnd() {
    for (int c = 0; c < 10000 && engine->holds(0); ++c) {
      LocalTopkEngine::Io io{b.next(), b.reqs, hold, values};
      engine->tick(io);
    }
    std::uint64_t at = 0;
    b.act.events().forEach([&](const Event& e) {
      if (e.kind == EventKind::Pruning) at = e.cycle;
    });
    return at;
  }
};

}  // namespace

class TestUnitTopk : public QObject {
  Q_OBJECT
private slots:
  void quickSelectRoundsAndZeroEliminator() {
    HwConfig hw;  // P = 16
    TopkBench t(64, 8, hw);
    const std::uint64_t end = t.runToEnd();
    // Rounds back to back from cycle 0 (the 4 fill cycles are part of round 0).
    std::vector<std::pair<std::uint64_t, std::uint32_t>> rounds, want;
    t.b.act.events().forEach([&](const Event& e) {
      if (e.kind == EventKind::TopkRound) rounds.emplace_back(e.cycle, e.duration);
    });
    std::uint64_t start = 0;
    for (const TopKRound& rd : t.result.rounds) {
      const std::uint32_t d = (rd.inputSize + 15) / 16 + 3;
      want.emplace_back(start, d);
      start += d;
    }
    QCOMPARE(rounds, want);
    // The last round ends at start - 1; the hand-over takes a cycle, the zero eliminator starts
    // the next: 64 / 16 = 4 scan cycles + log2(16) = 4 drain stages.
    QCOMPARE(end, start - 1 + 2 + 4 + 4 - 1);
    QCOMPARE(t.emitted.back(), std::uint32_t(8));
    QVERIFY(std::is_sorted(t.emitted.begin(), t.emitted.end()));
    QCOMPARE(t.fetches.size(), std::size_t(1));
    QCOMPARE(t.fetches[0].second.kind, DataKind::V);
    QCOMPARE(t.fetches[0].second.issueLimit, std::uint32_t(0));
    QCOMPARE(t.fetches[0].second.plan->vecEndTx.size(), t.result.kept.size());
    QCOMPARE(t.b.busy(ModuleId::TopkV),
             (std::vector<std::pair<std::uint64_t, std::uint32_t>>{{0, std::uint32_t(end + 1)}}));
    QCOMPARE(t.values.used(), std::uint32_t(1));  // ceil(8 values / 8 per line)
  }

  void valueBufferFullStallsTheFilter() {
    HwConfig hw;
    TopkBench t(64, 8, hw);
    t.values.take(256);  // no free line
    for (int c = 0; c < 200; ++c) {
      LocalTopkEngine::Io io{t.b.next(), t.b.reqs, t.hold, t.values};
      t.engine->tick(io);
    }
    QVERIFY(t.engine->holds(0));
    QVERIFY(t.fetches.empty());
    QCOMPARE(t.b.act.state(ModuleId::TopkV), ModuleState::Stalled);
  }

  void rtlDummyWaitsThenPops() {
    HwConfig hw;
    hw.topkModel = 1;
    TopkBench t(64, 8, hw);
    std::uint32_t latency = 0;
    for (const TopKRound& rd : t.result.rounds) latency += (rd.inputSize + 15) / 16 + 3;
    const std::uint64_t end = t.runToEnd();
    // Beats enter one per cycle from cycle 0; the wait counts cycles 1..latency; then 8 pops.
    QCOMPARE(end, std::uint64_t(latency + 8));
    QCOMPARE(t.emitted.front(), std::uint32_t(8));  // the first 8-element pop carries all 8
    SimStats s;
    t.engine->addStats(s);
    QCOMPARE(s.valuesKept, std::uint64_t(8));
  }
};

QTEST_APPLESS_MAIN(TestUnitTopk)
#include "tst_unit_topk.moc"
