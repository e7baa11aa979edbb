// core/model/gemm.h: every instruction level this build has and this CPU runs computes the
// product against an independent reference (naive loops in double precision), as x * w and as
// x * table^T, assigning and accumulating, on strided views (a block of a wider matrix); the
// columns computed in two halves (ops' two threads) equal the whole product bit for bit at every
// level; the row softmax against double precision; at every level the softmax and the product
// give the same bits wherever their data lie in memory (a run's heap layout varies with its
// threads' timing); and bestLevel() is a level this CPU runs.
#include <QtTest>
#include <algorithm>
#include <cmath>
#include <cstring>
#include <random>
#include <vector>

#include "core/model/gemm.h"
#include "core/util/error.h"

using namespace spatten::core;

namespace {

// A row-major rows x cols matrix inside a buffer `pad` columns wider: its views are strided.
struct Buffer {
  std::ptrdiff_t rows = 0, cols = 0, stride = 0;
  std::vector<float> data;
  Buffer(std::ptrdiff_t r, std::ptrdiff_t c, std::ptrdiff_t pad, std::uint64_t seed)
      : rows(r), cols(c), stride(c + pad), data(static_cast<std::size_t>(r * (c + pad))) {
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<float> u(-1.0f, 1.0f);
    for (float& x : data) x = u(rng);
  }
  float at(std::ptrdiff_t r, std::ptrdiff_t c) const {
    return data[static_cast<std::size_t>(r * stride + c)];
  }
  gemm::ConstView view() const { return {data.data(), rows, cols, stride}; }
  gemm::View mutableView() { return {data.data(), rows, cols, stride}; }
};

const gemm::Level kLevels[] = {gemm::Level::Baseline, gemm::Level::Avx2Fma, gemm::Level::Avx512};

}  // namespace

class TstGemmLevels : public QObject {
  Q_OBJECT
private slots:
  void initTestCase() {
    QVERIFY(gemm::productAt(gemm::Level::Baseline) != nullptr);
    QVERIFY(gemm::cpuRuns(gemm::Level::Baseline));
    const gemm::Level best = gemm::bestLevel();
    QVERIFY(gemm::productAt(best) != nullptr);
    QVERIFY(gemm::cpuRuns(best));
    for (gemm::Level l : kLevels)
      qInfo("%s: %s", gemm::levelName(l),
            gemm::productAt(l) == nullptr ? "not in this build"
            : gemm::cpuRuns(l)            ? "runs"
                                          : "not on this CPU");
    qInfo("product() uses %s", gemm::levelName(best));
  }

  // SPATTEN_GEMM forces a level; an unknown one is an error naming the variable and the value.
  void environmentForcesALevel() {
    for (gemm::Level l : kLevels) {
      if (gemm::productAt(l) == nullptr || !gemm::cpuRuns(l)) continue;
      qputenv("SPATTEN_GEMM", gemm::levelName(l));
      QCOMPARE(int(gemm::bestLevel()), int(l));
    }
    qputenv("SPATTEN_GEMM", "avx1024");
    QString error;
    try {
      gemm::bestLevel();
    } catch (const Error& e) {
      error = QString::fromUtf8(e.what());
    }
    qunsetenv("SPATTEN_GEMM");
    QCOMPARE(error, QStringLiteral("SPATTEN_GEMM: avx1024: unknown level: use baseline, avx2+fma "
                                   "or avx512"));
  }

