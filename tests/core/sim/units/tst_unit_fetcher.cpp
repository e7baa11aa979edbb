// The fetcher (modules 3-6) alone with the HBM2 stack: at most fetcher.lanes transactions per
// cycle into the lane FIFOs, priority LSB > V > Q/K, V limited to the indices the top-k engine has
// emitted, a full lane stalls, at most one transaction per channel per cycle through the address
// crossbar, vectors ready in request order, data released by owner and kind.
#include <QtTest>

#include "core/sim/hw_config.h"
#include "core/sim/stats.h"
#include "core/sim/units/dram_layout.h"
#include "core/sim/units/fetcher.h"
#include "core/sim/units/hbm2.h"
#include "tests/core/sim/units/unit_bench.h"

using namespace spatten::core;
using namespace spatten::core::test;

namespace {

FetchCommand fetchOf(const Workload& w, std::uint32_t owner, DataKind kind, int vectors,
                     FetchQueue q, std::uint32_t limit = kNone) {
  std::vector<std::uint32_t> tokens(static_cast<std::size_t>(vectors));
  for (int i = 0; i < vectors; ++i)
    tokens[static_cast<std::size_t>(i)] = static_cast<std::uint32_t>(i);
  FetchCommand c;
  c.owner = c.request = owner;
  c.kind = kind;
  c.queue = q;
  c.issueLimit = limit;
  c.plan = planVectors(w.requests[owner], std::max(1, w.model.heads), kind, tokens);
  return c;
}

// Drains the lanes through the crossbar into HBM2 and back, one cycle.
void cycle(Fetcher& f, Hbm2& hbm, Activity& act) {
  hbm.tick(act, f);
  f.receive(hbm.arrivals());
  f.tickCrossbar(hbm);
  f.tickIssue(act);
}

}  // namespace

class TestUnitFetcher : public QObject {
  Q_OBJECT
private slots:
  void issueRateAndOrderedReadiness() {
    // 64 keys of 8-bit x 64 = 64 B: 128 transactions; 32 per cycle.
    UnitBench b({request(0, 0, 64, 64, 64, 8, false)});
    HwConfig hw;
    Fetcher f(hw);
    Hbm2 hbm(hw);
    f.command(fetchOf(*b.workload, 0, DataKind::KMsb, 64, FetchQueue::QueryKey));
    std::uint32_t lastReady = 0;
    int cycles = 0;
    while (!f.complete(0, DataKind::KMsb) && cycles < 10000) {
      Activity& act = b.next();
      cycle(f, hbm, act);
      QVERIFY(f.readyVectors(0, DataKind::KMsb) >= lastReady);  // never goes back
      lastReady = f.readyVectors(0, DataKind::KMsb);
      if (cycles < 4) QCOMPARE(act.state(ModuleId::Fetcher), ModuleState::Busy);
      ++cycles;
    }
    QCOMPARE(f.readyVectors(0, DataKind::KMsb), std::uint32_t(64));
    SimStats s;
    f.addStats(s);
    hbm.addStats(s);
    QCOMPARE(s.requestedBytes[0], std::uint64_t(128 * 32));
    QCOMPARE(s.dramBytes[0], std::uint64_t(128 * 32));
    QCOMPARE(s.dramTransactions, std::uint64_t(128));
  }

