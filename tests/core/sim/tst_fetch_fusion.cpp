// Fetcher: the RTL's two-head key fusion (profile (6 bit, fused 2)) and the separate key- and
// value-buffer allocation limits (two BufferManagers, maxReq = 16 each). Expected byte counts are
// worked out by hand from the layout rules in docs/simulator.md, not taken from the simulator.
#include <QtTest/QtTest>
#include <memory>

#include "core/sim/simulator.h"
#include "sim_test_util.h"

using namespace spatten::core;

namespace {
// One generation request: `keys` alive keys out of a sentence of `len` tokens (keys < len: a
// seeded scattered subset, as for an imported CSV), 6-bit key MSBs, 4-bit LSBs, 6-bit values.
Request req6(int layer, int head, int keys, int len, bool refetch = false) {
  return test::request(layer, head, keys, keys / 5, len, 6, refetch);
}
std::shared_ptr<const Workload> make(std::vector<Request> reqs) {
  return test::workloadOf(std::move(reqs));
}
SimStats runWith(const std::shared_ptr<const Workload>& w, int fuse,
                 std::uint32_t* maxKeyLines = nullptr) {
  HwConfig hw;
  hw.fuseHeads = fuse;
  Simulator sim(w, hw, 3, LogLevel::Full);
  std::uint32_t lines = 0;
  while (!sim.finished()) {
    sim.step();
    lines = std::max(lines, sim.snapshot()->keyBufferUsedLines);
  }
  if (maxKeyLines) *maxKeyLines = lines;
  return sim.stats();
}
std::uint64_t kMsb(const SimStats& s) {
  return s.dramBytes[static_cast<int>(DataKind::KMsb)];
}
std::uint64_t kLsb(const SimStats& s) {
  return s.dramBytes[static_cast<int>(DataKind::KLsb)];
}
}  // namespace

