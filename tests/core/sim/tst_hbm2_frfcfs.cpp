// The HBM2 channel's FR-FCFS controller (per-bank read lists, a bit set of banks with queued
// reads, skipped cycles until the next possible command) against a brute-force controller that
// scans every queued read every cycle (hbm2_reference.h), on random read streams over random
// geometries and timings: every completion (cycle, bank, row, row hit) and every cycle's busy
// flag must be equal. Also the bank hash's row fold against its digit-by-digit definition.
#include <QtTest/QtTest>
#include <random>

#include "core/sim/hbm2_channel.h"
#include "hbm2_reference.h"

using namespace spatten::core;

namespace {

HwConfig randomConfig(std::mt19937_64& rng) {
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  HwConfig hw;
  hw.hbmPseudoChannels = 1 << pick(0, 2);
  // The bank hash XORs digits: powers of two. Up to 4 x 8 x 4 = 128 banks: the queued-bank set
  // takes two words.
  hw.hbmBankGroups = 1 << pick(0, 3);
  hw.hbmBanksPerGroup = 1 << pick(0, 2);
  hw.hbmRowBytes = 32 << pick(1, 5);
  hw.hbmMaxOutstanding = pick(1, 24);
  hw.nBL = pick(1, 4);
  hw.nCL = pick(1, 9);
  hw.nRCD = pick(1, 9);
  hw.nRP = pick(1, 9);
  hw.nRAS = pick(1, 20);
  hw.nRC = pick(1, 24);
  hw.nRTP = pick(1, 4);
  hw.nCCDS = pick(1, 3);
  hw.nCCDL = pick(1, 4);
  hw.nRRDS = pick(1, 4);
  hw.nRRDL = pick(1, 5);
  hw.nFAW = pick(1, 20);
  hw.nRFC = pick(1, 60);
  hw.nREFI = pick(0, 1) == 0 ? 0 : 2 * (hw.nRP + hw.nRFC) + pick(0, 400);
  return hw;
}

// Channel-0 reads: runs of consecutive transactions (row hits), jumps to a few hot rows (row
// conflicts in the same banks) and random addresses; `load` = chance of a push per cycle.
struct Stream {
  std::mt19937_64 rng;
  std::uint64_t next = 0;
  double load = 1.0;
  DramTx tx(std::uint32_t index) {
    const int r = std::uniform_int_distribution<int>(0, 9)(rng);
    if (r < 2) next = std::uniform_int_distribution<std::uint64_t>(0, 7)(rng) << 12;  // hot rows
    if (r == 2) next = std::uniform_int_distribution<std::uint64_t>(0, 1u << 20)(rng);
    DramTx t;
    t.addr = (next++) << 9;  // channel 0 of 16
    t.index = index;
    return t;
  }
};

}  // namespace

class TstHbm2Frfcfs : public QObject {
  Q_OBJECT
private slots:
  void matchesBruteForceOnRandomStreams() {
    std::mt19937_64 rng(20261202);
    std::uint64_t commands = 0, conflicts = 0;
    for (int trial = 0; trial < 300; ++trial) {
      const HwConfig hw = randomConfig(rng);
      Hbm2Channel fast(hw, 0);
      test::ReferenceChannel ref(hw);
      Stream s{std::mt19937_64(rng()), 0, std::uniform_real_distribution<double>(0.05, 1.0)(rng)};
      std::vector<DramCompletion> a, b;
      std::uint32_t pushed = 0;
      const std::uint32_t reads = 600;
      std::uint64_t cycle = 0;
      for (; cycle < 200000 && b.size() < reads; ++cycle) {
        QCOMPARE(fast.canAccept(), ref.canAccept());
        if (pushed < reads && fast.canAccept() && std::bernoulli_distribution(s.load)(s.rng)) {
          const DramTx t = s.tx(pushed++);
          fast.push(t);
          ref.push(t);
        }
        fast.tick(cycle, a);
        ref.tick(cycle, b);
        QCOMPARE(fast.busyThisCycle(), ref.busy());
        QCOMPARE(fast.outstanding(), ref.outstanding());
        QCOMPARE(a.size(), b.size());
      }
      QCOMPARE(b.size(), std::size_t(reads));
      QCOMPARE(fast.refreshes(), ref.refreshes());
      for (std::size_t i = 0; i < a.size(); ++i) {
        const QString where = QString("trial %1, read %2").arg(trial).arg(i);
        QVERIFY2(a[i].tx.index == b[i].tx.index, qPrintable(where));
        QVERIFY2(a[i].enqueueCycle == b[i].enqueueCycle, qPrintable(where));
        QVERIFY2(a[i].issueCycle == b[i].issueCycle, qPrintable(where));
        QVERIFY2(a[i].doneCycle == b[i].doneCycle, qPrintable(where));
        QVERIFY2(a[i].bank == b[i].bank && a[i].row == b[i].row, qPrintable(where));
        QVERIFY2(a[i].rowHit == b[i].rowHit, qPrintable(where));
        conflicts += a[i].rowHit ? 0 : 1;
      }
      commands += a.size();
    }
    // The streams exercised both row hits and activations.
    QVERIFY(conflicts > commands / 20 && conflicts < commands);
  }
  void rowFoldIsTheXorOfTheRowDigits() {
    HwConfig hw;
    const auto g = DramGeometry::from(hw);
    std::mt19937_64 rng(7);
    for (int i = 0; i < 100000; ++i) {
      const std::uint64_t addr = rng() >> std::uniform_int_distribution<int>(0, 40)(rng);
      const DramLocation l = decodeAddress(g, addr);
      // Undo the hash: bank group and bank digits straight from the address ("RoBaBgCoPc").
      const std::uint64_t t = addr >> 9 >> 1 >> 5;  // channel bits, pseudo-channel, column
      std::uint32_t fold = 0;
      for (std::uint32_t r = l.row; r != 0; r >>= 4) fold ^= r & 15u;
      QCOMPARE(l.bankGroup, static_cast<int>((t & 3) ^ (fold & 3)));
      QCOMPARE(l.bank, static_cast<int>((t >> 2 & 3) ^ (fold >> 2 & 3)));
      QCOMPARE(std::uint64_t(l.row), (t >> 4) & 0xFFFFFFFFu);
    }
  }
};

QTEST_APPLESS_MAIN(TstHbm2Frfcfs)
#include "tst_hbm2_frfcfs.moc"
