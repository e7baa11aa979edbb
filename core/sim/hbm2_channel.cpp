#include "core/sim/hbm2_channel.h"

#include <algorithm>
#include <bit>

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
  std::uint32_t fold = 0;
  for (std::uint32_t r = l.row; r != 0; r >>= 4) fold ^= r & 15u;
  l.bankGroup ^= static_cast<int>(fold % static_cast<unsigned>(g.bankGroups));
  l.bank ^= static_cast<int>((fold / static_cast<unsigned>(g.bankGroups)) % static_cast<unsigned>(g.banksPerGroup));
  return l;
}

Hbm2Channel::Hbm2Channel(const HwConfig& hw, int id)
    : m_id(id),
      m_nBL(hw.nBL), m_nCL(hw.nCL), m_nRCD(hw.nRCD), m_nRP(hw.nRP), m_nRAS(hw.nRAS),
      m_nRC(hw.nRC), m_nRTP(hw.nRTP), m_nCCDS(hw.nCCDS), m_nCCDL(hw.nCCDL), m_nRRDS(hw.nRRDS),
      m_nRRDL(hw.nRRDL), m_nFAW(hw.nFAW), m_nREFI(hw.nREFI), m_nRFC(hw.nRFC),
      m_banksPerPc(hw.hbmBankGroups * hw.hbmBanksPerGroup), m_banksPerGroup(hw.hbmBanksPerGroup),
      m_maxOutstanding(static_cast<std::size_t>(hw.hbmMaxOutstanding)),
      m_inFifo(kPortDepth),
      m_banks(static_cast<std::size_t>(hw.hbmPseudoChannels * m_banksPerPc)),
      m_pcs(static_cast<std::size_t>(hw.hbmPseudoChannels)),
      m_bgNextRd(static_cast<std::size_t>(hw.hbmPseudoChannels * hw.hbmBankGroups), 0),
      m_bgNextAct(static_cast<std::size_t>(hw.hbmPseudoChannels * hw.hbmBankGroups), 0) {
  m_queue.reserve(m_maxOutstanding);
  m_keys.reserve(m_maxOutstanding);
  m_inflight = RingFifo<Entry>(m_maxOutstanding);
  if (m_nREFI > 0) m_nextRefresh = static_cast<std::uint64_t>(m_nREFI);
  m_geo = DramGeometry::from(hw);
}

void Hbm2Channel::tick(std::uint64_t cycle, std::vector<DramCompletion>& done) {
  m_busy = false;
  if (cycle >= m_nextRefresh || m_refreshPending) tryRefresh(cycle);  // runs even when idle
  if (m_inFifo.empty() && m_queue.empty() && m_inflight.empty()) return;
  // Before m_wake no retire happens and no queued read's command becomes ready (issuing only
  // pushes timers later, and any issue forces a rescan next cycle). So until then only a newly
  // accepted transaction needs looking at, and with nothing to accept the cycle is skipped.
  const bool timersDue = cycle >= m_wake;
  if (!timersDue && (m_inFifo.empty() || outstanding() >= m_maxOutstanding)) {
    m_busy = outstanding() > 0;
    return;
  }
  // 1. Retire reads whose data burst has finished.
  //    Reads finish in issue order (constant nCL + nBL after their RD).
  while (!m_inflight.empty() && m_inflight.front().doneCycle <= cycle) {
    const Entry& e = m_inflight.front();
    done.push_back({e.tx, e.enqueueCycle, e.issueCycle, e.doneCycle, e.bankIdx, e.row, e.rowHit});
    m_inflight.pop();
  }
  m_minDone = m_inflight.empty() ? ~0ull : m_inflight.front().doneCycle;
  // 2. Accept one transaction per cycle from the address FIFO.
  bool accepted = false;
  if (!m_inFifo.empty() && outstanding() < m_maxOutstanding) {
    accept(cycle);
    accepted = true;
  }
  // 3. Commands: HBM2 has separate row (ACT/PRE) and column (RD) command buses (JESD235), so
  //    one column command and one row command may issue in the same cycle.
  const std::size_t from = timersDue ? 0 : m_queue.size() - (accepted ? 1 : 0);
  m_wake = std::min<std::uint64_t>({timersDue ? ~0ull : m_wake, m_minDone, m_nextRefresh});
  if (m_refreshPending) {  // no new commands until the refresh has started
    m_wake = cycle + 1;
    m_busy = true;
    return;
  }
  const bool col = tryIssueColumn(cycle, from);
  const bool row = tryIssueRow(cycle, from);
  if (col || row) m_wake = cycle + 1;
  m_busy = col || row || outstanding() > 0;
}

