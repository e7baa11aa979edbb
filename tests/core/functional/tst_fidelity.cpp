// Fidelity metrics fail loudly on non-finite input (issue 14: an all-NaN model reported
// top1_agreement 1.0 and kl 0.0).
#include <QtTest>
#include <limits>
#include <random>

#include "core/functional/fidelity.h"
#include "core/util/error.h"

using spatten::core::RowVector;

namespace {
template <typename F>
QString errorOf(F&& f) {
  try {
    f();
  } catch (const spatten::core::Error& e) {
    return QString::fromStdString(e.what());
  }
  return "(no error)";
}
}  // namespace

class TestFidelity : public QObject {
  Q_OBJECT
private slots:
  // Ties go to the lowest index, whatever the length (vector bodies and tails) and wherever the
  // maximum lies; -0 and +0 are equal. Reference: a plain scan keeping the first strictly larger.
  void argmaxTiesToTheLowestIndex() {
    std::mt19937 rng(3);
    for (int n : {1, 2, 7, 15, 16, 17, 33, 100, 30522}) {
      for (int trial = 0; trial < 20; ++trial) {
        RowVector v(n);
        std::uniform_int_distribution<int> level(-3, 3);  // few levels: many ties
        for (int i = 0; i < n; ++i) v(i) = static_cast<float>(level(rng)) * 0.5f;
        if (trial % 2) v(n - 1) = 7.0f;  // a unique maximum at the tail
        int want = 0;
        for (int i = 1; i < n; ++i)
          if (v(i) > v(want)) want = i;
        QCOMPARE(spatten::core::argmaxLowest(v), want);
      }
    }
    RowVector z(3);
    z << -0.0f, 0.0f, -1.0f;
    QCOMPARE(spatten::core::argmaxLowest(z), 0);
  }

  void finiteInputs() {
    RowVector p(3), q(3);
    p << 1.0f, 2.0f, 3.0f;
    q << 1.0f, 2.0f, 3.0f;
    QCOMPARE(spatten::core::klDivergence(p, q), 0.0);
    QCOMPARE(spatten::core::argmaxLowest(p), 2);
    q << 3.0f, 2.0f, 1.0f;
    // KL(p || q) by hand: softmax(p) = e^(x-lse), sum p_i (log p_i - log q_i).
    const double lse = std::log(std::exp(1.0) + std::exp(2.0) + std::exp(3.0));
    double want = 0;
    for (int i = 0; i < 3; ++i) {
      const double lp = (i + 1) - lse, lq = (3 - i) - lse;
      want += std::exp(lp) * (lp - lq);
    }
    QVERIFY(std::abs(spatten::core::klDivergence(p, q) - want) < 1e-12);
  }

  void nonFiniteInputsThrow() {
    RowVector ok(2), nan(2), inf(2);
    ok << 1.0f, 2.0f;
    nan << std::numeric_limits<float>::quiet_NaN(), 0.0f;
    inf << 0.0f, std::numeric_limits<float>::infinity();
    QCOMPARE(errorOf([&] { spatten::core::klDivergence(ok, nan); }),
             QString("<fidelity>: kl: element 0 is NaN: the metric is undefined for non-finite "
                     "values (the model overflows float32 on this input)"));
    QCOMPARE(errorOf([&] { spatten::core::cosineSimilarity(inf, ok); }),
             QString("<fidelity>: cosine: element 1 is Inf: the metric is undefined for "
                     "non-finite values (the model overflows float32 on this input)"));
    QCOMPARE(errorOf([&] { spatten::core::argmaxLowest(nan); }),
             QString("<fidelity>: argmax: element 0 is NaN: the metric is undefined for "
                     "non-finite values (the model overflows float32 on this input)"));
  }
};

QTEST_APPLESS_MAIN(TestFidelity)
#include "tst_fidelity.moc"
