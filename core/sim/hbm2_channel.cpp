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

DramLocation decodeAddress(const DramGeometry& g, std::uint64_t addr) {
  DramLocation l;
  l.channel = static_cast<int>((addr >> 5) & ((1u << g.channelBits) - 1));
  std::uint64_t t = addr >> (5 + g.channelBits);  // channel-local transaction index
  l.pseudoChannel = static_cast<int>(t % static_cast<unsigned>(g.pseudoChannels));
  t /= static_cast<unsigned>(g.pseudoChannels);
  t /= static_cast<unsigned>(g.columns);  // column within the row
  l.bankGroup = static_cast<int>(t % static_cast<unsigned>(g.bankGroups));
  t /= static_cast<unsigned>(g.bankGroups);
  l.bank = static_cast<int>(t % static_cast<unsigned>(g.banksPerGroup));
  t /= static_cast<unsigned>(g.banksPerGroup);
  l.row = static_cast<std::uint32_t>(t);
  // Permutation-based interleaving (bank and bank-group bits XOR the low row bits), as memory
  // controllers do, so that regions starting on the same bank do not conflict row by row.
  l.bankGroup ^= static_cast<int>(l.row % static_cast<unsigned>(g.bankGroups));
  l.bank ^= static_cast<int>((l.row / static_cast<unsigned>(g.bankGroups)) % static_cast<unsigned>(g.banksPerGroup));
  return l;
}

Hbm2Channel::Hbm2Channel(const HwConfig& hw, int id)
    : m_id(id),
      m_nBL(hw.nBL), m_nCL(hw.nCL), m_nRCD(hw.nRCD), m_nRP(hw.nRP), m_nRAS(hw.nRAS),
      m_nRC(hw.nRC), m_nRTP(hw.nRTP), m_nCCDS(hw.nCCDS), m_nCCDL(hw.nCCDL), m_nRRDS(hw.nRRDS),
      m_nRRDL(hw.nRRDL), m_nFAW(hw.nFAW),
      m_banksPerPc(hw.hbmBankGroups * hw.hbmBanksPerGroup), m_banksPerGroup(hw.hbmBanksPerGroup),
      m_maxOutstanding(static_cast<std::size_t>(hw.hbmMaxOutstanding)),
      m_inFifo(kPortDepth),
      m_banks(static_cast<std::size_t>(hw.hbmPseudoChannels * m_banksPerPc)),
      m_pcs(static_cast<std::size_t>(hw.hbmPseudoChannels)),
      m_bgNextRd(static_cast<std::size_t>(hw.hbmPseudoChannels * hw.hbmBankGroups), 0),
      m_bgNextAct(static_cast<std::size_t>(hw.hbmPseudoChannels * hw.hbmBankGroups), 0) {
  m_queue.reserve(m_maxOutstanding);
  m_geo = DramGeometry::from(hw);
}

void Hbm2Channel::tick(std::uint64_t cycle, std::vector<DramCompletion>& done) {
  m_busy = false;
  if (m_inFifo.empty() && m_queue.empty()) return;
  // 1. Retire reads whose data burst has finished.
  if (m_minDone <= cycle) {
    m_minDone = ~0ull;
    std::size_t w = 0;
    for (std::size_t i = 0; i < m_queue.size(); ++i) {
      Entry& e = m_queue[i];
      if (e.issued && e.doneCycle <= cycle) {
        done.push_back({e.tx, e.enqueueCycle, e.issueCycle, e.doneCycle, e.bankIdx, e.loc.row,
                        e.rowHit});
        continue;
      }
      if (e.issued) m_minDone = std::min(m_minDone, e.doneCycle);
      if (w != i) m_queue[w] = m_queue[i];
      ++w;
    }
    m_queue.resize(w);
  }
  // 2. Accept one transaction per cycle from the address FIFO.
  if (!m_inFifo.empty() && m_queue.size() < m_maxOutstanding) {
    Entry e;
    e.tx = m_inFifo.front();
    m_inFifo.pop();
    e.loc = decodeAddress(m_geo, e.tx.addr);
    e.bankIdx = static_cast<std::uint16_t>(e.loc.pseudoChannel * m_banksPerPc +
                                           e.loc.bankGroup * m_banksPerGroup + e.loc.bank);
    e.enqueueCycle = cycle;
    m_queue.push_back(e);
  }
  // 3. One command.
  m_busy = tryIssue(cycle) || !m_queue.empty();
}

