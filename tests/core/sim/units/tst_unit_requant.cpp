// Progressive quantization (module 9) alone: the refetch decision requant.decision_latency (1)
// cycle after a request's last probability: with refetch, the pass-0 probabilities leave the hold
// buffer, one priority K-LSB fetch per residency group goes out, Q x K gets the pass-1 task and an
// LsbRefetch event is logged; the final decision goes to the controller and the top-k engine.
#include <QtTest>

#include "core/sim/hw_config.h"
#include "core/sim/stats.h"
#include "core/sim/units/requant_unit.h"
#include "tests/core/sim/units/unit_bench.h"

using namespace spatten::core;
using namespace spatten::core::test;

class TestUnitRequant : public QObject {
  Q_OBJECT

  struct Outputs {
    std::vector<std::pair<std::uint64_t, FetchCommand>> fetches;
    std::vector<std::pair<std::uint64_t, std::uint32_t>> recomputes;
    std::vector<std::pair<std::uint64_t, Decided>> decided;
  };
  static void connect(RequantUnit& rq, UnitBench& b, Outputs& o) {
    rq.fetch.connect([&](const FetchCommand& c) { o.fetches.emplace_back(b.act.cycle(), c); });
    rq.recompute.connect(
        [&](const Recompute& r) { o.recomputes.emplace_back(b.act.cycle(), r.request); });
    rq.decided.connect([&](const Decided& d) { o.decided.emplace_back(b.act.cycle(), d); });
  }

private slots:
  void refetchDecision() {
    // 20 keys of 6-bit MSBs + 4-bit LSBs, D = 64: the LSB fetch is 20 x 32 B.
    UnitBench b({request(0, 0, 20, 4, 20, 6, true)});
    StubData data;
    RequantUnit rq(b.workload, HwConfig{});
    Outputs o;
    connect(rq, b, o);
    BeatPipe probs(1);
    for (int c = 0; c < 10; ++c) {
      Activity& act = b.next();
      if (c < 3)
        probs.push(Beat{.request = 0, .count = c < 2 ? 8u : 4u, .pass = 0, .last = c == 2},
                   act.cycle());
      if (c == 6) probs.push(Beat{.request = 0, .count = 8, .pass = 1, .last = false}, act.cycle());
      if (c == 7) probs.push(Beat{.request = 0, .count = 12, .pass = 1, .last = true}, act.cycle());
      rq.tick(act, b.reqs, probs, data, 0);
      if (c == 3) {  // the last pass-0 beat arrived at cycle 3: three beats held
        QCOMPARE(rq.hold().beats(), std::uint32_t(3));
        QCOMPARE(rq.hold().elements(0, 0), std::uint32_t(20));
      }
    }
    // Decision at 3 + 1: refetch; pass-0 probabilities discarded.
    QCOMPARE(o.fetches.size(), std::size_t(1));
    QCOMPARE(o.fetches[0].first, std::uint64_t(4));
    QCOMPARE(o.fetches[0].second.kind, DataKind::KLsb);
    QCOMPARE(o.fetches[0].second.queue, FetchQueue::Lsb);
    QCOMPARE(o.fetches[0].second.plan->txAddr.size(), std::size_t(20));  // 32 B of LSBs per key
    QCOMPARE(o.recomputes, (std::vector<std::pair<std::uint64_t, std::uint32_t>>{{4, 0}}));
    // Pass 1 ends at cycle 8 (last beat pushed at 7): final decision at 9.
    QCOMPARE(o.decided.size(), std::size_t(1));
    QCOMPARE(o.decided[0].first, std::uint64_t(9));
    QCOMPARE(int(o.decided[0].second.pass), 1);
    QCOMPARE(rq.hold().elements(0, 1), std::uint32_t(20));
    QCOMPARE(rq.hold().elements(0, 0), std::uint32_t(0));
    int refetchEvents = 0;
    b.act.events().forEach([&](const Event& e) {
      if (e.kind != EventKind::LsbRefetch) return;
      ++refetchEvents;
      QCOMPARE(e.b, std::uint32_t(20 * 32));
    });
    QCOMPARE(refetchEvents, 1);
    SimStats s;
    rq.addStats(s);
    QCOMPARE(s.lsbRefetches, std::uint64_t(1));
  }

  void oneLsbFetchPerGroup() {
    UnitBench b({request(0, 0, 20, 4, 20, 6, true), request(0, 0, 20, 4, 20, 6, true)});
    b.reqs[1].lsbOwner = 0;  // both queries of one summarization head: one LSB fetch
    StubData data;
    RequantUnit rq(b.workload, HwConfig{});
    Outputs o;
    connect(rq, b, o);
    rq.fetch.connect([&](const FetchCommand& c) { data.arrive(c.owner, c.kind, 0); });
    BeatPipe probs(1);
    for (int c = 0; c < 6; ++c) {
      Activity& act = b.next();
      if (c < 2)
        probs.push(
            Beat{.request = static_cast<std::uint32_t>(c), .count = 8, .pass = 0, .last = true},
            act.cycle());
      rq.tick(act, b.reqs, probs, data, 0);
    }
    QCOMPARE(o.fetches.size(), std::size_t(1));
    QCOMPARE(o.recomputes.size(), std::size_t(2));
  }

  void noRefetchDecidesPassZero() {
    UnitBench b({request(0, 0, 20, 4, 20, 8, false)});
    StubData data;
    HwConfig hw;
    hw.requantDecisionLatency = 5;
    RequantUnit rq(b.workload, hw);
    Outputs o;
    connect(rq, b, o);
    BeatPipe probs(1);
    for (int c = 0; c < 10; ++c) {
      Activity& act = b.next();
      if (c == 0) probs.push(Beat{.request = 0, .count = 8, .pass = 0, .last = true}, act.cycle());
      rq.tick(act, b.reqs, probs, data, 0);
    }
    QVERIFY(o.fetches.empty() && o.recomputes.empty());
    QCOMPARE(o.decided.size(), std::size_t(1));
    QCOMPARE(o.decided[0].first, std::uint64_t(1 + 5));
    QCOMPARE(int(o.decided[0].second.pass), 0);
  }
};

QTEST_APPLESS_MAIN(TestUnitRequant)
#include "tst_unit_requant.moc"
