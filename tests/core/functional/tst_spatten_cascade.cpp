// Cascade token/head pruning primitives against hand-computed examples (docs/semantics.md).
#include <QtTest>

#include <cmath>

#include "core/functional/cascade.h"
#include "core/util/error.h"

using namespace spatten::core;

namespace {
bool near(const std::vector<double>& a, const std::vector<double>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (std::fabs(a[i] - b[i]) > 1e-12) return false;
  return true;
}
}  // namespace

class TestSpattenCascade : public QObject {
  Q_OBJECT
private slots:
  void ceilWithTolerance() {
    QCOMPARE(ceilEps(0.2 * 10), 2LL);  // 0.2 * 10 is 2.0000000000000004 in binary
    QCOMPARE(ceilEps(0.7 * 10), 7LL);
    QCOMPARE(ceilEps(2.1), 3LL);
    QCOMPARE(ceilEps(0.0), 0LL);
    QCOMPARE(ceilEps(0.15 * 4), 1LL);
    QCOMPARE(ceilEps(0.30 * 10), 3LL);
  }
  void tokenScheduleInterpolates() {
    // L = 4, skip ceil(0.15 * 4) = 1 layer, then 0.7 -> 0.3 over 3 layers: 0.7, 0.5, 0.3.
    QVERIFY(near(keepSchedule(4, 0.15, 0.7, 0.3, {}, "x"), {1.0, 0.7, 0.5, 0.3}));
    // L = 12 (the paper's models): skip ceil(1.8) = 2 layers, 10 pruned layers.
    const auto r = keepSchedule(12, 0.15, 1.0, 0.1, {}, "x");
    QCOMPARE(r[1], 1.0);
    QCOMPARE(r[2], 1.0);
    QVERIFY(std::fabs(r[3] - 0.9) < 1e-12);
    QVERIFY(std::fabs(r[11] - 0.1) < 1e-12);
  }
  void singlePrunedLayerUsesEnd() {
    // L = 2, skip ceil(0.5 * 2) = 1: the only pruned layer uses token_keep_end.
    QVERIFY(near(keepSchedule(2, 0.5, 0.9, 0.4, {}, "x"), {1.0, 0.4}));
    // Head default: L = 4, skip ceil(1.2) = 2: 1, 1, start, end.
    QVERIFY(near(keepSchedule(4, 0.30, 1.0, 0.8, {}, "x"), {1.0, 1.0, 1.0, 0.8}));
    // Everything skipped.
    QVERIFY(near(keepSchedule(1, 0.15, 0.5, 0.5, {}, "x"), {1.0}));
    QVERIFY(near(keepSchedule(3, 0.0, 0.6, 0.2, {}, "x"), {0.6, 0.4, 0.2}));
  }
  void perLayerListOverrides() {
    QVERIFY(near(keepSchedule(3, 0.15, 0.7, 0.3, {0.9, 0.5, 0.25}, "token_keep_per_layer"), {0.9, 0.5, 0.25}));
    try {
      keepSchedule(4, 0.15, 0.7, 0.3, {0.9, 0.5}, "token_keep_per_layer");
      QFAIL("expected Error");
    } catch (const Error& e) {
      QCOMPARE(QString::fromStdString(e.field()), QStringLiteral("token_keep_per_layer"));
    }
    RunConfig c;
    c.head_keep_per_layer = {1, 1, 0.5, 0.5};
    QVERIFY(near(headKeepSchedule(c, 4), {1, 1, 0.5, 0.5}));
  }
  void budgets() {
    QCOMPARE(tokenBudget(10, 1, 0.2, 10), 2);   // ceil(0.2 * 10) = 2
    QCOMPARE(tokenBudget(5, 1, 0.2, 10), 2);
    QCOMPARE(tokenBudget(1, 1, 0.2, 10), 1);    // never above |A_l|
    QCOMPARE(tokenBudget(10, 3, 0.1, 10), 3);   // at least the protected tokens
    QCOMPARE(tokenBudget(10, 1, 0.35, 10), 4);  // ceil(3.5)
    QCOMPARE(headBudget(4, 0.8, 4), 4);         // ceil(3.2)
    QCOMPARE(headBudget(4, 0.5, 4), 2);
    QCOMPARE(headBudget(4, 0.1, 4), 1);         // at least one head
    QCOMPARE(headBudget(2, 0.75, 4), 2);        // never above |H_l|
  }
  void tiesGoToTheLowerIndex() {
    QCOMPARE(stableTopK({1, 2, 2, 1}, 1), (std::vector<int>{1}));
    QCOMPARE(stableTopK({1, 2, 2, 1}, 3), (std::vector<int>{0, 1, 2}));
    QCOMPARE(stableTopK({1, 1, 1, 1}, 2), (std::vector<int>{0, 1}));
    QCOMPARE(selectHeads({0, 1, 2, 3}, {5, 7, 7, 5}, 1), (std::vector<int>{1}));
    QCOMPARE(selectHeads({0, 2, 3}, {5, 1, 7, 7}, 2), (std::vector<int>{2, 3}));
  }
  void handComputedCascade() {
    // Layer 0, 4 tokens, 2 heads, all queries. Column sums of the probabilities:
    //   head 0 rows {.4 .3 .2 .1} {.1 .6 .2 .1} {.25 .25 .25 .25} {.1 .1 .1 .7} -> .85 1.25 .75 1.15
    //   head 1 rows {.7 .1 .1 .1} {.2 .2 .5 .1} {.1 .1 .1 .7} {.3 .3 .2 .2}     -> 1.3 .7 .9 1.1
    // s_t = 2.15 1.95 1.65 2.25.
    std::vector<double> s = {0.85 + 1.3, 1.25 + 0.7, 0.75 + 0.9, 1.15 + 1.1};
    const std::vector<int> all = {0, 1, 2, 3};
    // Keep 0.5 of n = 4 -> 2. BERT protects [CLS] = 0: 0 plus the best other (3).
    QCOMPARE(selectTokens(all, s, {0}, tokenBudget(4, 1, 0.5, 4)), (std::vector<int>{0, 3}));
    // GPT-2 protects the newest token (3): 3 plus the best other (0).
    QCOMPARE(selectTokens(all, s, {3}, 2), (std::vector<int>{0, 3}));
    // Protected token 2 has the lowest score and is still kept.
    QCOMPARE(selectTokens(all, s, {2}, 2), (std::vector<int>{2, 3}));
    // Layer 1 computes on A_1 = {0, 3} only; its columns add .6/.4 (q0) and .5/.5 (q3) per head:
    // s_t = 2.15 + 2 * 1.1, 1.95, 1.65, 2.25 + 2 * 0.9 = 4.35 1.95 1.65 4.05.
    s[0] += 2 * 1.1;
    s[3] += 2 * 0.9;
    QCOMPARE(selectTokens({0, 3}, s, {}, 1), (std::vector<int>{0}));
    // Budget >= alive keeps everything, in order.
    QCOMPARE(selectTokens({0, 3}, s, {}, 5), (std::vector<int>{0, 3}));
    // Cascade: later layers are intersected with the pruned set.
    QCOMPARE(intersectSorted({0, 1, 2, 3}, {0, 3}), (std::vector<int>{0, 3}));
    QCOMPARE(intersectSorted({1, 2}, {0, 3}), (std::vector<int>{}));
  }
  void scheduleFromConfig() {
    RunConfig c;  // defaults: token 0.7 -> 0.3 after ceil(0.15 L), head 1.0 -> 0.8 after ceil(0.3 L)
    QVERIFY(near(tokenKeepSchedule(c, 4), {1.0, 0.7, 0.5, 0.3}));
    QVERIFY(near(headKeepSchedule(c, 4), {1.0, 1.0, 1.0, 0.8}));
  }
};

QTEST_APPLESS_MAIN(TestSpattenCascade)
#include "tst_spatten_cascade.moc"