bool Hbm2Channel::tryIssue(std::uint64_t cycle) {
  const int bgPerPc = m_banksPerPc / m_banksPerGroup;
  // First ready: the oldest unissued read that hits an open row and meets the RD timing.
  for (Entry& e : m_queue) {
    if (e.issued) continue;
    Bank& b = m_banks[e.bankIdx];
    if (b.openRow != static_cast<std::int64_t>(e.loc.row)) continue;
    Pc& pc = m_pcs[static_cast<std::size_t>(e.loc.pseudoChannel)];
    std::size_t bg = static_cast<std::size_t>(e.loc.pseudoChannel * bgPerPc + e.loc.bankGroup);
    if (b.nextRd > cycle || pc.nextRd > cycle || m_bgNextRd[bg] > cycle) continue;
    e.issued = true;
    e.issueCycle = cycle;
    e.doneCycle = cycle + static_cast<std::uint64_t>(m_nCL + m_nBL);
    m_minDone = std::min(m_minDone, e.doneCycle);
    pc.nextRd = cycle + static_cast<std::uint64_t>(std::max(m_nBL, m_nCCDS));
    m_bgNextRd[bg] = cycle + static_cast<std::uint64_t>(std::max(m_nBL, m_nCCDL));
    b.nextPre = std::max(b.nextPre, cycle + static_cast<std::uint64_t>(m_nRTP));
    return true;
  }
  // Then the oldest read whose row command (PRE of a conflicting row, or ACT) is ready.
  for (Entry& e : m_queue) {
    if (e.issued) continue;
    Bank& b = m_banks[e.bankIdx];
    if (b.openRow == static_cast<std::int64_t>(e.loc.row)) continue;  // waits for RD timing
    if (b.openRow >= 0) {
      if (b.nextPre > cycle) continue;
      // Do not close a row that queued reads still hit.
      bool pendingHit = false;
      for (const Entry& o : m_queue)
        pendingHit = pendingHit || (!o.issued && o.bankIdx == e.bankIdx &&
                                    static_cast<std::int64_t>(o.loc.row) == b.openRow);
      if (pendingHit) continue;
      b.openRow = -1;
      b.nextAct = std::max(b.nextAct, cycle + static_cast<std::uint64_t>(m_nRP));
      return true;
    }
    Pc& pc = m_pcs[static_cast<std::size_t>(e.loc.pseudoChannel)];
    std::size_t bg = static_cast<std::size_t>(e.loc.pseudoChannel * bgPerPc + e.loc.bankGroup);
    const std::uint64_t fawReady =
        pc.actCount >= 4 ? pc.actWindow[static_cast<std::size_t>(pc.actCount % 4)] + static_cast<std::uint64_t>(m_nFAW) : 0;
    if (b.nextAct > cycle || pc.nextAct > cycle || m_bgNextAct[bg] > cycle ||
        m_nextRowCmd > cycle || fawReady > cycle)
      continue;
    b.openRow = e.loc.row;
    b.nextRd = cycle + static_cast<std::uint64_t>(m_nRCD);
    b.nextPre = cycle + static_cast<std::uint64_t>(m_nRAS);
    b.nextAct = cycle + static_cast<std::uint64_t>(m_nRC);
    pc.nextAct = cycle + static_cast<std::uint64_t>(m_nRRDS);
    m_bgNextAct[bg] = cycle + static_cast<std::uint64_t>(m_nRRDL);
    pc.actWindow[static_cast<std::size_t>(pc.actCount % 4)] = cycle;
    ++pc.actCount;
    m_nextRowCmd = cycle + 2;
    e.rowHit = false;  // this read needed an activation; later reads to the row will hit
    return true;
  }
  return false;
}

}  // namespace spatten::core
