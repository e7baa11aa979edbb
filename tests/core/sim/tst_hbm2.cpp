// HBM2 channel: cycle-exact latencies (DRAMsim3 style), FR-FCFS, outstanding limit, bandwidth.
#include <QtTest/QtTest>

#include <set>

#include "core/sim/hbm2_channel.h"

using namespace spatten::core;

namespace {
// Ticks until `count` completions arrived; returns the cycle of the last one.
std::uint64_t runUntilDone(Hbm2Channel& ch, std::uint64_t& cycle, std::size_t count,
                           std::vector<DramCompletion>& out) {
  while (out.size() < count && cycle < 100000) ch.tick(cycle++, out);
  return out.empty() ? 0 : out.back().doneCycle;
}
// Address of channel-0 transaction t (channel bits are [5..8] with 16 channels).
std::uint64_t ch0(std::uint64_t t) { return t << 9; }
// Channel-0 transaction index of the first row after row 0 that the bank hash maps to the same
// pseudo-channel, bank group and bank as transaction 0.
std::uint64_t sameBankOtherRow(const DramGeometry& g) {
  const std::uint64_t perRow = std::uint64_t(g.pseudoChannels) * g.columns * g.bankGroups * g.banksPerGroup;
  const DramLocation a = decodeAddress(g, ch0(0));
  for (std::uint64_t r = 1;; ++r) {
    const DramLocation b = decodeAddress(g, ch0(r * perRow));
    if (b.bank == a.bank && b.bankGroup == a.bankGroup && b.pseudoChannel == a.pseudoChannel) return r * perRow;
  }
}
}  // namespace

