// core/sweep without the CLI: grid texts and files, the point order, shard slices, row
// aggregation and CSV quoting, the ordered runner at any thread count.
#include <QtTest>

#include <atomic>
#include <cmath>
#include <set>
#include <stdexcept>

#include "core/sweep/grid.h"
#include "core/sweep/sweep_rows.h"
#include "core/sweep/sweep_runner.h"
#include "core/util/error.h"

using namespace spatten::core;

class TestSweepCore : public QObject {
  Q_OBJECT

private slots:
  void rangesAreRoundedAndInclusive() {
    const GridAxis a = parseGridAxis("token_keep_end=0.1:0.9:0.1", "--grid");
    QCOMPARE(a.values.size(), std::size_t(9));
    QCOMPARE(std::get<double>(a.values[2]), 0.3);  // not 0.30000000000000004
    QCOMPARE(std::get<double>(a.values[8]), 0.9);
    const GridAxis down = parseGridAxis("token_keep_end=0.9:0.5:-0.2", "--grid");
    QCOMPARE(down.values.size(), std::size_t(3));
    QCOMPARE(std::get<double>(down.values[2]), 0.5);
    const GridAxis ints = parseGridAxis("hw.topk.parallelism=1:16:5", "--grid");
    QCOMPARE(ints.values.size(), std::size_t(4));  // 1 6 11 16
    QCOMPARE(std::get<std::int64_t>(ints.values[3]), std::int64_t(16));
    QVERIFY_THROWS_EXCEPTION(Error, parseGridAxis("hw.topk.parallelism=1:4:0.5", "--grid"));
  }

  void listsAndChoices() {
    const GridAxis p = parseGridAxis("policy=h2o,quest", "--grid");
    QCOMPARE(p.values.size(), std::size_t(2));
    const GridAxis l = parseGridAxis("token_keep_per_layer=0.5,0.4;1,1", "--grid");
    QCOMPARE(l.values.size(), std::size_t(2));
    QCOMPARE(std::get<std::vector<double>>(l.values[0]), (std::vector<double>{0.5, 0.4}));
    QVERIFY_THROWS_EXCEPTION(Error, parseGridAxis("value_keep=0.5,,0.7", "--grid"));
  }

  // Row-major: the last axis varies fastest; every combination exactly once.
  void pointOrder() {
    Grid g;
    g.add(parseGridAxis("value_keep=0.2,0.4", "--grid"), "--grid");
    g.add(parseGridAxis("hw.topk.parallelism=1,2,4", "--grid"), "--grid");
    QCOMPARE(g.points(), std::uint64_t(6));
    const auto p4 = g.point(4);  // (0.4, 2)
    QCOMPARE(std::get<double>(p4[0].second), 0.4);
    QCOMPARE(std::get<std::int64_t>(p4[1].second), std::int64_t(2));
    std::set<std::pair<double, std::int64_t>> seen;
    for (std::uint64_t i = 0; i < g.points(); ++i)
      seen.insert({std::get<double>(g.point(i)[0].second),
                   std::get<std::int64_t>(g.point(i)[1].second)});
    QCOMPARE(seen.size(), std::size_t(6));
  }

