// Off the critical path, alone: the token accumulator (ceil(keys / 8) cycles per decided
// request that accumulates importance, none for the others; hands the cascade token top-k its task at the workload's if_topk rows), the head
// accumulator (ceil(D / 8) cycles per finished request) and the token/head top-k engine
// (quick-select rounds of ceil(size / P) + 3 cycles, then ceil(n / P) filter cycles; head pruning
// after each layer's last head).
#include <QtTest>

#include "core/sim/hw_config.h"
#include "core/sim/stats.h"
#include "core/sim/units/accumulators.h"
#include "core/sim/units/token_head_topk.h"
#include "tests/core/sim/units/unit_bench.h"

using namespace spatten::core;
using namespace spatten::core::test;

class TestUnitAccumulators : public QObject {
  Q_OBJECT
private slots:
  void tokenAccumulatorHandsOverTheTokenTopk() {
    Request r = request(0, 0, 20, 4, 20, 8, false);
    r.accumulateImportance = true;
    r.topk = true;
    r.topkNum = 5;
    UnitBench b({r});
    TokenAccumulator acc(b.workload, 8);
    std::vector<std::pair<std::uint64_t, PruneTask>> tasks;
    acc.prune.connect([&](const PruneTask& t) { tasks.emplace_back(b.act.cycle(), t); });
    acc.decided({0, 0}, b.reqs);
    for (int c = 0; c < 5; ++c) acc.tick(b.next());
    QCOMPARE(b.busy(ModuleId::TokenAcc),
             (std::vector<std::pair<std::uint64_t, std::uint32_t>>{{0, 3}}));
    QCOMPARE(tasks.size(), std::size_t(1));
    QCOMPARE(tasks[0].first, std::uint64_t(2));
    QCOMPARE(tasks[0].second.n, std::uint32_t(20));
    QCOMPARE(tasks[0].second.k, std::uint32_t(5));
    QVERIFY(!tasks[0].second.heads);
  }

  // A row that does not accumulate importance (CSV if_accumulate_importance False) does not use
  // the accumulator: no busy cycle, and an if_topk task goes to the top-k at once.
  void rowWithoutImportancePassesOn() {
    Request r = request(0, 0, 20, 4, 20, 8, false);
    r.accumulateImportance = false;
    r.topk = true;
    r.topkNum = 5;
    UnitBench b({r});
    TokenAccumulator acc(b.workload, 8);
    std::vector<PruneTask> tasks;
    acc.prune.connect([&](const PruneTask& t) { tasks.push_back(t); });
    acc.decided({0, 0}, b.reqs);
    QCOMPARE(tasks.size(), std::size_t(1));
    QCOMPARE(tasks[0].k, std::uint32_t(5));
    for (int c = 0; c < 5; ++c) acc.tick(b.next());
    QVERIFY(b.busy(ModuleId::TokenAcc).empty());
    QCOMPARE(tasks.size(), std::size_t(1));
  }

  void headAccumulator() {
    UnitBench b({request(0, 0, 20, 4, 20, 8, false)});
    HeadAccumulator acc(b.workload, 8);
    acc.finished({0});
    for (int c = 0; c < 10; ++c) acc.tick(b.next());
    QCOMPARE(b.busy(ModuleId::HeadAcc),
             (std::vector<std::pair<std::uint64_t, std::uint32_t>>{{0, 8}}));
    QVERIFY(acc.idle());
  }

  void headPruningAfterTheLastHeadOfALayer() {
    // Layer 0 has heads 0, 1, 2; layer 1 heads 0, 1: after layer 0 keep 2 of 3 heads.
    std::vector<Request> rs;
    for (int h = 0; h < 3; ++h) rs.push_back(request(0, h, 8, 4, 8, 8, false));
    for (int h = 0; h < 2; ++h) rs.push_back(request(1, h, 8, 4, 8, 8, false));
    UnitBench b(rs);
    TokenHeadTopk t(b.workload, HwConfig{}, 1);
    for (std::uint32_t r = 0; r < 2; ++r) t.finished({r});
    QVERIFY(t.idle());  // not a layer end
    t.finished({2});
    QVERIFY(!t.idle());
    int cycles = 0;
    while (!t.idle() && cycles < 1000) {
      t.tick(b.next());
      ++cycles;
    }
    std::vector<std::uint32_t> rounds;
    std::uint32_t kept = 0, n = 0;
    b.act.events().forEach([&](const Event& e) {
      if (e.kind == EventKind::TopkRound) rounds.push_back(e.duration);
      if (e.kind == EventKind::Pruning) {
        kept = e.a;
        n = e.b;
        QCOMPARE(int(e.flags), 1);  // heads
      }
    });
    QCOMPARE(n, std::uint32_t(3));
    QCOMPARE(kept, std::uint32_t(2));
    // Every round of at most 16 heads takes 1 + 3 cycles; then one filter cycle, then the end.
    std::uint32_t total = 0;
    for (std::uint32_t d : rounds) {
      QCOMPARE(d, std::uint32_t(4));
      total += d;
    }
    QCOMPARE(cycles, int(total + 1 + 1));
  }
};

QTEST_APPLESS_MAIN(TestUnitAccumulators)
#include "tst_unit_accumulators.moc"