class TstHbm2 : public QObject {
  Q_OBJECT
private slots:
  void loneReadRowMiss() {
    HwConfig hw;
    Hbm2Channel ch(hw, 0);
    std::vector<DramCompletion> done;
    std::uint64_t cycle = 0;
    ch.push(DramTx{ch0(0)});
    runUntilDone(ch, cycle, 1, done);
    QCOMPARE(done.size(), std::size_t{1});
    QCOMPARE(done[0].enqueueCycle, std::uint64_t{0});
    QCOMPARE(done[0].doneCycle, std::uint64_t(hw.nRCD + hw.nCL + hw.nBL));  // 7 + 7 + 2
    QVERIFY(!done[0].rowHit);
  }
  void loneReadRowHit() {
    HwConfig hw;
    Hbm2Channel ch(hw, 0);
    std::vector<DramCompletion> done;
    std::uint64_t cycle = 0;
    ch.push(DramTx{ch0(0)});
    runUntilDone(ch, cycle, 1, done);
    const std::uint64_t start = cycle;
    ch.push(DramTx{ch0(2)});  // same pseudo-channel, same row, next column
    runUntilDone(ch, cycle, 2, done);
    QCOMPARE(done[1].enqueueCycle, start);
    QCOMPARE(done[1].doneCycle - done[1].enqueueCycle, std::uint64_t(hw.nCL + hw.nBL));
    QVERIFY(done[1].rowHit);
  }
  void rowConflict() {
    HwConfig hw;
    Hbm2Channel ch(hw, 0);
    std::vector<DramCompletion> done;
    std::uint64_t cycle = 0;
    ch.push(DramTx{ch0(0)});
    runUntilDone(ch, cycle, 1, done);
    // Same pseudo-channel, bank group and bank, different row.
    const auto g = DramGeometry::from(hw);
    const std::uint64_t rowStride = sameBankOtherRow(g);
    const DramLocation a = decodeAddress(g, ch0(0)), b = decodeAddress(g, ch0(rowStride));
    QVERIFY(b.row != a.row);
    const std::uint64_t start = cycle;
    ch.push(DramTx{ch0(rowStride)});
    runUntilDone(ch, cycle, 2, done);
    // PRE waits for tRAS after the first ACT (at cycle 0), then tRP + tRCD + tCL + burst.
    const std::uint64_t pre = std::max<std::uint64_t>(start, std::uint64_t(hw.nRAS));
    QCOMPARE(done[1].doneCycle, pre + hw.nRP + hw.nRCD + hw.nCL + hw.nBL);
    QVERIFY(!done[1].rowHit);
  }
  void frfcfsServesHitsFirst() {
    HwConfig hw;
    Hbm2Channel ch(hw, 0);
    std::vector<DramCompletion> done;
    std::uint64_t cycle = 0;
    const auto g = DramGeometry::from(hw);
    const std::uint64_t rowStride = sameBankOtherRow(g);
    ch.push(DramTx{ch0(0), 0, 0});
    ch.tick(cycle++, done);  // ACT row 0
    ch.push(DramTx{ch0(rowStride), 0, 1});  // conflict (older)
    ch.tick(cycle++, done);
    ch.push(DramTx{ch0(2), 0, 2});  // hit (younger)
    runUntilDone(ch, cycle, 3, done);
    QCOMPARE(done[0].tx.index, 0u);
    QCOMPARE(done[1].tx.index, 2u);  // the younger row hit overtook the conflict
    QCOMPARE(done[2].tx.index, 1u);
  }
  void rowAndColumnCommandsIssueTogether() {
    // HBM2's separate row and column command buses: a row hit's RD and another bank's ACT can
    // issue in the same cycle, so neither delays the other.
    HwConfig hw;
    Hbm2Channel ch(hw, 0);
    const auto g = DramGeometry::from(hw);
    std::vector<DramCompletion> done;
    std::uint64_t cycle = 0;
    ch.push(DramTx{ch0(0), 0, 0});
    runUntilDone(ch, cycle, 1, done);
    // Transaction 2 hits row 0 of bank A; one row-set later is another bank (bank hash).
    const std::uint64_t perRow = std::uint64_t(g.pseudoChannels) * g.columns;
    const DramLocation a = decodeAddress(g, ch0(0)), b = decodeAddress(g, ch0(perRow));
    QVERIFY(a.bank != b.bank || a.bankGroup != b.bankGroup);
    while (cycle < 40) ch.tick(cycle++, done);  // past tRAS/tRC of the first ACT
    ch.push(DramTx{ch0(2), 0, 1});  // hit, RD at 40; the pseudo-channel's next RD at 40 + nBL
    ch.tick(cycle++, done);
    ch.push(DramTx{ch0(4), 0, 2});  // hit, waits for the pseudo-channel until 42
    ch.tick(cycle++, done);
    const std::uint64_t t0 = cycle;  // 42: the hit's RD and the miss's ACT are both ready
    ch.push(DramTx{ch0(perRow), 0, 3});
    runUntilDone(ch, cycle, 4, done);
    QCOMPARE(done[2].tx.index, 2u);
    QCOMPARE(done[2].issueCycle, t0);
    QCOMPARE(done[3].tx.index, 3u);
    QCOMPARE(done[3].issueCycle - t0, std::uint64_t(hw.nRCD));  // ACT at t0 too, RD tRCD later
  }
  void refreshBlocksTheChannel() {
    HwConfig hw;
    Hbm2Channel ch(hw, 3);
    std::vector<DramCompletion> done;
    std::uint64_t cycle = 0;
    while (cycle < std::uint64_t(hw.nREFI)) ch.tick(cycle++, done);  // idle until refresh is due
    QVERIFY(!ch.refreshing(cycle));
    ch.push(DramTx{ch0(0)});
    ch.tick(cycle++, done);  // refresh starts at nREFI, before the read's ACT
    QVERIFY(ch.refreshing(cycle));
    runUntilDone(ch, cycle, 1, done);
    // PREA at nREFI (all banks closed already), REFab tRP later, ACT after tRFC.
    const std::uint64_t act = std::uint64_t(hw.nREFI + hw.nRP + hw.nRFC);
    QCOMPARE(done[0].issueCycle, act + hw.nRCD);
    QCOMPARE(done[0].doneCycle, act + hw.nRCD + hw.nCL + hw.nBL);
    QCOMPARE(ch.refreshes(), std::uint64_t{1});
    // With nREFI = 0 there is no refresh.
    hw.nREFI = 0;
    Hbm2Channel off(hw, 3);
    std::vector<DramCompletion> d2;
    std::uint64_t c2 = 0;
    while (c2 < 3900) off.tick(c2++, d2);
    off.push(DramTx{ch0(0)});
    runUntilDone(off, c2, 1, d2);
    QCOMPARE(d2[0].doneCycle - d2[0].enqueueCycle, std::uint64_t(hw.nRCD + hw.nCL + hw.nBL));
    QCOMPARE(off.refreshes(), std::uint64_t{0});
  }
  void bankHashSpreadsAlignedRegions() {
    // Regions of the simulator's layout start on 16 MiB boundaries; without the hash they would
    // all start in bank group 0, bank 0 of every pseudo-channel.
    HwConfig hw;
    const auto g = DramGeometry::from(hw);
    std::set<int> banks;
    for (std::uint64_t region = 0; region < 16; ++region) {
      const DramLocation l = decodeAddress(g, region << 24);
      banks.insert(l.bankGroup * g.banksPerGroup + l.bank);
    }
    QCOMPARE(banks.size(), std::size_t(16));
  }
  void outstandingLimitAndStreamingBandwidth() {
    HwConfig hw;
    Hbm2Channel ch(hw, 0);
    std::vector<DramCompletion> done;
    std::uint64_t cycle = 0, next = 0;
    const std::uint64_t n = 4096;
    std::size_t maxOut = 0;
    while (done.size() < n && cycle < 100000) {
      if (next < n && ch.canAccept()) ch.push(DramTx{ch0(next), 0, static_cast<std::uint32_t>(next++)});
      ch.tick(cycle++, done);
      maxOut = std::max(maxOut, ch.outstanding());
    }
    QCOMPARE(done.size(), std::size_t(n));
    QVERIFY(maxOut <= std::size_t(hw.hbmMaxOutstanding));
    // Sequential stream over both pseudo-channels: close to 32 B/cycle per channel.
    const double bytesPerCycle = 32.0 * n / static_cast<double>(cycle);
    QVERIFY2(bytesPerCycle > 24.0 && bytesPerCycle <= 32.0, qPrintable(QString::number(bytesPerCycle)));
  }
  // counters() are the reads retired so far, whatever is in flight: checked at every cycle
  // against the completions delivered, on a stream of row hits and conflicts across a refresh.
  void countersAreTheRetiredReads() {
    HwConfig hw;
    hw.nREFI = 600;  // a few refreshes inside the run
    Hbm2Channel ch(hw, 0);
    const DramGeometry g = DramGeometry::from(hw);
    const std::uint64_t conflict = sameBankOtherRow(g);
    std::vector<DramCompletion> done;
    std::uint64_t cycle = 0, next = 0, transactions = 0, rowHits = 0, latency = 0;
    const std::uint64_t n = 3000;
    while (done.size() < n && cycle < 200000) {
      // Mostly a sequential stream, every fifth read to a row that conflicts with row 0's bank.
      const std::uint64_t t = next % 5 == 4 ? conflict + next % 32 : next;
      if (next < n && ch.canAccept()) ch.push(DramTx{ch0(t), 0, static_cast<std::uint32_t>(next++)});
      const std::size_t before = done.size();
      ch.tick(cycle++, done);
      for (std::size_t i = before; i < done.size(); ++i) {
        ++transactions;
        rowHits += done[i].rowHit ? 1 : 0;
        latency += done[i].doneCycle - done[i].enqueueCycle;
      }
      const Hbm2Channel::Counters k = ch.counters();
      QCOMPARE(k.transactions, transactions);
      QCOMPARE(k.rowHits, rowHits);
      QCOMPARE(k.latencySum, latency);
      QCOMPARE(ch.retiredReads(), transactions);
    }
    QCOMPARE(done.size(), std::size_t(n));
    QVERIFY(ch.refreshes() > 0);
    QVERIFY(rowHits > 0 && rowHits < n);
  }
  void addressInterleaving() {
    HwConfig hw;
    const auto g = DramGeometry::from(hw);
    for (int c = 0; c < 16; ++c) QCOMPARE(decodeAddress(g, std::uint64_t(c) * 32).channel, c);
    QCOMPARE(decodeAddress(g, 16 * 32).channel, 0);
    QCOMPARE(decodeAddress(g, 16 * 32).pseudoChannel, 1);
  }
};

QTEST_APPLESS_MAIN(TstHbm2)
#include "tst_hbm2.moc"
