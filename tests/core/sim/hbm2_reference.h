#pragma once
// A brute-force HBM2 channel for tst_hbm2_frfcfs: the FR-FCFS controller of
// core/sim/hbm2_channel.h written the plainest way, to check the fast one against. Every cycle
// it looks at every queued read in arrival order (no per-bank lists, no hit counters, no
// skipped cycles): the oldest read to an open row whose RD timing is met takes the column bus;
// the oldest read that misses its bank's open row, whose bank no queued read still hits and
// whose PRE (row open) or ACT (bank closed) timing is met, takes the row bus. Same timing rules
// and refresh as the channel; the address decode is the channel's decodeAddress.

#include <algorithm>
#include <array>
#include <cstdint>
#include <deque>
#include <vector>

#include "core/sim/hbm2_channel.h"

namespace spatten::core::test {

class ReferenceChannel {
public:
  explicit ReferenceChannel(const HwConfig& hw)
      : m_hw(hw),
        m_geo(DramGeometry::from(hw)),
        m_banks(static_cast<std::size_t>(hw.hbmPseudoChannels * hw.hbmBankGroups *
                                         hw.hbmBanksPerGroup)),
        m_pcs(static_cast<std::size_t>(hw.hbmPseudoChannels)),
        m_bgNextRd(static_cast<std::size_t>(hw.hbmPseudoChannels * hw.hbmBankGroups), 0),
        m_bgNextAct(m_bgNextRd) {
    if (hw.nREFI > 0) m_nextRefresh = static_cast<std::uint64_t>(hw.nREFI);
  }
  bool canAccept() const { return m_in.size() < Hbm2Channel::kPortDepth; }
  void push(const DramTx& tx) { m_in.push_back(tx); }
  std::size_t outstanding() const { return m_queue.size() + m_inflight.size(); }
  bool busy() const { return m_busy; }
  std::uint64_t refreshes() const { return m_refreshes; }

  void tick(std::uint64_t cycle, std::vector<DramCompletion>& done) {
    m_busy = false;
    if (cycle >= m_nextRefresh || m_refreshPending) refresh(cycle);
    if (m_in.empty() && m_queue.empty() && m_inflight.empty()) return;
    while (!m_inflight.empty() && m_inflight.front().doneCycle <= cycle) {
      done.push_back(m_inflight.front());
      m_inflight.pop_front();
    }
    if (!m_in.empty() && outstanding() < static_cast<std::size_t>(m_hw.hbmMaxOutstanding)) {
      const DramLocation l = decodeAddress(m_geo, m_in.front().addr);
      Read r;
      r.c.tx = m_in.front();
      r.c.enqueueCycle = cycle;
      r.c.row = l.row;
      r.c.bank = static_cast<std::uint16_t>(
          (l.pseudoChannel * m_hw.hbmBankGroups + l.bankGroup) * m_hw.hbmBanksPerGroup + l.bank);
      r.c.rowHit = true;
      r.pc = l.pseudoChannel;
      r.bg = l.pseudoChannel * m_hw.hbmBankGroups + l.bankGroup;
      m_queue.push_back(r);
      m_in.pop_front();
    }
    if (m_refreshPending) {
      m_busy = true;
      return;
    }
    const bool col = column(cycle);
    const bool row = rowCommand(cycle);
    m_busy = col || row || outstanding() > 0;
  }

private:
  struct Read {
    DramCompletion c;
    int pc = 0, bg = 0;
  };
  struct Bank {
    std::int64_t openRow = -1;
    std::uint64_t nextAct = 0, nextPre = 0, nextRd = 0;
  };
  struct Pc {
    std::uint64_t nextRd = 0, nextAct = 0;
    std::vector<std::uint64_t> acts;  // every ACT cycle
  };
  static std::uint64_t u(int v) { return static_cast<std::uint64_t>(v); }
  bool hits(const Read& r) const {
    return m_banks[r.c.bank].openRow == static_cast<std::int64_t>(r.c.row);
  }

