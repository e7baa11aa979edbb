// Stepping moves forward in the order the datapath processes requests (issue 13, bug 2): with
// LSB refetches, Q x K goes back to recompute older requests, so a step "to the next layer" judged
// by the request Q x K works on bounced between layers. Steps follow the frontier instead.
#include <QtTest>

#include "core/sim/sim_session.h"
#include "core/sim/simulator.h"
#include "tests/core/sim/sim_test_util.h"

using namespace spatten::core;
using namespace spatten::core::test;

namespace {

// Three layers of two heads, four queries of 300 keys each; every request refetches its LSBs.
std::shared_ptr<const Workload> refetchingWorkload() {
  std::vector<Request> rs;
  for (int layer = 0; layer < 3; ++layer)
    for (int head = 0; head < 2; ++head)
      for (int q = 0; q < 4; ++q) rs.push_back(request(layer, head, 300, 60, 300, 8, true));
  return workloadOf(rs);
}

using Position = std::pair<int, int>;  // (layer, head)

Position at(const Simulator& sim) {
  const Request& r = sim.workload().requests[static_cast<std::size_t>(sim.frontierRequest())];
  return {r.layer, r.head};
}

}  // namespace

class TestStepping : public QObject {
  Q_OBJECT
private slots:
  void theCursorGoesBackWhileRecomputing() {
    // The premise: Q x K does return to older requests in this workload.
    Simulator sim(refetchingWorkload(), HwConfig{}, 1);
    std::int64_t maxSeen = -1;
    bool wentBack = false;
    while (!sim.finished()) {
      sim.step();
      const std::int64_t c = sim.currentRequest();
      if (c >= 0 && c < maxSeen) wentBack = true;
      maxSeen = std::max(maxSeen, c);
      QVERIFY(sim.frontierRequest() >= 0 || c < 0);
    }
    QVERIFY(wentBack);
  }

  void layerStepsMoveForward() {
    Simulator sim(refetchingWorkload(), HwConfig{}, 1);
    std::vector<int> layers;
    while (sim.stepTo(Granularity::Layer)) layers.push_back(at(sim).first);
    QCOMPARE(layers, (std::vector<int>{0, 1, 2}));
  }

  void headStepsMoveForwardInBothApis() {
    Simulator sim(refetchingWorkload(), HwConfig{}, 1);
    SimSession session(sim);
    std::vector<Position> direct, viaSession;
    while (sim.stepTo(Granularity::Head)) direct.push_back(at(sim));
    while (session.stepTo(Granularity::Head)) viaSession.push_back(at(session.sim()));
    const std::vector<Position> want = {{0, 0}, {0, 1}, {1, 0}, {1, 1}, {2, 0}, {2, 1}};
    QCOMPARE(direct, want);
    QCOMPARE(viaSession, want);
  }

  void queryStepsVisitEveryRequestOnce() {
    Simulator sim(refetchingWorkload(), HwConfig{}, 1);
    std::vector<std::int64_t> seen;
    while (sim.stepTo(Granularity::Query)) seen.push_back(sim.frontierRequest());
    QCOMPARE(seen.size(), sim.workload().requests.size());
    for (std::size_t i = 0; i < seen.size(); ++i) QCOMPARE(seen[i], std::int64_t(i));
  }

  void breakpointOnALayerStopsAtItsFirstRequest() {
    Simulator sim(refetchingWorkload(), HwConfig{}, 1);
    Breakpoint bp;
    bp.layer = 1;
    QVERIFY(sim.runUntil(bp));
    QCOMPARE(sim.frontierRequest(), std::int64_t(8));
    // Recomputations of layer 0 after this point do not stop a run to layer 2.
    bp.layer = 2;
    QVERIFY(sim.runUntil(bp));
    QCOMPARE(sim.frontierRequest(), std::int64_t(16));
  }
};

QTEST_APPLESS_MAIN(TestStepping)
#include "tst_stepping.moc"
