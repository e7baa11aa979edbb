// The two-thread matrix products of core/model/ops.h (Model::setThreads(2)) are bit-identical to
// the single-threaded ones: for the shapes of GPT-2 small / BERT base and of the tiny samples,
// odd row counts, the GEMV of one row against the LM head, and a whole forward pass. Also
// ops::allFinite, the forward pass's and the fidelity's finiteness test.
#include <QtTest>
#include <cstring>
#include <limits>
#include <random>
#include <utility>

#include "core/model/forward.h"
#include "core/model/model.h"
#include "core/model/ops.h"

using namespace spatten::core;

namespace {

RowMatrix randomMatrix(Eigen::Index rows, Eigen::Index cols, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<float> u(-1.0f, 1.0f);
  RowMatrix m(rows, cols);
  for (Eigen::Index i = 0; i < m.size(); ++i) m.data()[i] = u(rng);
  return m;
}

bool sameBits(const RowMatrix& a, const RowMatrix& b) {
  return a.rows() == b.rows() && a.cols() == b.cols() &&
         std::memcmp(a.data(), b.data(), static_cast<std::size_t>(a.size()) * sizeof(float)) == 0;
}

}  // namespace

class TstParallelLinear : public QObject {
  Q_OBJECT
private slots:
  void productsEqualSingleThread_data() {
    QTest::addColumn<int>("rows");
    QTest::addColumn<int>("depth");
    QTest::addColumn<int>("cols");
    for (int rows : {1, 7, 33, 128})
      for (auto [depth, cols] : {std::pair{768, 2304},
                                 {768, 768},
                                 {768, 3072},
                                 {3072, 768},
                                 {256, 1024},
                                 {1024, 256},
                                 {768, 1000},
                                 {500, 4099}}) {
        const QString name = QStringLiteral("%1x%2x%3").arg(rows).arg(depth).arg(cols);
        QTest::newRow(qPrintable(name)) << rows << depth << cols;
      }
  }
  void productsEqualSingleThread() {
    QFETCH(int, rows);
    QFETCH(int, depth);
    QFETCH(int, cols);
    const RowMatrix x = randomMatrix(rows, depth, 1);
    LinearWeights lw{WeightMatrix(randomMatrix(depth, cols, 2)), randomMatrix(1, cols, 3)};
    QVERIFY(sameBits(ops::linear(x, lw, 1), ops::linear(x, lw, 2)));
    RowMatrix acc1 = randomMatrix(rows, cols, 4), acc2 = acc1;
    ops::productAdd(acc1, x, lw.w, 1);
    ops::productAdd(acc2, x, lw.w, 2);
    QVERIFY(sameBits(acc1, acc2));
    // Against a [cols x depth] table (the tied LM head: logits = x * wte^T).
    const WeightMatrix table(randomMatrix(cols, depth, 5));
    RowMatrix t1(rows, cols), t2(rows, cols);
    ops::productTransposed(t1, x, table, 1);
    ops::productTransposed(t2, x, table, 2);
    QVERIFY(sameBits(t1, t2));
  }
  // ops::allFinite: any NaN or infinity anywhere (a block too), huge finite values are finite.
  void allFiniteFindsEveryNonFinite() {
    RowMatrix m = RowMatrix::Constant(7, 37, 3.0e38f);  // x * 0 must not overflow to NaN
    m(0, 0) = -0.0f;
    m(6, 36) = std::numeric_limits<float>::denorm_min();
    QVERIFY(ops::allFinite(m));
    QVERIFY(ops::allFinite(RowMatrix(0, 5)));
    for (float bad :
         {std::numeric_limits<float>::quiet_NaN(), std::numeric_limits<float>::infinity(),
          -std::numeric_limits<float>::infinity()})
      for (auto [r, c] : {std::pair{0, 0}, {3, 17}, {6, 36}}) {
        RowMatrix b = m;
        b(r, c) = bad;
        QVERIFY(!ops::allFinite(b));
        QCOMPARE(ops::allFinite(b.row(r)), false);
        QVERIFY(ops::allFinite(b.row((r + 1) % 7)));
      }
  }

  // The LM head of GPT-2 small: one row against 50257 x 768.
  void lmHeadGemv() {
    const RowMatrix x = randomMatrix(1, 768, 6);
    const WeightMatrix table(randomMatrix(50257, 768, 7));
    RowMatrix t1(1, 50257), t2(1, 50257);
    ops::productTransposed(t1, x, table, 1);
    ops::productTransposed(t2, x, table, 2);
    QVERIFY(sameBits(t1, t2));
  }
  // A whole forward pass of each bundled sample (120 tokens: the products are split).
  void forwardEqualsSingleThread() {
    for (const char* name : {"tiny-gpt2", "tiny-bert"}) {
      auto m = Model::load(std::string(SPATTEN_SAMPLES_DIR) + "/models/" + name);
      std::vector<int> ids;
      for (int i = 0; i < 120; ++i) ids.push_back((i * 37 + 11) % m->config().vocabSize);
      ForwardOptions fo;
      fo.keepHeads = true;
      fo.allPositions = true;  // logits of every position: every layer's output
      const ForwardTrace one = forward(*m, ids, fo);
      m->setThreads(2);
      const ForwardTrace two = forward(*m, ids, fo);
      QVERIFY(sameBits(one.logits, two.logits));
    }
  }
};

QTEST_GUILESS_MAIN(TstParallelLinear)
#include "tst_parallel_linear.moc"
