// Softmax (module 8) alone: the paper's pipeline (phase A 7 + 21 + 23 = 51 cycles; phase B
// streams once the sum is known, 29 + 7 = 36 cycles to the hold buffer) and the RTL pass-through
// (one register stage), both flow-controlled by the hold-buffer credit. Timings by hand.
#include <QtTest>

#include "core/sim/hw_config.h"
#include "core/sim/stats.h"
#include "core/sim/units/softmax_unit.h"
#include "core/sim/units/variants.h"
#include "tests/core/sim/units/unit_bench.h"

using namespace spatten::core;
using namespace spatten::core::test;

namespace {

using Arrivals = std::vector<std::pair<std::uint64_t, int>>;  // (cycle out, elements)

// Two beats of 8 scores (16 in all) of request 0 enter the input FIFO at cycles 1 and 2.
Arrivals run(const HwConfig& hw, HoldCredit credit, int cycles, UnitBench& b) {
  auto sm = makeSoftmax(hw);
  BeatPipe scores(1);
  Arrivals out;
  for (int c = 0; c < cycles; ++c) {
    Activity& act = b.next();
    if (c < 2) scores.push(Beat{.request = 0, .count = 8, .pass = 0, .last = c == 1}, act.cycle());
    while (sm->probsOut().ready(act.cycle()))
      out.emplace_back(act.cycle(), sm->probsOut().pop().count);
    sm->tick(act, scores, credit);
  }
  return out;
}

}  // namespace

class TestUnitSoftmax : public QObject {
  Q_OBJECT
private slots:
  void pipelineOfNScores() {
    UnitBench b({request(0, 0, 16, 16, 16, 8, false)});
    const Arrivals out = run(HwConfig{}, {4096, 0}, 100, b);
    // Scores enter phase A at cycles 1 and 2 and leave it at 52 and 53; the sum is known at 53,
    // phase B emits at 53 and 54; 36 cycles later they reach the hold buffer.
    QCOMPARE(out, (Arrivals{{89, 8}, {90, 8}}));
    QCOMPARE(b.busy(ModuleId::Softmax),
             (std::vector<std::pair<std::uint64_t, std::uint32_t>>{{1, 54}}));
  }

  void phaseBWaitsForHoldBufferCredit() {
    UnitBench b({request(0, 0, 16, 16, 16, 8, false), request(0, 0, 8, 8, 8, 8, false)});
    // No room in the hold buffer and the top-k engine waits for another request: phase B stalls.
    const Arrivals out = run(HwConfig{}, {0, 1}, 100, b);
    QVERIFY(out.empty());
    QCOMPARE(b.act.state(ModuleId::Softmax), ModuleState::Stalled);
  }

  void theRequestTheTopkWaitsForAlwaysFlows() {
    UnitBench b({request(0, 0, 16, 16, 16, 8, false)});
    const Arrivals out = run(HwConfig{}, {0, 0}, 100, b);
    QCOMPARE(out, (Arrivals{{89, 8}, {90, 8}}));
  }

  void rtlPassthrough() {
    HwConfig hw;
    hw.softmaxPassthrough = 1;
    UnitBench b({request(0, 0, 16, 16, 16, 8, false)});
    const Arrivals out = run(hw, {4096, 0}, 10, b);
    QCOMPARE(out, (Arrivals{{2, 8}, {3, 8}}));  // one register stage
    QCOMPARE(b.busy(ModuleId::Softmax),
             (std::vector<std::pair<std::uint64_t, std::uint32_t>>{{1, 2}}));
  }

  void wideBeatsAreSplitIntoLanes() {
    UnitBench b({request(0, 0, 16, 16, 16, 8, false)});
    HwConfig hw;
    hw.softmaxPassthrough = 1;
    auto sm = makeSoftmax(hw);
    BeatPipe scores(1);
    scores.push(Beat{.request = 0, .count = 16, .pass = 0, .last = true},
                0);  // 16 scores in one beat: two cycles of 8 lanes
    Arrivals out;
    for (int c = 0; c < 6; ++c) {
      Activity& act = b.next();
      while (sm->probsOut().ready(act.cycle()))
        out.emplace_back(act.cycle(), sm->probsOut().pop().count);
      sm->tick(act, scores, {4096, 0});
    }
    QCOMPARE(out, (Arrivals{{2, 8}, {3, 8}}));
    SimStats s;
    sm->addStats(s);
    QCOMPARE(s.softmaxElements, std::uint64_t(16));
    QCOMPARE(s.fifoOverflows, std::uint64_t(0));
  }
};

QTEST_APPLESS_MAIN(TestUnitSoftmax)
#include "tst_unit_softmax.moc"