  void prioritiesAndValueIssueLimit() {
    UnitBench b({request(0, 0, 64, 64, 64, 8, false)});
    HwConfig hw;
    hw.fetchLanes = 4;
    Fetcher f(hw);
    Hbm2 hbm(hw);
    f.command(fetchOf(*b.workload, 0, DataKind::KMsb, 8, FetchQueue::QueryKey));  // 16 tx
    f.command(fetchOf(*b.workload, 0, DataKind::V, 8, FetchQueue::Value, 0));     // limited
    f.command(fetchOf(*b.workload, 0, DataKind::KLsb, 8, FetchQueue::Lsb));       // 8 tx
    int lsbDone = -1, kDone = -1;
    for (int c = 0; c < 400; ++c) {
      if (c == 100) f.valueIndices({0, 2});  // two values may go now
      cycle(f, hbm, b.next());
      if (lsbDone < 0 && f.complete(0, DataKind::KLsb)) lsbDone = c;
      if (kDone < 0 && f.complete(0, DataKind::KMsb)) kDone = c;
    }
    // The LSB refetch goes first; V is held at 0 indices (K goes on), then exactly 2 values go.
    QVERIFY(lsbDone >= 0 && kDone > lsbDone);
    QVERIFY(kDone < 100);
    QCOMPARE(f.readyVectors(0, DataKind::V), std::uint32_t(2));
    QVERIFY(!f.complete(0, DataKind::V));
    f.release(0, 1u << unsigned(DataKind::KLsb));
    QVERIFY(!f.has(0, DataKind::KLsb));
    QVERIFY(f.has(0, DataKind::KMsb));
  }

  void aFullyIssuedJobLeavesItsQueue() {
    // Regression: a job whose last transaction went out with the last of the cycle's budget
    // stayed at its queue's head; released (its request finished) before the queue was visited
    // again, it was issued from a freed slot (SIGSEGV on gpt2-medium-wt2 with spatten-1of8).
    UnitBench b({request(0, 0, 64, 64, 64, 8, false)});
    HwConfig hw;
    hw.fetchLanes = 4;
    Fetcher f(hw);
    f.command(fetchOf(*b.workload, 0, DataKind::KMsb, 2, FetchQueue::QueryKey));  // 4 tx
    f.tickIssue(b.next());  // all 4 issued with the last of the budget
    f.release(0, 1u << unsigned(DataKind::KMsb));
    Activity& act = b.next();
    f.tickIssue(act);  // nothing left to issue (the released slot is not visited)
    QCOMPARE(act.state(ModuleId::Fetcher), ModuleState::Idle);
    f.command(fetchOf(*b.workload, 0, DataKind::V, 0, FetchQueue::Value));  // no transaction
    QVERIFY(f.complete(0, DataKind::V));  // complete at once, never queued
    f.tickIssue(b.next());
  }

  void fullLaneStalls() {
    UnitBench b({request(0, 0, 64, 64, 64, 8, false)});
    HwConfig hw;
    hw.fetchLanes = 2;
    hw.addrFifoDepth = 2;
    Fetcher f(hw);
    f.command(fetchOf(*b.workload, 0, DataKind::KMsb, 64, FetchQueue::QueryKey));
    std::vector<ModuleState> states;
    for (int c = 0; c < 3; ++c) {
      Activity& act = b.next();
      f.tickIssue(act);  // nothing drains the lanes
      states.push_back(act.state(ModuleId::Fetcher));
    }
    QCOMPARE(states, (std::vector<ModuleState>{ModuleState::Busy, ModuleState::Busy,
                                               ModuleState::Stalled}));
  }

  void oneTransactionPerChannelPerCycle() {
    // Every transaction of a request's Q and K goes to a channel chosen by address bits [5..9):
    // 16 lanes whose heads all target channel 0 move one transaction per cycle.
    UnitBench b({request(0, 0, 64, 64, 64, 8, false)});
    HwConfig hw;
    Fetcher f(hw);
    Hbm2 hbm(hw);
    // 64 B vectors: transactions of vector j are 2j and 2j+1 -> channels (2j) % 16 and (2j+1) % 16.
    f.command(fetchOf(*b.workload, 0, DataKind::KMsb, 64, FetchQueue::QueryKey));
    Activity& a0 = b.next();
    f.tickIssue(a0);  // 32 transactions in 32 lanes: channels 0..15 twice
    Activity& a1 = b.next();
    hbm.tick(a1, f);
    f.tickCrossbar(hbm);
    QCOMPARE(f.lanesEmpty(), false);  // 16 moved (one per channel), 16 wait
  }
};

QTEST_APPLESS_MAIN(TestUnitFetcher)
#include "tst_unit_fetcher.moc"