  void matchesReference_data() {
    QTest::addColumn<int>("rows");
    QTest::addColumn<int>("depth");
    QTest::addColumn<int>("cols");
    for (int rows : {1, 2, 7, 33, 128})
      for (auto [depth, cols] : {std::pair{64, 128}, {768, 2304}, {500, 97}, {3, 1000}, {1, 5}})
        QTest::newRow(qPrintable(QStringLiteral("%1x%2x%3").arg(rows).arg(depth).arg(cols)))
            << rows << depth << cols;
  }
  void matchesReference() {
    QFETCH(int, rows);
    QFETCH(int, depth);
    QFETCH(int, cols);
    const Buffer x(rows, depth, 3, 1), w(depth, cols, 5, 2), table(cols, depth, 1, 3);
    const Buffer start(rows, cols, 2, 4);
    for (gemm::Level level : kLevels) {
      const gemm::ProductFn f = gemm::productAt(level);
      if (f == nullptr || !gemm::cpuRuns(level)) continue;
      for (bool transposed : {false, true})
        for (bool add : {false, true}) {
          Buffer dst = start;
          f(dst.mutableView(), x.view(), transposed ? table.view() : w.view(), transposed, add);
          for (std::ptrdiff_t r = 0; r < rows; ++r)
            for (std::ptrdiff_t c = 0; c < cols; ++c) {
              double ref = add ? start.at(r, c) : 0.0, mag = std::abs(ref);
              for (std::ptrdiff_t k = 0; k < depth; ++k) {
                const double t =
                    double(x.at(r, k)) * double(transposed ? table.at(c, k) : w.at(k, c));
                ref += t;
                mag += std::abs(t);
              }
              // float accumulation over `depth` terms: a few ulps of the magnitude per term
              const double tol = 1e-6 * mag * std::sqrt(double(depth)) + 1e-30;
              if (std::abs(dst.at(r, c) - ref) > tol)
                QFAIL(qPrintable(QStringLiteral("%1 transposed=%2 add=%3 (%4,%5): %6 vs %7")
                                     .arg(gemm::levelName(level))
                                     .arg(transposed)
                                     .arg(add)
                                     .arg(r)
                                     .arg(c)
                                     .arg(double(dst.at(r, c)), 0, 'g', 9)
                                     .arg(ref, 0, 'g', 9)));
            }
          // The padding around the view is untouched.
          for (std::ptrdiff_t r = 0; r < rows; ++r)
            for (std::ptrdiff_t c = cols; c < dst.stride; ++c)
              QCOMPARE(dst.at(r, c), start.at(r, c));
        }
    }
  }

  // The row softmax of every level against double precision: -inf entries get 0, an all -inf
  // row becomes zeros, the padding of a strided view is untouched.
  void softmaxMatchesReference() {
    Buffer start(9, 300, 4, 11);
    for (std::ptrdiff_t c = 0; c < start.cols; ++c) {
      start.data[static_cast<std::size_t>(3 * start.stride + c)] = -__builtin_huge_valf();
      if (c % 3 == 0)
        start.data[static_cast<std::size_t>(5 * start.stride + c)] = -__builtin_huge_valf();
    }
    for (float& x : start.data) x *= 8.0f;  // logits up to +-8
    for (gemm::Level level : kLevels) {
      const gemm::SoftmaxFn f = gemm::softmaxAt(level);
      if (f == nullptr || !gemm::cpuRuns(level)) continue;
      Buffer s = start;
      f(s.mutableView());
      for (std::ptrdiff_t r = 0; r < s.rows; ++r) {
        double mx = -__builtin_huge_val(), sum = 0;
        for (std::ptrdiff_t c = 0; c < s.cols; ++c) mx = std::max(mx, double(start.at(r, c)));
        for (std::ptrdiff_t c = 0; c < s.cols; ++c)
          sum += r == 3 ? 0.0 : std::exp(double(start.at(r, c)) - mx);
        for (std::ptrdiff_t c = 0; c < s.cols; ++c) {
          const double want = r == 3 ? 0.0 : std::exp(double(start.at(r, c)) - mx) / sum;
          if (std::abs(s.at(r, c) - want) > 1e-6 * want + 1e-12)
            QFAIL(qPrintable(QStringLiteral("%1 (%2,%3): %4 vs %5")
                                 .arg(gemm::levelName(level))
                                 .arg(r)
                                 .arg(c)
                                 .arg(double(s.at(r, c)), 0, 'g', 9)
                                 .arg(want, 0, 'g', 9)));
        }
        for (std::ptrdiff_t c = s.cols; c < s.stride; ++c) QCOMPARE(s.at(r, c), start.at(r, c));
      }
    }
  }

