// The controller (front end) alone: admission in order with key-buffer lines
// (ceil(keys / (512 / D)) per request, 2x for a fused pair), the request limit of the buffer
// managers, residency groups (one K / V fetch per summarization head, one K fetch per fused pair)
// and releases at the decision (key lines) and at the end (value lines, fetched data).
#include <QtTest>

#include "core/sim/hw_config.h"
#include "core/sim/units/controller.h"
#include "tests/core/sim/units/unit_bench.h"

using namespace spatten::core;
using namespace spatten::core::test;

namespace {

struct ControllerBench {
  HwConfig hw;
  std::shared_ptr<const Workload> w;
  Activity act;
  RequestTable reqs;
  BufferManager keys, values;
  Controller ctl;
  std::vector<FetchCommand> fetches;
  std::vector<std::uint32_t> admitted;
  std::vector<Controller::Release> releases;
  std::uint64_t cycle = 0;

  explicit ControllerBench(std::vector<Request> rs)
      : w(workloadOf(std::move(rs))),
        act(w, LogLevel::Modules),
        keys(static_cast<std::uint32_t>(hw.keyBufferLines()), 16),
        values(static_cast<std::uint32_t>(hw.valueBufferLines()), 16),
        ctl(w, hw, 1) {
    ctl.fetch.connect([this](const FetchCommand& c) { fetches.push_back(c); });
    ctl.admittedOut.connect([this](std::uint32_t r) { admitted.push_back(r); });
    ctl.release.connect([this](const Controller::Release& r) { releases.push_back(r); });
  }
  ModuleState tick() {
    act.beginCycle(cycle++);
    ctl.tick(act, reqs, keys, values);
    return act.state(ModuleId::Fetcher);
  }
};

Request summarization(int head, int query, int keys) {
  Request r = request(0, head, keys, keys / 2, keys, 8, false);
  r.stage = Stage::Summarization;
  r.query = query;
  return r;
}

}  // namespace

class TestUnitController : public QObject {
  Q_OBJECT
private slots:
  void admissionTakesKeyLines() {
    ControllerBench b({request(0, 0, 100, 20, 100, 8, false)});
    b.tick();
    QCOMPARE(b.admitted, std::vector<std::uint32_t>{0});
    QCOMPARE(b.keys.used(), std::uint32_t(13));  // ceil(100 / 8)
    QCOMPARE(b.keys.requests(), std::uint32_t(1));
    QCOMPARE(b.fetches.size(), std::size_t(2));  // Q, then the keys
    QCOMPARE(b.fetches[0].kind, DataKind::Q);
    QCOMPARE(b.fetches[1].kind, DataKind::KMsb);
    QCOMPARE(b.fetches[1].plan->vecEndTx.size(), std::size_t(100));
    QVERIFY(b.reqs[0].topk != nullptr);
    QCOMPARE(b.reqs[0].topk->kept.size(), std::size_t(20));
    b.ctl.decided({0, 0}, b.reqs, b.keys);
    QCOMPARE(b.keys.used(), std::uint32_t(0));
    QCOMPARE(b.keys.requests(), std::uint32_t(0));
  }

  void stallsWhenTheKeyBufferIsFull() {
    // 1000 keys: 125 of the 256 lines each; the third waits.
    ControllerBench b({request(0, 0, 1000, 10, 1000, 8, false),
                       request(0, 1, 1000, 10, 1000, 8, false),
                       request(0, 2, 1000, 10, 1000, 8, false)});
    QCOMPARE(b.tick(), ModuleState::Idle);
    QCOMPARE(b.tick(), ModuleState::Idle);
    QCOMPARE(b.tick(), ModuleState::Stalled);
    QCOMPARE(b.admitted.size(), std::size_t(2));
    b.ctl.decided({0, 0}, b.reqs, b.keys);
    b.tick();
    QCOMPARE(b.admitted.size(), std::size_t(3));
  }

  void requestLimit() {
    std::vector<Request> rs;
    for (int i = 0; i < 20; ++i) rs.push_back(request(0, i, 8, 4, 8, 8, false));
    ControllerBench b(rs);
    for (int c = 0; c < 20; ++c) QCOMPARE(b.tick(), ModuleState::Idle);  // waits, no stall
    QCOMPARE(b.admitted.size(), std::size_t(16));
  }

  void fusedPairSharesOneKeyFetch() {
    // 6-bit keys at D = 64: 48 B, not whole transactions, but two heads' 96 B are.
    ControllerBench b({request(0, 0, 40, 10, 40, 6, true), request(0, 1, 40, 10, 40, 6, true)});
    b.tick();
    b.tick();
    QCOMPARE(b.fetches.size(), std::size_t(3));                       // Q0, K (fused), Q1
    QCOMPARE(b.fetches[1].plan->txAddr.size(), std::size_t(40 * 3));  // 96 B per key
    QCOMPARE(b.keys.used(), std::uint32_t(2 * 5));                    // two heads' lines
    QCOMPARE(b.reqs[1].kOwner, std::uint32_t(0));
    QCOMPARE(b.reqs[1].lsbOwner, std::uint32_t(1));  // its own LSB planes
    QCOMPARE(int(b.reqs[1].fuseRole), 2);
  }

  void summarizationHeadIsOneGroup() {
    ControllerBench b({summarization(0, 0, 32), summarization(0, 1, 32), summarization(0, 2, 32)});
    for (int c = 0; c < 3; ++c) b.tick();
    QCOMPARE(b.fetches.size(), std::size_t(5));  // Q0, K, V, Q1, Q2
    QCOMPARE(b.fetches[2].kind, DataKind::V);
    QCOMPARE(b.fetches[2].queue, FetchQueue::Value);
    QCOMPARE(b.values.used(), std::uint32_t(4));  // the head's values, ceil(32 / 8)
    QCOMPARE(b.reqs[2].vOwner, std::uint32_t(0));
    // Lines go when the last query of the head is decided / finished.
    for (std::uint32_t r = 0; r < 3; ++r) b.ctl.decided({r, 0}, b.reqs, b.keys);
    QCOMPARE(b.keys.used(), std::uint32_t(0));
    for (std::uint32_t r = 0; r < 2; ++r) b.ctl.finished({r}, b.reqs, b.keys, b.values);
    QCOMPARE(b.values.used(), std::uint32_t(4));
    b.ctl.finished({2}, b.reqs, b.keys, b.values);
    QCOMPARE(b.values.used(), std::uint32_t(0));
    // Releases: each query's Q; the head's K, V and LSBs with the last one.
    QCOMPARE(b.releases.size(), std::size_t(4));
    QCOMPARE(b.releases[2].owner, std::uint32_t(0));
    QCOMPARE(b.releases[2].kindMask, (1u << 0) | (1u << 1) | (1u << 2));
  }
};

QTEST_APPLESS_MAIN(TestUnitController)
#include "tst_unit_controller.moc"
