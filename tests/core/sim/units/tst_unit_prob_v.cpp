// Prob x V (module 11) alone: one value-buffer line (512 / D = 8 values) per cycle once the kept
// indices are known and their values have arrived, av.pipeline_depth = 6 cycles of latency;
// `finished` when the last line leaves; a request with no values waits for the top-k engine's
// release.
#include <QtTest>

#include "core/sim/hw_config.h"
#include "core/sim/stats.h"
#include "core/sim/units/prob_v_unit.h"
#include "tests/core/sim/units/unit_bench.h"

using namespace spatten::core;
using namespace spatten::core::test;

class TestUnitProbV : public QObject {
  Q_OBJECT
private slots:
  void probTimesVOfNValues() {
    UnitBench b({request(0, 0, 64, 20, 64, 8, false)});
    StubData data;
    StubHolder topk;
    ProbVUnit av{HwConfig{}};
    std::vector<std::uint64_t> finished;
    av.finished.connect([&](const Finished&) { finished.push_back(b.act.cycle()); });
    std::vector<ModuleState> states;
    for (int c = 0; c < 20; ++c) {
      if (c == 2) {  // indices 0..11 known and arrived
        av.indices({0, 12});
        data.arrive(0, DataKind::V, 12);
      }
      if (c == 5) {
        av.indices({0, 20});
        data.arrive(0, DataKind::V, 20);
      }
      Activity& act = b.next();
      av.tick(act, b.reqs, data, topk);
      states.push_back(act.state(ModuleId::AttnV));
    }
    // Lines at cycles 2 (8 values), 5 (8), 6 (4): 12 known at 2 are not enough for a second line.
    for (int c = 0; c < 20; ++c)
      QCOMPARE(states[c], (c == 2 || c == 5 || c == 6) ? ModuleState::Busy : ModuleState::Idle);
    QCOMPARE(finished, std::vector<std::uint64_t>{6 + 6});
    QCOMPARE(av.finishedCount(), std::uint64_t(1));
    SimStats s;
    av.addStats(s);
    QCOMPARE(s.avMacs, std::uint64_t(20 * 64));
    QCOMPARE(s.requestsDone, std::uint64_t(1));
    QCOMPARE(b.busy(ModuleId::AttnV),
             (std::vector<std::pair<std::uint64_t, std::uint32_t>>{{2, 5}}));
  }

  void residentValuesWaitForTheWholeHead() {
    UnitBench b({request(0, 0, 16, 16, 16, 8, false)});
    b.reqs[0].resident = true;
    StubData data;
    StubHolder topk;
    ProbVUnit av{HwConfig{}};
    av.indices({0, 16});
    data.arrive(0, DataKind::V, 16);  // arrived, but the head's V fetch is not complete
    for (int c = 0; c < 3; ++c) av.tick(b.next(), b.reqs, data, topk);
    QCOMPARE(b.act.state(ModuleId::AttnV), ModuleState::Idle);
    data.done.insert({0, int(DataKind::V)});
    av.tick(b.next(), b.reqs, data, topk);
    QCOMPARE(b.act.state(ModuleId::AttnV), ModuleState::Busy);
  }

  void noValuesWaitsForTheTopkRelease() {
    UnitBench b({request(0, 0, 16, 0, 16, 8, false)});
    StubData data;
    StubHolder topk;
    topk.held.insert(0);
    ProbVUnit av{HwConfig{}};
    int done = 0;
    av.finished.connect([&](const Finished&) { ++done; });
    for (int c = 0; c < 10; ++c) av.tick(b.next(), b.reqs, data, topk);
    QCOMPARE(done, 0);
    topk.held.clear();
    for (int c = 0; c < 10; ++c) av.tick(b.next(), b.reqs, data, topk);
    QCOMPARE(done, 1);
  }
};

QTEST_APPLESS_MAIN(TestUnitProbV)
#include "tst_unit_prob_v.moc"