void Hbm2Channel::accept(std::uint64_t cycle) {
  Entry& e = m_queue.emplace_back();
  e.tx = m_inFifo.front();
  m_inFifo.pop();
  const DramLocation loc = decodeAddress(m_geo, e.tx.addr);
  e.row = loc.row;
  e.bankIdx = static_cast<std::uint16_t>(loc.pseudoChannel * m_banksPerPc +
                                         loc.bankGroup * m_banksPerGroup + loc.bank);
  e.enqueueCycle = cycle;
  const int bgPerPc = m_banksPerPc / m_banksPerGroup;
  m_keys.push_back({e.row, e.bankIdx, static_cast<std::uint16_t>(loc.pseudoChannel * bgPerPc + loc.bankGroup),
                    static_cast<std::uint16_t>(loc.pseudoChannel)});
  if (m_banks[e.bankIdx].openRow == static_cast<std::int64_t>(e.row)) ++m_banks[e.bankIdx].pendingHits;
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

bool Hbm2Channel::tryIssueColumn(std::uint64_t cycle, std::size_t from) {
  // First ready: the oldest unissued read that hits an open row and meets the RD timing.
  const std::size_t n = m_keys.size();
  for (std::size_t i = from; i < n; ++i) {
    const Key k = m_keys[i];
    Bank& b = m_banks[k.bank];
    if (b.openRow != static_cast<std::int64_t>(k.row)) continue;
    Pc& pc = m_pcs[k.pc];
    const std::size_t bg = k.bankGroup;
    const std::uint64_t ready = std::max({b.nextRd, pc.nextRd, m_bgNextRd[bg]});
    if (ready > cycle) {
      m_wake = std::min(m_wake, ready);
      continue;
    }
    Entry& e = m_queue[i];
    e.issueCycle = cycle;
    e.doneCycle = cycle + static_cast<std::uint64_t>(m_nCL + m_nBL);
    m_minDone = std::min(m_minDone, e.doneCycle);
    pc.nextRd = cycle + static_cast<std::uint64_t>(std::max(m_nBL, m_nCCDS));
    m_bgNextRd[bg] = cycle + static_cast<std::uint64_t>(std::max(m_nBL, m_nCCDL));
    b.nextPre = std::max(b.nextPre, cycle + static_cast<std::uint64_t>(m_nRTP));
    --b.pendingHits;
    m_inflight.push(e);
    m_queue.erase(m_queue.begin() + static_cast<std::ptrdiff_t>(i));
    m_keys.erase(m_keys.begin() + static_cast<std::ptrdiff_t>(i));
    return true;
  }
  return false;
}

bool Hbm2Channel::tryIssueRow(std::uint64_t cycle, std::size_t from) {
  // The oldest read whose row command (PRE of a conflicting row, or ACT) is ready. An ACT holds
  // the row command bus for 2 cycles (Ramulator2 HBM2: ACT -> ACT/PRE at channel level).
  const std::size_t n = m_keys.size();
  for (std::size_t i = from; i < n; ++i) {
    const Key k = m_keys[i];
    Bank& b = m_banks[k.bank];
    if (b.openRow == static_cast<std::int64_t>(k.row)) continue;  // waits for RD timing
    if (b.openRow >= 0) {
      // Do not close a row that queued reads still hit (they wake us when they issue).
      if (b.pendingHits > 0) continue;
      const std::uint64_t ready = std::max(b.nextPre, m_nextRowCmd);
      if (ready > cycle) {
        m_wake = std::min(m_wake, ready);
        continue;
      }
      b.openRow = -1;
      b.nextAct = std::max(b.nextAct, cycle + static_cast<std::uint64_t>(m_nRP));
      return true;
    }
    Pc& pc = m_pcs[k.pc];
    const std::size_t bg = k.bankGroup;
    const std::uint64_t fawReady =
        pc.actCount >= 4 ? pc.actWindow[static_cast<std::size_t>(pc.actCount % 4)] + static_cast<std::uint64_t>(m_nFAW) : 0;
    const std::uint64_t ready = std::max({b.nextAct, pc.nextAct, m_bgNextAct[bg], m_nextRowCmd, fawReady});
    if (ready > cycle) {
      m_wake = std::min(m_wake, ready);
      continue;
    }
    b.openRow = k.row;
    b.nextRd = cycle + static_cast<std::uint64_t>(m_nRCD);
    b.nextPre = cycle + static_cast<std::uint64_t>(m_nRAS);
    b.nextAct = cycle + static_cast<std::uint64_t>(m_nRC);
    pc.nextAct = cycle + static_cast<std::uint64_t>(m_nRRDS);
    m_bgNextAct[bg] = cycle + static_cast<std::uint64_t>(m_nRRDL);
    pc.actWindow[static_cast<std::size_t>(pc.actCount % 4)] = cycle;
    ++pc.actCount;
    m_nextRowCmd = cycle + 2;
    b.pendingHits = 0;
    for (const Key& o : m_keys)
      if (o.bank == k.bank && o.row == k.row) ++b.pendingHits;
    m_queue[i].rowHit = false;  // this read needed an activation; later reads to the row will hit
    return true;
  }
  return false;
}

}  // namespace spatten::core
