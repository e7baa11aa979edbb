// Functional top-k (Algorithm 3 + filter) against a brute-force stable selection.
#include <QtTest/QtTest>

#include <algorithm>
#include <limits>
#include <numeric>
#include <random>

#include "core/functional/topk.h"
#include "core/functional/topk_kernels.h"

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
  // Every vector level of the partition and filter loops (topk_kernels.h) the CPU runs, against
  // push_back references written here: sizes around the vector widths, ties, NaN, signed zeros,
  // a NaN pivot, and every number of equal elements to keep.
  void kernelLevelsAgainstReference() {
    using topk_kernels::kPad;
    const float nan = std::numeric_limits<float>::quiet_NaN();
    std::mt19937_64 gen(11);
    int levels = 0;
    for (auto level : {gemm::Level::Baseline, gemm::Level::Avx2Fma, gemm::Level::Avx512}) {
      const topk_kernels::Kernels k = topk_kernels::kernelsAt(level);
      if (k.partition == nullptr || !gemm::cpuRuns(level)) continue;
      ++levels;
      for (std::size_t n : {0, 1, 7, 8, 9, 15, 16, 17, 31, 33, 64, 100, 993}) {
        for (int trial = 0; trial < 20; ++trial) {
          std::vector<float> v(n);
          for (float& x : v) {
            const auto r = gen() % 20;
            x = r == 0 ? nan : r == 1 ? -0.0f : r == 2 ? 0.0f : static_cast<float>(gen() % 9) - 4;
          }
          const float pivot = trial == 0 ? nan : n == 0 ? 1.0f : v[gen() % n];
          std::vector<float> wantL, wantR;
          for (float x : v) {
            if (x < pivot) wantL.push_back(x);
            if (x > pivot) wantR.push_back(x);
          }
          std::vector<float> nl(n + kPad), nr(n + kPad);
          const topk_kernels::Split s = k.partition(v.data(), n, pivot, nl.data(), nr.data());
          nl.resize(s.left);
          nr.resize(s.right);
          QVERIFY2(nl == wantL && nr == wantR, gemm::levelName(level));
          const auto equal = static_cast<std::uint32_t>(std::count(v.begin(), v.end(), pivot));
          for (std::uint32_t eqKeep = 0; eqKeep <= equal + 1; ++eqKeep) {
            std::vector<std::uint32_t> want;
            std::uint32_t left = eqKeep;
            for (std::size_t i = 0; i < n; ++i) {
              if (v[i] > pivot) {
                want.push_back(static_cast<std::uint32_t>(i));
              } else if (v[i] == pivot && left > 0) {
                want.push_back(static_cast<std::uint32_t>(i));
                --left;
              }
            }
            std::vector<std::uint32_t> kept(want.size() + kPad);
            kept.resize(k.filter(v.data(), n, pivot, eqKeep, kept.data()));
            QVERIFY2(kept == want, gemm::levelName(level));
          }
        }
      }
    }
    QVERIFY(levels >= 1);
    qInfo("top-k loop levels checked on this CPU: %d", levels);
  }
};

QTEST_APPLESS_MAIN(TstTopk)
#include "tst_topk.moc"
