// Functional top-k (Algorithm 3 + filter) against a brute-force stable selection.
#include <QtTest/QtTest>

#include <algorithm>
#include <numeric>
#include <random>

#include "core/functional/topk.h"

using namespace spatten::core;

namespace {
// Independent reference: stable sort by value descending (ties keep input order), take k,
// return the indices ascending.
std::vector<std::uint32_t> bruteForce(const std::vector<float>& v, std::size_t k) {
  std::vector<std::uint32_t> idx(v.size());
  std::iota(idx.begin(), idx.end(), 0u);
  std::stable_sort(idx.begin(), idx.end(), [&](std::uint32_t a, std::uint32_t b) { return v[a] > v[b]; });
  idx.resize(std::min(k, v.size()));
  std::sort(idx.begin(), idx.end());
  return idx;
}
}  // namespace

class TstTopk : public QObject {
  Q_OBJECT
private slots:
  void paperFig9() {
    std::mt19937_64 rng(1);
    const std::vector<float> in{0.6f, 0.1f, 0.5f, 1.2f, 0.6f};
    TopKResult r = topkSelect(in, 3, rng);
    QCOMPARE(r.kept, (std::vector<std::uint32_t>{0, 3, 4}));  // [0.6, 1.2, 0.6]
    QCOMPARE(r.kth, 0.6f);
    QCOMPARE(r.numEqKth, 2u);
  }
  void tiesGoToLowerIndex() {
    std::mt19937_64 rng(7);
    const std::vector<float> in{1, 2, 2, 2, 1, 2};
    TopKResult r = topkSelect(in, 2, rng);
    QCOMPARE(r.kept, (std::vector<std::uint32_t>{1, 2}));
  }
  void randomAgainstBruteForce() {
    std::mt19937_64 gen(12345);
    int cases = 0;
    for (int t = 0; t < 3000; ++t) {
      const std::size_t n = gen() % 40;
      const int alphabet = 1 + static_cast<int>(gen() % 5);  // tiny alphabet: many ties
      std::vector<float> v(n);
      for (float& x : v) x = static_cast<float>(gen() % static_cast<unsigned>(alphabet)) * 0.25f;
      for (std::size_t k = 0; k <= n; ++k) {
        std::mt19937_64 rng(gen());
        TopKResult r = topkSelect(v, k, rng);
        QCOMPARE(r.kept, bruteForce(v, k));
        std::size_t prev = n;
        for (const TopKRound& rd : r.rounds) {  // every round partitions its input exactly
          QCOMPARE(rd.leftSize + rd.rightSize + rd.eqCount, rd.inputSize);
          QVERIFY(rd.inputSize <= prev);
          prev = rd.inputSize;
        }
        ++cases;
      }
    }
    QVERIFY(cases > 50000);
  }
  void largeDistinct() {
    std::mt19937_64 gen(99);
    std::vector<float> v(1000);
    for (float& x : v) x = static_cast<float>(gen() >> 40);
    std::mt19937_64 rng(3);
    TopKResult r = topkSelect(v, 200, rng);
    QCOMPARE(r.kept, bruteForce(v, 200));
    QVERIFY(r.rounds.size() >= 2);
    QCOMPARE(r.rounds[0].inputSize, 1000u);
  }
  void kClampedAndZero() {
    std::mt19937_64 rng(1);
    QVERIFY(topkSelect({1, 2, 3}, 0, rng).kept.empty());
    QCOMPARE(topkSelect({1, 2, 3}, 10, rng).kept, (std::vector<std::uint32_t>{0, 1, 2}));
    QVERIFY(topkSelect({}, 3, rng).kept.empty());
  }
  void seedChangesPivots() {
    std::vector<float> v(500);
    std::mt19937_64 gen(5);
    for (float& x : v) x = static_cast<float>(gen() % 100000);
    std::mt19937_64 a(1), b(2);
    TopKResult ra = topkSelect(v, 100, a), rb = topkSelect(v, 100, b);
    QCOMPARE(ra.kept, rb.kept);
    QVERIFY(ra.rounds[0].pivot != rb.rounds[0].pivot);
  }
};

QTEST_APPLESS_MAIN(TstTopk)
#include "tst_topk.moc"
