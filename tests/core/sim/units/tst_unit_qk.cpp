// Q x K (module 7) alone, ports driven by hand: one key-buffer line (512 / D = 8 keys) per cycle,
// qk.pipeline_depth = 8 cycles to the softmax FIFO, idle while keys are missing, stalled when the
// softmax FIFO has no room for the line plus the scores in flight, pass-1 re-issue priority.
#include <QtTest>

#include "core/sim/hw_config.h"
#include "core/sim/stats.h"
#include "core/sim/units/qk_unit.h"
#include "tests/core/sim/units/unit_bench.h"

using namespace spatten::core;
using namespace spatten::core::test;

namespace {

UnitBench benchOf(std::vector<int> keys) {
  std::vector<Request> rs;
  for (int k : keys) rs.push_back(request(0, 0, k, k, k, 8, false));
  return UnitBench(rs);
}

void ready(StubData& data, std::uint32_t r, std::uint32_t keys) {
  data.done.insert({r, int(DataKind::Q)});
  data.arrive(r, DataKind::KMsb, keys);
}

}  // namespace

class TestUnitQk : public QObject {
  Q_OBJECT
private slots:
  void scoresOfNKeys() {
    UnitBench b = benchOf({20});
    StubData data;
    ready(data, 0, 20);
    QkUnit qk{HwConfig{}};
    qk.admitted(0);
    std::vector<std::pair<std::uint64_t, Beat>> out;
    for (int c = 0; c < 12; ++c) {
      Activity& act = b.next();
      while (qk.scoresOut().ready(act.cycle())) out.emplace_back(act.cycle(), qk.scoresOut().pop());
      qk.tick(act, b.reqs, data, 128);
      QCOMPARE(act.state(ModuleId::QxK), c < 3 ? ModuleState::Busy : ModuleState::Idle);
    }
    // Lines issued at cycles 0, 1, 2 (8 + 8 + 4 keys) leave the adder tree 8 cycles later.
    QCOMPARE(out.size(), std::size_t(3));
    QCOMPARE(out[0].first, std::uint64_t(8));
    QCOMPARE(out[2].first, std::uint64_t(10));
    QCOMPARE(int(out[0].second.count), 8);
    QCOMPARE(int(out[2].second.count), 4);
    QVERIFY(out[2].second.last && !out[1].second.last);
    QCOMPARE(b.busy(ModuleId::QxK), (std::vector<std::pair<std::uint64_t, std::uint32_t>>{{0, 3}}));
    SimStats s;
    qk.addStats(s);
    QCOMPARE(s.qkMacs, std::uint64_t(20 * 64));
    QCOMPARE(s.keysScored, std::uint64_t(20));
  }

  void idleWhileKeysAreMissing() {
    UnitBench b = benchOf({20});
    StubData data;
    ready(data, 0, 10);  // only the first 10 keys have arrived
    QkUnit qk{HwConfig{}};
    qk.admitted(0);
    std::vector<ModuleState> states;
    for (int c = 0; c < 6; ++c) {
      if (c == 3) data.arrive(0, DataKind::KMsb, 20);
      Activity& act = b.next();
      qk.tick(act, b.reqs, data, 128);
      states.push_back(act.state(ModuleId::QxK));
    }
    const std::vector<ModuleState> want = {ModuleState::Busy, ModuleState::Idle, ModuleState::Idle,
                                           ModuleState::Busy, ModuleState::Busy, ModuleState::Idle};
    QCOMPARE(states, want);
  }

  void creditStallsOnTheSoftmaxFifo() {
    UnitBench b = benchOf({32});
    StubData data;
    ready(data, 0, 32);
    QkUnit qk{HwConfig{}};
    qk.admitted(0);
    Activity& a0 = b.next();
    qk.tick(a0, b.reqs, data, 12);  // 8 <= 12 free scores
    QCOMPARE(a0.state(ModuleId::QxK), ModuleState::Busy);
    Activity& a1 = b.next();
    qk.tick(a1, b.reqs, data, 12);  // 8 in flight + 8 > 12
    QCOMPARE(a1.state(ModuleId::QxK), ModuleState::Stalled);
    QCOMPARE(qk.scoresOut().elements(), std::uint32_t(8));
  }

  void recomputeGoesAheadOfWaitingFirstPasses() {
    UnitBench b = benchOf({16, 8, 8});
    StubData data;
    for (std::uint32_t r = 0; r < 3; ++r) ready(data, r, 16);
    data.arrive(2, DataKind::KLsb, 8);
    QkUnit qk{HwConfig{}};
    qk.admitted(0);
    qk.admitted(1);
    qk.tick(b.next(), b.reqs, data, 128);  // request 0 keeps the unit
    qk.recompute({2}, ScoreSelect{});  // no selection plan: nothing gated
    std::vector<std::pair<std::int64_t, int>> order;
    for (int c = 0; c < 3; ++c) {
      qk.tick(b.next(), b.reqs, data, 128);
      order.emplace_back(qk.current(), qk.currentPass());
    }
    const std::vector<std::pair<std::int64_t, int>> want = {{0, 0}, {2, 1}, {1, 0}};
    QCOMPARE(order, want);
    SimStats s;
    qk.addStats(s);
    QCOMPARE(s.qkMacsRecompute, std::uint64_t(8 * 64));
  }

  // A first pass that has not started and whose keys a selection still gates does not keep the
  // unit: the recompute goes ahead of it too (the selection may wait for the recomputed row).
  void recomputeGoesAheadOfAGatedUnstartedFront() {
    UnitBench b = benchOf({16, 8, 8});
    StubData data;
    for (std::uint32_t r = 0; r < 3; ++r) ready(data, r, 16);
    data.arrive(2, DataKind::KLsb, 8);
    SelectPlan plan;
    plan.gate = {0, kNone, kNone};  // request 0 waits for job 0
    plan.triggerOf = {kNone, kNone, kNone};
    plan.scoreAdds = {0, 0, 0};
    plan.jobs = {SelectJob{0, 1, 8, 0, true}};  // one trigger still to come
    const ScoreSelect gated(std::make_shared<const SelectPlan>(plan));
    QVERIFY(!gated.released(0) && gated.released(1));
    QkUnit qk{HwConfig{}};
    qk.admitted(0);
    qk.admitted(1);
    qk.recompute({2}, gated);
    qk.tick(b.next(), b.reqs, data, 128);
    QCOMPARE(qk.current(), std::int64_t(2));
    QCOMPARE(qk.currentPass(), 1);
    // Once started, the front keeps the unit, gated or not.
    QkUnit qk2{HwConfig{}};
    qk2.admitted(0);
    qk2.tick(b.next(), b.reqs, data, 128);
    qk2.recompute({2}, gated);
    qk2.tick(b.next(), b.reqs, data, 128);
    QCOMPARE(qk2.current(), std::int64_t(0));
  }
};

QTEST_APPLESS_MAIN(TestUnitQk)
#include "tst_unit_qk.moc"