  void refresh(std::uint64_t cycle) {
    m_refreshPending = true;
    for (const Bank& b : m_banks)
      if (b.openRow >= 0 && b.nextPre > cycle) return;
    if (m_nextRowCmd > cycle) return;
    const std::uint64_t until = cycle + u(m_hw.nRP + m_hw.nRFC);
    for (Bank& b : m_banks) {
      b.openRow = -1;
      b.nextAct = std::max(b.nextAct, until);
    }
    m_nextRefresh += u(m_hw.nREFI);
    m_refreshPending = false;
    ++m_refreshes;
  }

  bool column(std::uint64_t cycle) {
    for (std::size_t i = 0; i < m_queue.size(); ++i) {
      Read& r = m_queue[i];
      Bank& b = m_banks[r.c.bank];
      Pc& pc = m_pcs[static_cast<std::size_t>(r.pc)];
      const auto bg = static_cast<std::size_t>(r.bg);
      if (!hits(r) || std::max({b.nextRd, pc.nextRd, m_bgNextRd[bg]}) > cycle) continue;
      r.c.issueCycle = cycle;
      r.c.doneCycle = cycle + u(m_hw.nCL + m_hw.nBL);
      pc.nextRd = cycle + u(std::max(m_hw.nBL, m_hw.nCCDS));
      m_bgNextRd[bg] = cycle + u(std::max(m_hw.nBL, m_hw.nCCDL));
      b.nextPre = std::max(b.nextPre, cycle + u(m_hw.nRTP));
      m_inflight.push_back(r.c);
      m_queue.erase(m_queue.begin() + static_cast<std::ptrdiff_t>(i));
      return true;
    }
    return false;
  }

  bool rowCommand(std::uint64_t cycle) {
    for (Read& r : m_queue) {
      if (hits(r)) continue;
      Bank& b = m_banks[r.c.bank];
      if (b.openRow >= 0) {
        const bool stillHit = std::any_of(m_queue.begin(), m_queue.end(), [&](const Read& o) {
          return o.c.bank == r.c.bank && hits(o);
        });
        if (stillHit || std::max(b.nextPre, m_nextRowCmd) > cycle) continue;
        b.openRow = -1;
        b.nextAct = std::max(b.nextAct, cycle + u(m_hw.nRP));
        return true;
      }
      Pc& pc = m_pcs[static_cast<std::size_t>(r.pc)];
      const auto bg = static_cast<std::size_t>(r.bg);
      const std::uint64_t faw =
          pc.acts.size() >= 4 ? pc.acts[pc.acts.size() - 4] + u(m_hw.nFAW) : 0;
      if (std::max({b.nextAct, pc.nextAct, m_bgNextAct[bg], m_nextRowCmd, faw}) > cycle) continue;
      b.openRow = r.c.row;
      b.nextRd = cycle + u(m_hw.nRCD);
      b.nextPre = cycle + u(m_hw.nRAS);
      b.nextAct = cycle + u(m_hw.nRC);
      pc.nextAct = cycle + u(m_hw.nRRDS);
      m_bgNextAct[bg] = cycle + u(m_hw.nRRDL);
      pc.acts.push_back(cycle);
      m_nextRowCmd = cycle + 2;
      r.c.rowHit = false;
      return true;
    }
    return false;
  }

  HwConfig m_hw;
  DramGeometry m_geo;
  std::deque<DramTx> m_in;
  std::vector<Read> m_queue;  // arrival order
  std::deque<DramCompletion> m_inflight;
  std::vector<Bank> m_banks;
  std::vector<Pc> m_pcs;
  std::vector<std::uint64_t> m_bgNextRd, m_bgNextAct;
  std::uint64_t m_nextRowCmd = 0, m_nextRefresh = ~0ull, m_refreshes = 0;
  bool m_refreshPending = false, m_busy = false;
};

}  // namespace spatten::core::test
