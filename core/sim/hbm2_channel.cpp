#include "core/sim/hbm2_channel.h"

#include <algorithm>
#include <bit>
#include <cassert>
#include <utility>

#include "core/util/error.h"

namespace spatten::core {

DramGeometry DramGeometry::from(const HwConfig& hw) {
  DramGeometry g;
  g.channelBits = std::countr_zero(static_cast<unsigned>(hw.hbmChannels));
  g.pseudoChannels = hw.hbmPseudoChannels;
  g.columns = hw.hbmRowBytes / hw.hbmTransactionBytes;
  g.bankGroups = hw.hbmBankGroups;
  g.banksPerGroup = hw.hbmBanksPerGroup;
  return g;
}

namespace {

// Returns t mod n and leaves t / n in t; a mask and a shift when n is a power of two (always for
// the pseudo-channels and columns, usually for the rest: a division costs tens of cycles and this
// runs for every transaction).
int takeDigit(std::uint64_t& t, int n) {
  const auto u = static_cast<std::uint64_t>(n);
  std::uint64_t digit;
  if ((u & (u - 1)) == 0) {
    digit = t & (u - 1);
    t >>= std::countr_zero(u);
  } else {
    digit = t % u;
    t /= u;
  }
  return static_cast<int>(digit);
}

}  // namespace

DramLocation decodeAddress(const DramGeometry& g, std::uint64_t addr) {
  DramLocation l;
  l.channel = static_cast<int>((addr >> kTransactionShift) & ((1u << g.channelBits) - 1));
  std::uint64_t t = addr >> (kTransactionShift + g.channelBits);  // channel-local transaction index
  l.pseudoChannel = takeDigit(t, g.pseudoChannels);
  takeDigit(t, g.columns);  // column within the row
  l.bankGroup = takeDigit(t, g.bankGroups);
  l.bank = takeDigit(t, g.banksPerGroup);
  l.row = static_cast<std::uint32_t>(t);
  // Permutation-based interleaving (Zhang et al., MICRO'00): the bank-group and bank bits are
  // XORed with a fold of all row bits, as memory controllers do, so that data regions that start
  // on the same bank (every region of the layout is row-aligned) spread over all banks.
  std::uint32_t fold = l.row;  // XOR of the row's eight 4-bit digits
  fold ^= fold >> 16;
  fold ^= fold >> 8;
  fold ^= fold >> 4;
  fold &= 15u;
  l.bankGroup ^= static_cast<int>(fold % static_cast<unsigned>(g.bankGroups));
  l.bank ^= static_cast<int>((fold / static_cast<unsigned>(g.bankGroups)) %
                             static_cast<unsigned>(g.banksPerGroup));
  return l;
}

Hbm2Channel::Hbm2Channel(const HwConfig& hw, int id)
    : m_maxOutstanding(static_cast<std::uint32_t>(hw.hbmMaxOutstanding)),
      m_slots(m_maxOutstanding + kPortDepth),
      m_banks(
          static_cast<std::size_t>(hw.hbmPseudoChannels * hw.hbmBankGroups * hw.hbmBanksPerGroup)),
      m_pcs(static_cast<std::size_t>(hw.hbmPseudoChannels)),
      m_groupNextRd(static_cast<std::size_t>(hw.hbmPseudoChannels * hw.hbmBankGroups), 0),
      m_groupNextAct(m_groupNextRd.size(), 0),
      m_id(id),
      m_nBL(static_cast<std::uint64_t>(hw.nBL)),
      m_nCL(static_cast<std::uint64_t>(hw.nCL)),
      m_nRCD(static_cast<std::uint64_t>(hw.nRCD)),
      m_nRP(static_cast<std::uint64_t>(hw.nRP)),
      m_nRAS(static_cast<std::uint64_t>(hw.nRAS)),
      m_nRC(static_cast<std::uint64_t>(hw.nRC)),
      m_nRTP(static_cast<std::uint64_t>(hw.nRTP)),
      m_nCCDS(static_cast<std::uint64_t>(hw.nCCDS)),
      m_nCCDL(static_cast<std::uint64_t>(hw.nCCDL)),
      m_nRRDS(static_cast<std::uint64_t>(hw.nRRDS)),
      m_nRRDL(static_cast<std::uint64_t>(hw.nRRDL)),
      m_nFAW(static_cast<std::uint64_t>(hw.nFAW)),
      m_nREFI(static_cast<std::uint64_t>(hw.nREFI)),
      m_nRFC(static_cast<std::uint64_t>(hw.nRFC)),
      m_banksPerPc(hw.hbmBankGroups * hw.hbmBanksPerGroup),
      m_banksPerGroup(hw.hbmBanksPerGroup),
      m_groupsPerPc(hw.hbmBankGroups),
      m_groupShift(std::countr_zero(static_cast<unsigned>(hw.hbmBankGroups))) {
  static_assert(4 * 16 * 16 <= 1 << kBankBits, "hw_params bounds the banks of a channel");
  if (!std::has_single_bit(static_cast<unsigned>(hw.hbmBankGroups)) ||
      m_banks.size() > std::size_t{1} << kBankBits)
    throw Error("<hardware>", "hbm.bank_groups", "must be a power of two, at most 1024 banks");
  m_queuedWords = static_cast<std::uint32_t>((m_banks.size() + 63) / 64);
  m_shared.assign(kCommands * m_groupNextRd.size(), 0);
  for (std::size_t i = m_slots.size(); i-- > 0;) {  // slot 0 first, as a stack would
    m_slots[i].next = m_freeSlot;
    m_freeSlot = static_cast<std::uint32_t>(i);
  }
  for (std::size_t i = 0; i < m_banks.size(); ++i) {
    const int bank = static_cast<int>(i);
    const auto group = static_cast<std::uint32_t>(bank / m_banksPerPc * m_groupsPerPc +
                                                  bank % m_banksPerPc / m_banksPerGroup);
    m_banks[i].group = static_cast<std::uint16_t>(group);
    m_banks[i].shared = static_cast<std::uint16_t>(group << 2 | kAct);
  }
  if (m_nREFI > 0) m_nextRefresh = m_nREFI;
  m_latency = m_nCL + m_nBL;
  m_rdGapPc = std::max(m_nBL, m_nCCDS);
  m_rdGapGroup = std::max(m_nBL, m_nCCDL);
  m_geo = DramGeometry::from(hw);
  const auto pow2 = [](int n) { return n > 0 && (n & (n - 1)) == 0; };
  m_pow2 = pow2(m_geo.pseudoChannels) && pow2(m_geo.columns) && pow2(m_geo.bankGroups) &&
           pow2(m_geo.banksPerGroup) && m_geo.bankGroups * m_geo.banksPerGroup <= 16;
  if (m_pow2) {
    const auto log2 = [](int n) { return std::countr_zero(static_cast<unsigned>(n)); };
    m_localShift = kTransactionShift + m_geo.channelBits;
    m_pcMask = static_cast<std::uint64_t>(m_geo.pseudoChannels - 1);
    m_bgShift = log2(m_geo.pseudoChannels) + log2(m_geo.columns);
    m_rowShift = log2(m_geo.bankGroups) + log2(m_geo.banksPerGroup);
    m_bgBankMask = static_cast<std::uint32_t>(m_banksPerPc - 1);
    m_bgMask = static_cast<std::uint32_t>(m_geo.bankGroups - 1);
    m_bgBits = log2(m_geo.bankGroups);
    m_bankBits = log2(m_geo.banksPerGroup);
  }
}

// Flattened: scan, accept, issue and retire are called from here only; inlined, they share
// registers and the channel pointer (1-2 % of a run; link-time optimisation inlines them too).
template <typename Sink>
[[gnu::flatten]] void Hbm2Channel::tickActive(std::uint64_t cycle, Sink& done) {
  m_busy = false;
  // A pending refresh keeps m_nextRefresh (<= cycle) until it starts: one compare covers both.
  if (cycle >= m_nextRefresh && tryRefresh(cycle)) {  // runs even when idle
    refreshWait(cycle, done);
    return;
  }
  if (m_inFifo.empty() && m_outstanding == 0) {
    m_wake = m_nextRefresh;  // or a push()
    return;
  }
  // Before m_cmdWake no queued read's command becomes ready (issuing only pushes timers later,
  // and any issue forces a scan next cycle). So until then only a newly accepted read can change
  // the commands. (A tick with nothing due does nothing below; m_wake makes those rare: none in
  // the official traces.)
  const bool cmdDue = cycle >= m_cmdWake;
  // 1. Retire reads whose data burst has finished (m_minDone: the first in-flight read's).
  if (cycle >= m_minDone) retire(cycle, done);
  // 2. Accept one transaction per cycle from the address FIFO.
  std::uint32_t accepted = kNil;
  if (!m_inFifo.empty() && outstanding() < m_maxOutstanding) accepted = accept(cycle);
  // 3. Commands: HBM2 has separate row (ACT/PRE) and column (RD) command buses (JESD235), so
  //    one column command and one row command may issue in the same cycle.
  // Both commands are chosen from the state before either issues. The column command first, as
  // a controller would: a RD changes, for the row bus, only its own bank, which had a read
  // hitting its open row (so was no PRE/ACT candidate) and cannot precharge before tRTP >= 1.
  // Before m_cmdWake every bank's command is not ready except, perhaps, the accepted read's bank
  // (its command may have changed): only that bank is looked at.
  Pick p;
  if (cmdDue)
    p = scan(cycle);
  else if (accepted != kNil)
    p = consider(cycle, accepted);
  if (p.col != ~0ull) issueColumn(cycle, p.colBank());
  if (p.row != ~0ull) issueRow(cycle, p.rowBank());
  const bool issued = (p.col & p.row) != ~0ull;
  assert(issued || m_cmdWake > cycle);  // a ready bank's command issues (evalBank)
  // Any issue forces a scan next cycle (an exact bound after issuing, recomputing the banks that
  // were ready, was tried twice: its extra work cost as much as the scans it saved).
  if (issued) m_cmdWake = cycle + 1;
  m_busy = outstanding() > 0;  // an issued command's read is still outstanding
  setWake(cycle);
}

template <typename Sink>
[[gnu::flatten]] std::uint64_t Hbm2Channel::tickDue(Hbm2Channel* channels, std::size_t count,
                                                    std::uint64_t* wakes, std::uint64_t cycle,
                                                    Sink& done, std::uint64_t& busy,
                                                    std::uint64_t& room) {
  std::uint64_t busyBits = busy, roomBits = room;
  std::uint64_t next = ~0ull;
  for (std::size_t c = 0; c < count; ++c) {
    std::uint64_t wake = wakes[c];
    if (cycle >= wake) {  // else the channel's busy state stays, its port too
      Hbm2Channel& ch = channels[c];
      ch.tickActive(cycle, done);
      wake = wakes[c] = ch.m_wake;
      const std::uint64_t bit = 1ull << c;
      busyBits = ch.m_busy ? busyBits | bit : busyBits & ~bit;
      roomBits = ch.canAccept() ? roomBits | bit : roomBits & ~bit;
    }
    next = std::min(next, wake);
  }
  busy = busyBits;
  room = roomBits;
  return next;
}

void Hbm2Channel::setWake(std::uint64_t cycle) {
  const std::uint64_t wake = std::min({m_cmdWake, m_minDone, m_nextRefresh});  // incl. a new read's
  // The next cycle when the port has a transaction the queue can take (a select, not a branch).
  const bool portDue = !m_inFifo.empty() && outstanding() < m_maxOutstanding;
  m_wake = portDue ? cycle + 1 : wake;
}

// A cycle of a pending refresh (it waits for tRAS / tRTP / the row bus): reads still retire and
// are accepted, no command issues; tried again next cycle.
template <typename Sink>
void Hbm2Channel::refreshWait(std::uint64_t cycle, Sink& done) {
  m_wake = cycle + 1;
  if (m_inFifo.empty() && m_outstanding == 0) return;
  if (cycle >= m_minDone) retire(cycle, done);
  if (!m_inFifo.empty() && outstanding() < m_maxOutstanding) accept(cycle);
  m_cmdWake = cycle + 1;
  m_busy = true;
}

// Reads finish in issue order (constant nCL + nBL after their RD); a read keeps its slot until
// it retires. At most one RD issues per cycle (one column command), so the reads' done cycles
// differ and exactly one read retires in a cycle >= m_minDone (ticked every cycle from then).
template <typename Sink>
void Hbm2Channel::retire([[maybe_unused]] std::uint64_t cycle, Sink& done) {
  const auto latency = m_latency;
  assert(m_inflightCount == 1 ||
         m_slots[m_slots[m_inflightHead].next].issueCycle + latency > cycle);
  const std::uint32_t si = m_inflightHead;
  Slot& s = m_slots[si];
  deliver(done, s, latency);
  m_inflightHead = s.next;
  --m_inflightCount;
  --m_outstanding;
  s.next = m_freeSlot;
  m_freeSlot = si;
  m_minDone = m_inflightCount == 0 ? ~0ull : m_slots[m_inflightHead].issueCycle + latency;
}

std::uint32_t Hbm2Channel::accept(std::uint64_t cycle) {
  const std::uint32_t si = m_inFifo.front();
  m_inFifo.pop();
  Slot& s = m_slots[si];
  s.enqueueCycle = cycle;
  s.next = kNil;
  s.rowHit = true;
  Bank& b = m_banks[s.bank];
  s.prev = b.tail;
  if (b.tail == kNil) {
    b.head = si;
    setQueued(s.bank, true);
  } else {
    m_slots[b.tail].next = si;
  }
  b.tail = si;
  const bool firstHit = b.hit == kNil && b.openRow == static_cast<std::int64_t>(s.row);
  b.hit = firstHit ? si : b.hit;  // a select, not a branch
  updateBank(s.bank);
  ++m_outstanding;
  return s.bank;
}

Hbm2Channel::Counters Hbm2Channel::counters() const {
  Counters k = m_issued;
  std::uint32_t si = m_inflightHead;
  for (std::uint32_t i = 0; i < m_inflightCount; ++i, si = m_slots[si].next) {
    const Slot& s = m_slots[si];
    --k.transactions;
    k.rowHits -= s.rowHit ? 1 : 0;
    k.latencySum -= s.issueCycle + m_latency - s.enqueueCycle;
  }
  return k;
}

bool Hbm2Channel::tryRefresh(std::uint64_t cycle) {
  m_refreshPending = true;
  for (const Bank& b : m_banks)
    if (b.openRow >= 0 && b.timer[kPre] > cycle) return true;  // tRAS / tRTP of an open row
  if (m_nextRowCmd > cycle) return true;
  // PREA now, REFab after tRP, banks usable again after tRFC.
  const std::uint64_t done = cycle + (m_nRP + m_nRFC);
  for (std::size_t i = 0; i < m_banks.size(); ++i) {
    Bank& b = m_banks[i];
    b.openRow = -1;
    b.hit = kNil;
    b.timer[kAct] = std::max(b.timer[kAct], done);
    if (b.head != kNil) updateBank(static_cast<std::uint32_t>(i));
  }
  m_refreshUntil = done;
  m_nextRefresh += m_nREFI;
  m_refreshPending = false;
  ++m_refreshes;
  return false;
}

// max(a, b) by a conditional move, never a branch: which of a bank's own and shared timers is
// later changes from bank to bank, and GCC compiles std::max in the scan to a branch in some
// contexts (mispredicted, it cost 11 % of a whole run; see docs/performance.md, session 38).
[[gnu::always_inline]] inline std::uint64_t maxByCmov(std::uint64_t a, std::uint64_t b) {
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)  // GCC (clang: a cmov)
  asm("cmp %1, %0\n\tcmovb %1, %0" : "+r"(a) : "rm"(b) : "cc");
  return a;
#else
  return std::max(a, b);
#endif
}