  // The same matrices at every float offset 0..15 inside their buffers (every alignment to a
  // vector of up to 64 bytes): each level's softmax and product give identical bits. A kernel
  // that peeled a row's first elements up to an alignment boundary (scalar exp, another order of
  // the sum) made a run's figures depend on where malloc put its matrices.
  void resultsDoNotDependOnAlignment() {
    const std::ptrdiff_t rows = 7, cols = 211, depth = 96;
    const Buffer scores(rows, cols, 0, 21), x(rows, depth, 0, 22), w(depth, cols, 0, 23);
    // A copy of `b` starting `offset` floats into a buffer (stride = cols).
    auto shifted = [](const Buffer& b, std::ptrdiff_t offset) {
      std::vector<float> v(static_cast<std::size_t>(offset), 0.0f);
      v.insert(v.end(), b.data.begin(), b.data.end());
      return v;
    };
    for (gemm::Level level : kLevels) {
      const gemm::SoftmaxFn softmax = gemm::softmaxAt(level);
      const gemm::ProductFn product = gemm::productAt(level);
      if (softmax == nullptr || !gemm::cpuRuns(level)) continue;
      std::vector<float> softmax0, product0;
      for (std::ptrdiff_t offset = 0; offset < 16; ++offset) {
        std::vector<float> s = shifted(scores, offset);
        softmax(gemm::View{s.data() + offset, rows, cols, cols});
        s.erase(s.begin(), s.begin() + offset);
        const std::vector<float> xs = shifted(x, offset), ws = shifted(w, 15 - offset);
        std::vector<float> d(static_cast<std::size_t>(offset + rows * cols), 0.0f);
        product(gemm::View{d.data() + offset, rows, cols, cols},
                gemm::ConstView{xs.data() + offset, rows, depth, depth},
                gemm::ConstView{ws.data() + (15 - offset), depth, cols, cols}, false, false);
        d.erase(d.begin(), d.begin() + offset);
        if (offset == 0) {
          softmax0 = s;
          product0 = d;
          continue;
        }
        QVERIFY2(
            s == softmax0,
            qPrintable(
                QStringLiteral("%1 softmax at offset %2").arg(gemm::levelName(level)).arg(offset)));
        QVERIFY2(
            d == product0,
            qPrintable(
                QStringLiteral("%1 product at offset %2").arg(gemm::levelName(level)).arg(offset)));
      }
    }
  }

  // ops' two threads compute the columns [0, s) and [s, n) separately (s a multiple of 48): at
  // every level the halves equal the whole bit for bit.
  void halvesEqualWhole() {
    for (auto [rows, depth, cols] : {std::tuple{128, 768, 3072}, {33, 3072, 768}, {1, 768, 4099}}) {
      const Buffer x(rows, depth, 0, 7), w(depth, cols, 0, 8), table(cols, depth, 0, 9);
      const std::ptrdiff_t s = (cols / 2) / 48 * 48;
      for (gemm::Level level : kLevels) {
        const gemm::ProductFn f = gemm::productAt(level);
        if (f == nullptr || !gemm::cpuRuns(level)) continue;
        for (bool transposed : {false, true}) {
          if (rows == 1 && !transposed) continue;  // ops splits a single row only over a table
          Buffer whole(rows, cols, 0, 10), halves = whole;
          const gemm::ConstView wv = transposed ? table.view() : w.view();
          f(whole.mutableView(), x.view(), wv, transposed, false);
          for (auto [c0, n] : {std::pair{std::ptrdiff_t{0}, s}, {s, cols - s}}) {
            const gemm::View d{halves.data.data() + c0, rows, n, halves.stride};
            const gemm::ConstView part =
                transposed ? gemm::ConstView{wv.data + c0 * wv.stride, n, depth, wv.stride}
                           : gemm::ConstView{wv.data + c0, depth, n, wv.stride};
            f(d, x.view(), part, transposed, false);
          }
          QVERIFY2(std::memcmp(whole.data.data(), halves.data.data(),
                               whole.data.size() * sizeof(float)) == 0,
                   gemm::levelName(level));
        }
      }
    }
  }
};

QTEST_APPLESS_MAIN(TstGemmLevels)
#include "tst_gemm_levels.moc"