  void gridFile() {
    const Grid g = gridFromJson(
        nlohmann::json::parse(R"({"axes": [{"key": "policy", "values": ["h2o", "tova"]},
          {"key": "kv_budget", "from": 0.2, "to": 0.4, "step": 0.1}]})"),
        "g.json");
    QCOMPARE(g.points(), std::uint64_t(6));
    QCOMPARE(g.axes[1].key, std::string("kv_budget"));
    try {
      gridFromJson(nlohmann::json::parse(R"({"axes": [{"key": "kv_budget", "values": [2]}]})"),
                   "g.json");
      QFAIL("a value out of range was accepted");
    } catch (const Error& e) {
      QCOMPARE(e.file(), std::string("g.json"));
      QCOMPARE(e.field(), std::string("kv_budget"));
    }
  }

  // Every point in exactly one shard, sizes within one of each other.
  void shardsPartition() {
    for (std::uint64_t points : {1, 7, 18, 1000})
      for (std::uint64_t n : {1, 2, 3, 4, 9}) {
        std::uint64_t next = 0, lo = ~0ull, hi = 0;
        for (std::uint64_t i = 1; i <= n; ++i) {
          const auto [b, e] = shardRange(points, i, n);
          QCOMPARE(b, next);
          next = e;
          lo = std::min(lo, e - b);
          hi = std::max(hi, e - b);
        }
        QCOMPARE(next, points);
        QVERIFY(hi - lo <= 1);
      }
  }

  // Mean, population std, min, max; counts exact, reals to 7 digits; CSV quoting.
  void rowAggregation() {
    const std::vector<Figures> texts = {{{"cycles", 100, true}, {"a.kl", 0.1, false}},
                                        {{"cycles", 300, true}, {"a.kl", 0.2, false}}};
    const auto row = nlohmann::json::parse(
        sweepRow(3, {{"policy", ParamValue(std::string("h2o"))}}, 7, texts, true));
    QCOMPARE(row["point"].get<int>(), 3);
    QCOMPARE(row["cycles"]["mean"].get<double>(), 200.0);
    QCOMPARE(row["cycles"]["std"].get<double>(), 100.0);
    QCOMPARE(row["cycles"]["min"].get<int>(), 100);
    QCOMPARE(row["a"]["kl"]["max"].get<double>(), 0.2);
    QCOMPARE(row["a"]["kl"]["mean"].get<double>(), 0.15);
    const std::string single = sweepRow(0, {{"token_keep_per_layer",
                                             ParamValue(std::vector<double>{0.5, 1})}},
                                        1, {{{"x", 1.0 / 3, false}}}, false);
    QCOMPARE(single, std::string(R"({"point":0,"params":{"token_keep_per_layer":[0.5,1.0]},)"
                                 R"("seed":1,"texts":1,"x":0.3333333})"));
    QCOMPARE(sweepCsv({single}),
             std::string("point,params.token_keep_per_layer,seed,texts,x\n"
                         "0,\"[0.5,1.0]\",1,1,0.3333333\n"));
  }

  // Rows reach emit in order whatever the thread count; the first failure (in point order)
  // is rethrown after the rows before it.
  void orderedRunner() {
    for (int jobs : {1, 2, 4}) {
      std::vector<std::uint64_t> order;
      runPointsOrdered(
          5, 105, jobs, [](std::uint64_t p) { return std::to_string(p * p); },
          [&](std::uint64_t p, std::string row) {
            QCOMPARE(row, std::to_string(p * p));
            order.push_back(p);
          });
      QCOMPARE(order.size(), std::size_t(100));
      for (std::size_t i = 0; i < order.size(); ++i) QCOMPARE(order[i], 5 + i);
      std::vector<std::uint64_t> emitted;
      bool threw = false;
      try {
        runPointsOrdered(
            0, 50, jobs,
            [](std::uint64_t p) -> std::string {
              if (p == 20 || p == 30) throw std::runtime_error(std::to_string(p));
              return "r";
            },
            [&](std::uint64_t p, std::string) { emitted.push_back(p); });
      } catch (const std::runtime_error& e) {
        threw = true;
        QCOMPARE(std::string(e.what()), std::string("20"));
      }
      QVERIFY(threw);
      QCOMPARE(emitted.size(), std::size_t(20));
      // Cancel: no new point after the flag; what was emitted is a prefix.
      std::atomic<bool> stop{false};
      std::vector<std::uint64_t> prefix;
      const bool complete = runPointsOrdered(
          0, 1000, jobs, [](std::uint64_t) { return std::string("r"); },
          [&](std::uint64_t p, std::string) {
            prefix.push_back(p);
            if (p == 9) stop = true;
          },
          &stop);
      QVERIFY(!complete);
      QVERIFY(prefix.size() >= 10 && prefix.size() < 1000);
      for (std::size_t i = 0; i < prefix.size(); ++i) QCOMPARE(prefix[i], i);
    }
  }
};

QTEST_APPLESS_MAIN(TestSweepCore)
#include "tst_sweep_core.moc"