// One bank of a scan, without branches (which way each goes depends on the data, and
// mispredictions were most of a scan's time): a ready bank offers its candidate's key to the
// column pick (RD) or the row pick (PRE/ACT); every bank lowers the wake bound to its ready
// cycle. A ready bank lowers it to `cycle` or before, but then a command issues this cycle,
// which sets the bound to cycle + 1 (tickActive): so the bound is, exactly, the first cycle at
// which a bank not ready now becomes ready (or cycle + 1 after an issue), without masking the
// ready banks out of the minimum.
[[gnu::always_inline]] inline void Hbm2Channel::evalBank(std::uint64_t cycle, std::uint32_t bi,
                                                         std::uint64_t& wake, Pick& p) const {
  const Bank& e = m_banks[bi];
  const std::uint32_t sh = e.shared;
  const std::uint64_t at = maxByCmov(e.timer[sh & (kCommands - 1)], m_shared[sh]);
  const std::uint64_t notReady = 0 - static_cast<std::uint64_t>(at > cycle);  // 0 or ~0
  wake = std::min(wake, at);
  p.col = std::min(p.col, e.colKey | notReady);
  p.row = std::min(p.row, e.rowKey | notReady);
}

// The shared part of each command's timing (Bank): RD waits for the pseudo-channel and the
// bank group (tCCD), PRE for the row command bus, ACT for tRRD, tFAW and the row command bus (an
// ACT holds it for 2 cycles: Ramulator2 HBM2, ACT -> ACT/PRE at channel level).
void Hbm2Channel::updateShared(std::uint32_t pcIndex, bool act) {
  const std::size_t perPc = static_cast<std::size_t>(m_groupsPerPc);
  if (!act) {  // a RD: the pseudo-channel's and its bank groups' RD timers (kRd of each group)
    const std::uint64_t pcNextRd = m_pcs[pcIndex].nextRd;
    std::uint64_t* sh = &m_shared[pcIndex * perPc * kCommands + kRd];
    const std::uint64_t* g = &m_groupNextRd[pcIndex * perPc];
    // With a group gap no longer than the pseudo-channel's (HBM2: both tBL), every group's timer
    // is at most this RD's cycle + that gap (the other groups' last RDs came in earlier cycles):
    // the pseudo-channel's timer rules them all.
    const bool pcRules = m_rdGapGroup <= m_rdGapPc;
    if (perPc == 4 && pcRules) {  // HBM2's 4 bank groups: unrolled (this runs at every RD)
      for (std::size_t i = 0; i < 4; ++i) sh[i * kCommands] = pcNextRd;
      return;
    }
    for (std::size_t i = 0; i < perPc; ++i)
      sh[i * kCommands] = pcRules ? pcNextRd : std::max(pcNextRd, g[i]);
    return;
  }
  // An ACT: the row command bus (PRE), and tRRD, tFAW and the row bus (ACT) of every group: one
  // flat loop over the groups, unrolled for 8 of them (HBM2: 2 pseudo-channels x 4; this runs at
  // every ACT).
  std::uint64_t* sh = m_shared.data();
  const Pc* pcs = m_pcs.data();
  const std::uint64_t* groupNextAct = m_groupNextAct.data();
  const std::uint64_t bus = m_nextRowCmd;
  const int shift = m_groupShift;
  const auto update = [&](std::size_t groups) {
    for (std::size_t g = 0; g < groups; ++g) {
      const std::uint64_t actReady = std::max(pcs[g >> shift].actReady, bus);
      sh[g * kCommands + kAct] = std::max(actReady, groupNextAct[g]);
      sh[g * kCommands + kPre] = bus;
    }
  };
  if (m_groupNextAct.size() == 8)
    update(8);
  else
    update(m_groupNextAct.size());
}

