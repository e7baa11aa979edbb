// Quantization examples computed by hand (docs/semantics.md, "Quantization").
#include <QtTest>

#include "core/functional/quantize.h"

using namespace spatten::core;

class TestSpattenQuant : public QObject {
  Q_OBJECT
private slots:
  void roundsHalfAwayFromZero() {
    QCOMPARE(roundHalfAway(2.5f), 3LL);
    QCOMPARE(roundHalfAway(-2.5f), -3LL);
    QCOMPARE(roundHalfAway(0.5f), 1LL);
    QCOMPARE(roundHalfAway(-0.5f), -1LL);
    QCOMPARE(roundHalfAway(1.49999f), 1LL);
    QCOMPARE(roundHalfAway(0.49999997f), 0LL);  // float(0.5 - 2^-25): naive floor(x+0.5) gives 1
  }
  void maxCodes() {
    QCOMPARE(maxCode(2), 1);
    QCOMPARE(maxCode(4), 7);
    QCOMPARE(maxCode(8), 127);
    QCOMPARE(maxCode(12), 2047);
  }
  void perVectorScaleAndCodes() {
    // 4 bits: max code 7, scale = 3.5 / 7 = 0.5; x / scale = 7, -2, 1.5, -0.5, 0.5, rounded half
    // away from zero: 7, -2, 2, -1, 1.
    const float x[5] = {3.5f, -1.0f, 0.75f, -0.25f, 0.25f};
    const QuantizedVector q = quantize(x, 5, 4);
    QCOMPARE(q.scale, 0.5f);
    QCOMPARE(q.codes, (std::vector<std::int32_t>{7, -2, 2, -1, 1}));
    float back[5];
    dequantize(q, back);
    QCOMPARE(back[2], 1.0f);
    QCOMPARE(back[3], -0.5f);
  }
  void clampsToMaxCode() {
    // 3 bits: max code 3, scale = 3/3 = 1; codes -3..3 (no value above max|x| by construction).
    const float x[3] = {-3.0f, 1.4f, 2.6f};
    const QuantizedVector q = quantize(x, 3, 3);
    QCOMPARE(q.scale, 1.0f);
    QCOMPARE(q.codes, (std::vector<std::int32_t>{-3, 1, 3}));
  }
  void zeroVectorHasScaleOne() {
    const float x[4] = {0, 0, 0, 0};
    const QuantizedVector q = quantize(x, 4, 8);
    QCOMPARE(q.scale, 1.0f);
    QCOMPARE(q.codes, (std::vector<std::int32_t>{0, 0, 0, 0}));
  }
  void msbClearingRoundsTowardMinusInfinity() {
    // 4 low bits cleared: 37 = 0b100101 -> 32; -37 -> -48 (floor(-37/16) = -3 -> -48); -16 -> -16.
    QCOMPARE(msbOnly(37, 4), 32);
    QCOMPARE(msbOnly(-37, 4), -48);
    QCOMPARE(msbOnly(-16, 4), -16);
    QCOMPARE(msbOnly(-1, 4), -16);
    QCOMPARE(msbOnly(15, 4), 0);
    QCOMPARE(msbOnly(5, 0), 5);
  }
  void msbDequantize() {
    // 10 bits (6+4): max code 511; x = {511, -100} * s with s = 1 -> codes 511, -100.
    const float x[2] = {511.0f, -100.0f};
    const QuantizedVector q = quantize(x, 2, 10);
    QCOMPARE(q.scale, 1.0f);
    float msb[2];
    dequantizeMsb(q, 4, msb);
    QCOMPARE(msb[0], 496.0f);   // 511 & ~15
    QCOMPARE(msb[1], -112.0f);  // floor(-100 / 16) * 16
  }
  void fakeQuantizeFloatIsIdentity() {
    float x[2] = {0.123f, -4.5f};
    fakeQuantize(x, 2, 0);
    QCOMPARE(x[0], 0.123f);
    QCOMPARE(x[1], -4.5f);
  }
};

QTEST_APPLESS_MAIN(TestSpattenQuant)
#include "tst_spatten_quant.moc"
