#include "core/sim/hbm2_channel.h"

#include <algorithm>
#include <bit>
#include <utility>

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
    : m_id(id),
      m_nBL(hw.nBL),
      m_nCL(hw.nCL),
      m_nRCD(hw.nRCD),
      m_nRP(hw.nRP),
      m_nRAS(hw.nRAS),
      m_nRC(hw.nRC),
      m_nRTP(hw.nRTP),
      m_nCCDS(hw.nCCDS),
      m_nCCDL(hw.nCCDL),
      m_nRRDS(hw.nRRDS),
      m_nRRDL(hw.nRRDL),
      m_nFAW(hw.nFAW),
      m_nREFI(hw.nREFI),
      m_nRFC(hw.nRFC),
      m_banksPerPc(hw.hbmBankGroups * hw.hbmBanksPerGroup),
      m_banksPerGroup(hw.hbmBanksPerGroup),
      m_maxOutstanding(static_cast<std::size_t>(hw.hbmMaxOutstanding)),
      m_inFifo(kPortDepth),
      m_slots(m_maxOutstanding),
      m_inflight(m_maxOutstanding),
      m_banks(static_cast<std::size_t>(hw.hbmPseudoChannels * m_banksPerPc)),
      m_queuedBanks((m_banks.size() + 63) / 64, 0),
      m_pcs(static_cast<std::size_t>(hw.hbmPseudoChannels)),
      m_bgNextRd(static_cast<std::size_t>(hw.hbmPseudoChannels * hw.hbmBankGroups), 0),
      m_bgNextAct(static_cast<std::size_t>(hw.hbmPseudoChannels * hw.hbmBankGroups), 0) {
  for (std::size_t i = m_slots.size(); i-- > 0;)
    m_freeSlots.push_back(static_cast<std::uint32_t>(i));
  const int bgPerPc = m_banksPerPc / m_banksPerGroup;
  for (std::size_t i = 0; i < m_banks.size(); ++i) {
    const int bank = static_cast<int>(i);
    m_banks[i].pc = static_cast<std::uint16_t>(bank / m_banksPerPc);
    m_banks[i].bankGroup = static_cast<std::uint16_t>(bank / m_banksPerPc * bgPerPc +
                                                      bank % m_banksPerPc / m_banksPerGroup);
  }
  if (m_nREFI > 0) m_nextRefresh = static_cast<std::uint64_t>(m_nREFI);
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

void Hbm2Channel::tickActive(std::uint64_t cycle, std::vector<DramCompletion>& done) {
  m_busy = false;
  if (cycle >= m_nextRefresh || m_refreshPending) tryRefresh(cycle);  // runs even when idle
  if (m_inFifo.empty() && m_queued == 0 && m_inflight.empty()) return;
  // Before m_cmdWake no queued read's command becomes ready (issuing only pushes timers later,
  // and any issue forces a scan next cycle). So until then only a newly accepted read can change
  // the commands, and before m_minDone nothing retires: with neither, the cycle is skipped.
  const bool cmdDue = cycle >= m_cmdWake;
  if (!cmdDue && cycle < m_minDone && (m_inFifo.empty() || outstanding() >= m_maxOutstanding)) {
    m_busy = outstanding() > 0;
    return;
  }
  // 1. Retire reads whose data burst has finished.
  //    Reads finish in issue order (constant nCL + nBL after their RD).
  //    A read keeps its slot until it retires.
  const auto latency = static_cast<std::uint64_t>(m_nCL + m_nBL);
  //    m_minDone is the first in-flight read's done cycle (~0 without one).
  if (cycle >= m_minDone) {
    do {
      const Slot& s = m_slots[m_inflight.front()];
      done.push_back({s.tx, s.enqueueCycle, s.issueCycle, s.issueCycle + latency, s.bank, s.row,
                      s.rowHit});
      m_freeSlots.push_back(m_inflight.front());
      m_inflight.pop();
    } while (!m_inflight.empty() && m_slots[m_inflight.front()].issueCycle + latency <= cycle);
    m_minDone = m_inflight.empty() ? ~0ull : m_slots[m_inflight.front()].issueCycle + latency;
  }
  // 2. Accept one transaction per cycle from the address FIFO.
  std::uint32_t accepted = kNil;
  if (!m_inFifo.empty() && outstanding() < m_maxOutstanding) accepted = accept(cycle);
  // 3. Commands: HBM2 has separate row (ACT/PRE) and column (RD) command buses (JESD235), so
  //    one column command and one row command may issue in the same cycle.
  if (cmdDue) m_cmdWake = m_nextRefresh;  // the scan lowers it
  if (m_refreshPending) {  // no new commands until the refresh has started
    m_cmdWake = m_wake = cycle + 1;
    m_busy = true;
    return;
  }
  // Both commands are chosen from the state before either issues. The column command first, as
  // a controller would: a RD changes, for the row bus, only its own bank, which had a read
  // hitting its open row (so was no PRE/ACT candidate) and cannot precharge before tRTP >= 1.
  // Before m_cmdWake every bank's command is not ready except, perhaps, the accepted read's bank
  // (its command may have changed): only that bank is looked at.
  Pick col, row;
  if (cmdDue)
    scan(cycle, col, row);
  else if (accepted != kNil)
    consider(cycle, accepted, col, row);
  if (col.bank != kNil) issueColumn(cycle, col);
  if (row.bank != kNil) issueRow(cycle, row);
  const bool issued = col.bank != kNil || row.bank != kNil;
  // Any issue forces a scan next cycle (an exact bound after issuing, recomputing the banks that
  // were ready, was tried twice: its extra work cost as much as the scans it saved).
  if (issued) m_cmdWake = cycle + 1;
  m_wake = std::min(m_cmdWake, m_minDone);  // m_minDone includes a new read's retire
  m_busy = issued || outstanding() > 0;
}

std::uint32_t Hbm2Channel::accept(std::uint64_t cycle) {
  const std::uint32_t si = m_freeSlots.back();
  m_freeSlots.pop_back();
  Slot& s = m_slots[si];
  s.tx = m_inFifo.front();
  m_inFifo.pop();
  if (m_pow2) {  // decodeAddress with precomputed shifts and masks
    const std::uint64_t local = s.tx.addr >> m_localShift;  // channel-local transaction index
    const auto pc = static_cast<std::uint32_t>(local & m_pcMask);
    const std::uint64_t t = local >> m_bgShift;  // drops the pseudo-channel and column
    s.row = static_cast<std::uint32_t>(t >> m_rowShift);
    std::uint32_t fold = s.row;  // as decodeAddress
    fold ^= fold >> 16;
    fold ^= fold >> 8;
    fold ^= fold >> 4;
    fold &= 15u;
    // Bank group (low bits) and bank (above), both XORed with the fold's matching bits; the flat
    // index has the bank group above the bank.
    const auto x = (static_cast<std::uint32_t>(t) ^ fold) & m_bgBankMask;
    s.bank = static_cast<std::uint16_t>(pc * static_cast<std::uint32_t>(m_banksPerPc) +
                                        ((x & m_bgMask) << m_bankBits) + (x >> m_bgBits));
  } else {
    const DramLocation loc = decodeAddress(m_geo, s.tx.addr);
    s.row = loc.row;
    s.bank = static_cast<std::uint16_t>(loc.pseudoChannel * m_banksPerPc +
                                        loc.bankGroup * m_banksPerGroup + loc.bank);
  }
  s.enqueueCycle = cycle;
  s.next = kNil;
  s.rowHit = true;
  Bank& b = m_banks[s.bank];
  if (b.tail == kNil)
    b.head = si;
  else
    m_slots[b.tail].next = si;
  b.tail = si;
  ++b.queued;
  if (b.openRow == static_cast<std::int64_t>(s.row)) ++b.pendingHits;
  setQueued(s.bank, true);
  ++m_queued;
  return s.bank;
}

bool Hbm2Channel::tryRefresh(std::uint64_t cycle) {
  m_refreshPending = true;
  for (const Bank& b : m_banks)
    if (b.openRow >= 0 && b.nextPre > cycle) return true;  // tRAS / tRTP of an open row
  if (m_nextRowCmd > cycle) return true;
  // PREA now, REFab after tRP, banks usable again after tRFC.
  const std::uint64_t done = cycle + static_cast<std::uint64_t>(m_nRP + m_nRFC);
  for (Bank& b : m_banks) {
    b.openRow = -1;
    b.pendingHits = 0;
    b.nextAct = std::max(b.nextAct, done);
  }
  m_refreshUntil = done;
  m_nextRefresh += static_cast<std::uint64_t>(m_nREFI);
  m_refreshPending = false;
  ++m_refreshes;
  return false;
}

[[gnu::always_inline]] inline std::uint64_t Hbm2Channel::columnReady(const Bank& b) const {
  return std::max({b.nextRd, m_pcs[b.pc].nextRd, m_bgNextRd[b.bankGroup]});
}

[[gnu::always_inline]] inline std::uint64_t Hbm2Channel::rowReady(const Bank& b) const {
  // No read hits the open row: PRE if a row is open, else ACT for the oldest read. An ACT holds
  // the row command bus for 2 cycles (Ramulator2 HBM2: ACT -> ACT/PRE at channel level).
  if (b.openRow >= 0) return std::max(b.nextPre, m_nextRowCmd);
  return std::max(actReady(b), m_nextRowCmd);
}

[[gnu::always_inline]] inline std::uint64_t Hbm2Channel::actReady(const Bank& b) const {
  const Pc& pc = m_pcs[b.pc];
  const std::uint64_t fawReady = pc.actCount >= 4
                                     ? pc.actWindow[static_cast<std::size_t>(pc.actCount % 4)] +
                                           static_cast<std::uint64_t>(m_nFAW)
                                     : 0;
  return std::max({b.nextAct, pc.nextAct, m_bgNextAct[b.bankGroup], fawReady});
}

[[gnu::always_inline]] inline std::uint64_t Hbm2Channel::nextCommand(const Bank& b) const {
  if (b.queued == 0) return ~0ull;
  // With reads to the open row queued, the bank's only command is their RD: the row is not
  // closed while queued reads still hit it.
  return b.pendingHits > 0 ? columnReady(b) : rowReady(b);
}

[[gnu::always_inline]] inline void Hbm2Channel::consider(std::uint64_t cycle, std::uint32_t bi,
                                                         Pick& col, Pick& row) {
  const Bank& b = m_banks[bi];
  const std::uint64_t at = nextCommand(b);
  if (at > cycle) {
    m_cmdWake = std::min(m_cmdWake, at);
    return;
  }
  pickReady(b, bi, m_slots.data(), col, row);
}

[[gnu::always_inline]] inline void Hbm2Channel::pickReady(const Bank& b, std::uint32_t bi,
                                                          const Slot* slots, Pick& col, Pick& row) {
  if (b.pendingHits > 0) {  // RD: the bank's oldest read to its open row
    std::uint32_t prev = kNil, i = b.head;
    while (static_cast<std::int64_t>(slots[i].row) != b.openRow)
      prev = std::exchange(i, slots[i].next);
    if (slots[i].enqueueCycle < col.age) col = {slots[i].enqueueCycle, bi, i, prev};
  } else if (slots[b.head].enqueueCycle < row.age) {  // every queued read of it misses
    row = {slots[b.head].enqueueCycle, bi, b.head, kNil};
  }
}

void Hbm2Channel::scan(std::uint64_t cycle, Pick& col, Pick& row) {
  // consider() for every queued bank, with the wake bound, the picks and the
  // channel-wide row-bus timer in locals (the members would be stored and reloaded per bank).
  std::uint64_t wake = m_cmdWake;
  const std::uint64_t nextRowCmd = m_nextRowCmd;
  const Bank* banks = m_banks.data();
  const Slot* slots = m_slots.data();
  Pick c = col, r = row;
  for (std::size_t w = 0; w < m_queuedBanks.size(); ++w) {
    for (std::uint64_t bits = m_queuedBanks[w]; bits != 0; bits &= bits - 1) {
      const auto bi =
          static_cast<std::uint32_t>(w * 64 + static_cast<std::size_t>(std::countr_zero(bits)));
      const Bank& b = banks[bi];
      std::uint64_t at;
      if (b.pendingHits > 0)
        at = columnReady(b);
      else if (b.openRow >= 0)
        at = std::max(b.nextPre, nextRowCmd);
      else
        at = std::max(actReady(b), nextRowCmd);
      if (at > cycle) {
        wake = std::min(wake, at);
        continue;
      }
      pickReady(b, bi, slots, c, r);
    }
  }
  m_cmdWake = wake;
  col = c;
  row = r;
}

void Hbm2Channel::issueColumn(std::uint64_t cycle, const Pick& p) {
  Bank& b = m_banks[p.bank];
  Slot& s = m_slots[p.slot];
  Pc& pc = m_pcs[b.pc];
  const std::uint64_t doneCycle = cycle + static_cast<std::uint64_t>(m_nCL + m_nBL);
  m_minDone = std::min(m_minDone, doneCycle);
  pc.nextRd = cycle + static_cast<std::uint64_t>(std::max(m_nBL, m_nCCDS));
  m_bgNextRd[b.bankGroup] = cycle + static_cast<std::uint64_t>(std::max(m_nBL, m_nCCDL));
  b.nextPre = std::max(b.nextPre, cycle + static_cast<std::uint64_t>(m_nRTP));
  --b.pendingHits;
  s.issueCycle = cycle;
  m_inflight.push(p.slot);
  // Unlink the read from its bank's list.
  if (p.prev == kNil)
    b.head = s.next;
  else
    m_slots[p.prev].next = s.next;
  if (b.tail == p.slot) b.tail = p.prev;
  if (--b.queued == 0) setQueued(p.bank, false);
  --m_queued;
}

void Hbm2Channel::issueRow(std::uint64_t cycle, const Pick& p) {
  Bank& b = m_banks[p.bank];
  if (b.openRow >= 0) {  // PRE
    b.openRow = -1;
    b.nextAct = std::max(b.nextAct, cycle + static_cast<std::uint64_t>(m_nRP));
    return;
  }
  Pc& pc = m_pcs[b.pc];
  Slot& s = m_slots[p.slot];
  b.openRow = s.row;
  b.nextRd = cycle + static_cast<std::uint64_t>(m_nRCD);
  b.nextPre = cycle + static_cast<std::uint64_t>(m_nRAS);
  b.nextAct = cycle + static_cast<std::uint64_t>(m_nRC);
  pc.nextAct = cycle + static_cast<std::uint64_t>(m_nRRDS);
  m_bgNextAct[b.bankGroup] = cycle + static_cast<std::uint64_t>(m_nRRDL);
  pc.actWindow[static_cast<std::size_t>(pc.actCount % 4)] = cycle;
  ++pc.actCount;
  m_nextRowCmd = cycle + 2;
  b.pendingHits = 0;
  for (std::uint32_t i = b.head; i != kNil; i = m_slots[i].next)
    if (m_slots[i].row == s.row) ++b.pendingHits;
  s.rowHit = false;  // this read needed an activation; later reads to the row will hit
}

}  // namespace spatten::core