Hbm2Channel::Pick Hbm2Channel::consider(std::uint64_t cycle, std::uint32_t bi) {
  Pick p;
  std::uint64_t wake = m_cmdWake;
  evalBank(cycle, bi, wake, p);
  m_cmdWake = wake;
  return p;
}

Hbm2Channel::Pick Hbm2Channel::scan(std::uint64_t cycle) {
  Pick p;
  std::uint64_t wake = m_nextRefresh;  // lowered to the first bank's ready time
  if (m_queuedWords == 1) {            // at most 64 banks (HBM2: 32): one word, no outer loop
    for (std::uint64_t bits = m_queuedBanks[0]; bits != 0; bits &= bits - 1)
      evalBank(cycle, static_cast<std::uint32_t>(std::countr_zero(bits)), wake, p);
    m_cmdWake = wake;
    return p;
  }
  for (std::size_t w = 0; w < m_queuedWords; ++w)
    for (std::uint64_t bits = m_queuedBanks[w]; bits != 0; bits &= bits - 1)
      evalBank(
          cycle,
          static_cast<std::uint32_t>(w * 64 + static_cast<std::size_t>(std::countr_zero(bits))),
          wake, p);
  m_cmdWake = wake;
  return p;
}

// RD for the bank's oldest read to its open row.
void Hbm2Channel::issueColumn(std::uint64_t cycle, std::uint32_t bi) {
  Bank& b = m_banks[bi];
  const std::uint32_t si = b.hit;
  Slot& s = m_slots[si];
  Pc& pc = m_pcs[pcOf(b)];
  const std::uint64_t doneCycle = cycle + m_latency;
  m_minDone = std::min(m_minDone, doneCycle);
  pc.nextRd = cycle + m_rdGapPc;
  m_groupNextRd[b.group] = cycle + m_rdGapGroup;
  b.timer[kPre] = std::max(b.timer[kPre], cycle + m_nRTP);
  s.issueCycle = cycle;
  ++m_issued.transactions;
  m_issued.rowHits += s.rowHit ? 1 : 0;
  m_issued.latencySum += doneCycle - s.enqueueCycle;
  // The bank's next hit: the oldest younger read to the same row.
  std::uint32_t h = s.next;
  while (h != kNil && m_slots[h].row != s.row) h = m_slots[h].next;
  b.hit = h;
  // Unlink the read from its bank's list.
  if (s.prev == kNil)
    b.head = s.next;
  else
    m_slots[s.prev].next = s.next;
  if (s.next == kNil)
    b.tail = s.prev;
  else
    m_slots[s.next].prev = s.prev;
  if (b.head == kNil)
    setQueued(bi, false);
  else
    updateBank(bi);
  updateShared(pcOf(b), false);
  s.next = kNil;  // into the in-flight list (after the bank list's unlink above)
  if (m_inflightCount++ == 0)
    m_inflightHead = si;
  else
    m_slots[m_inflightTail].next = si;
  m_inflightTail = si;
}