class TstFetchFusion : public QObject {
  Q_OBJECT
private slots:
  // Two heads' 48-byte keys side by side are one 96-byte vector: exactly 3 aligned transactions
  // per alive key, however scattered the keys are. Unfused, a scattered 48-byte key straddles
  // 2 transactions, so the pair costs more.
  void fusedPairFetchesThreeBeatsPerKey() {
    auto w = make({req6(0, 0, 100, 400), req6(0, 1, 100, 400)});
    std::uint32_t fusedLines = 0, aloneLines = 0;
    const SimStats fused = runWith(w, 1, &fusedLines);
    const SimStats alone = runWith(w, 0, &aloneLines);
    QCOMPARE(kMsb(fused), std::uint64_t(100 * 96));
    QCOMPARE(fused.payloadBytes[static_cast<int>(DataKind::KMsb)], std::uint64_t(100 * 96));
    QVERIFY2(kMsb(alone) > kMsb(fused), qPrintable(QString::number(kMsb(alone))));
    QVERIFY(kMsb(alone) <= std::uint64_t(2 * 100 * 64));  // at most 2 transactions per key
    QCOMPARE(fused.requestsDone, std::uint64_t(2));
    QCOMPARE(fused.qkMacs, std::uint64_t(2 * 100 * 64));  // both heads scored every key
    // On chip the pair still takes one head's lines each: 2 x ceil(100 / 8) = 26 (RTL
    // keymatNumLines x fused_mat), held together until both are decided.
    QCOMPARE(fusedLines, std::uint32_t(26));
    QVERIFY(aloneLines <= std::uint32_t(26));
  }
  // Each head of a fused pair has its own LSB planes (profile (4 bit, fused 1)): 32 B per key.
  void fusedPairRefetchesLsbPerHead() {
    auto w = make({req6(1, 0, 80, 300, true), req6(1, 1, 80, 300, true)});
    const SimStats s = runWith(w, 1);
    QCOMPARE(s.lsbRefetches, std::uint64_t(2));
    QCOMPARE(kLsb(s), std::uint64_t(2 * 80 * 32));
    QCOMPARE(kMsb(s), std::uint64_t(80 * 96));
    QCOMPARE(s.qkMacsRecompute, std::uint64_t(2 * 80 * 64));
  }
  // A pair fetches one key list for both heads, so heads whose known key lists differ
  // (Request::keyIds of a per-head KV-cache policy) never pair, even with equal counts. Head 0
  // keeps the even tokens, head 1 the odd ones: unfused each 48-byte key straddles two
  // transactions (even: blocks 3j, 3j+1; odd: 3j+1, 3j+2), 2 x 100 x 64 B; fused would be 100 x 96.
  void pairsNeedEqualKeyLists() {
    auto ids = [](int first) {
      auto v = std::make_shared<std::vector<int>>();
      for (int j = 0; j < 100; ++j) v->push_back(2 * j + first);
      return std::shared_ptr<const std::vector<int>>(v);
    };
    Request a = req6(0, 0, 100, 400), b = req6(0, 1, 100, 400);
    a.keyIds = ids(0);
    b.keyIds = ids(1);
    QCOMPARE(kMsb(runWith(make({a, b}), 1)), std::uint64_t(2 * 100 * 64));
    b.keyIds = ids(0);  // equal lists (a different object): the pair fuses
    QCOMPARE(kMsb(runWith(make({a, b}), 1)), std::uint64_t(100 * 96));
  }
  // Pairs form greedily inside an (iteration, layer): heads 0+1 fuse, head 2 is alone; a request
  // of the next layer never fuses with one of this layer, and 8-bit keys (64 B) never fuse.
  void pairingRules() {
    auto w =
        make({req6(0, 0, 64, 200), req6(0, 1, 64, 200), req6(0, 2, 64, 200), req6(1, 0, 64, 200)});
    const SimStats a = runWith(w, 1);
    const SimStats b = runWith(w, 0);
    // Unfused cost of the lone requests, measured with fusion off on them alone.
    const SimStats lone2 = runWith(make({req6(0, 2, 64, 200)}), 0);
    const SimStats lone3 = runWith(make({req6(1, 0, 64, 200)}), 0);
    QCOMPARE(kMsb(a), std::uint64_t(64 * 96) + kMsb(lone2) + kMsb(lone3));
    QVERIFY(kMsb(b) > kMsb(a));
    Request e0 = req6(0, 0, 64, 200), e1 = req6(0, 1, 64, 200);
    e0.keyMsbBits = e1.keyMsbBits = 8;
    const SimStats e = runWith(make({e0, e1}), 1);
    const SimStats f = runWith(make({e0, e1}), 0);
    QCOMPARE(kMsb(e), kMsb(f));
    QCOMPARE(kMsb(e), std::uint64_t(2 * 64 * 64));  // 64 B keys: 2 aligned beats each
  }
  // The key buffer's limit counts requests until their requant decision, the value buffer's
  // from the V fetch to the end of prob x V: with a limit of 1 the next request is admitted
  // (its Q/K fetch starts) before the previous one has finished prob x V.
  void separateKeyAndValueAllocationLimits() {
    std::vector<Request> v;
    for (int h = 0; h < 4; ++h) {
      Request r = req6(0, h, 120, 120);
      r.keyMsbBits = 8;  // no fusion: one request per allocation
      v.push_back(r);
    }
    HwConfig hw;
    hw.maxInflightRequests = 1;
    Simulator sim(make(v), hw, 1, LogLevel::Full);
    std::uint64_t fetch1 = ~0ull, avEnd0 = 0;
    std::uint32_t maxKeyReqs = 0, maxValReqs = 0;
    while (!sim.finished()) {
      sim.step();
      SnapshotPtr s = sim.snapshot();
      maxKeyReqs = std::max(maxKeyReqs, s->keyBufferRequests);
      maxValReqs = std::max(maxValReqs, s->valueBufferRequests);
    }
    sim.log().forEach([&](const Event& e) {
      if (e.kind != EventKind::ModuleBusy) return;
      if (e.module == static_cast<std::uint8_t>(ModuleId::Fetcher) && e.request == 1)
        fetch1 = std::min(fetch1, e.cycle);
      if (e.module == static_cast<std::uint8_t>(ModuleId::AttnV) && e.request == 0)
        avEnd0 = std::max<std::uint64_t>(avEnd0, e.cycle + e.duration);
    });
    QCOMPARE(maxKeyReqs, std::uint32_t(1));
    QCOMPARE(maxValReqs, std::uint32_t(1));
    QVERIFY2(fetch1 < avEnd0, qPrintable(QStringLiteral("%1 vs %2").arg(fetch1).arg(avEnd0)));
    QCOMPARE(sim.stats().requestsDone, std::uint64_t(4));
  }
};

QTEST_APPLESS_MAIN(TstFetchFusion)
#include "tst_fetch_fusion.moc"