// PRE of the open row, or ACT for the bank's oldest read (no queued read hits an open row).
void Hbm2Channel::issueRow(std::uint64_t cycle, std::uint32_t bi) {
  Bank& b = m_banks[bi];
  if (b.openRow >= 0) {  // PRE
    b.openRow = -1;
    b.timer[kAct] = std::max(b.timer[kAct], cycle + m_nRP);
    updateBank(bi);
    return;
  }
  Pc& pc = m_pcs[pcOf(b)];
  Slot& s = m_slots[b.head];
  b.openRow = s.row;
  b.timer[kRd] = cycle + m_nRCD;
  b.timer[kPre] = cycle + m_nRAS;
  b.timer[kAct] = cycle + m_nRC;
  m_groupNextAct[b.group] = cycle + m_nRRDL;
  pc.actWindow[static_cast<std::size_t>(pc.actCount % 4)] = cycle;
  ++pc.actCount;
  const std::uint64_t fawReady =
      pc.actCount >= 4 ? pc.actWindow[static_cast<std::size_t>(pc.actCount % 4)] + m_nFAW : 0;
  pc.actReady = std::max(cycle + m_nRRDS, fawReady);
  m_nextRowCmd = cycle + 2;
  b.hit = b.head;
  s.rowHit = false;  // this read needed an activation; later reads to the row will hit
  updateBank(bi);
  updateShared(pcOf(b), true);
}

// The sinks: tests and the DRAM replay tick one channel into full records; the datapath's stack
// ticks its due channels into arrivals (tickDue, which inlines the active ticks).
template void Hbm2Channel::tickActive(std::uint64_t, std::vector<DramCompletion>&);
template std::uint64_t Hbm2Channel::tickDue(Hbm2Channel*, std::size_t, std::uint64_t*,
                                            std::uint64_t, DramArrivals&, std::uint64_t&,
                                            std::uint64_t&);

}  // namespace spatten::core
