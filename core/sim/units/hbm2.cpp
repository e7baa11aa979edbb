#include "core/sim/units/hbm2.h"

#include <algorithm>

#include "core/sim/snapshot.h"
#include "core/sim/stats.h"

namespace spatten::core {

Hbm2::Hbm2(const HwConfig& hw, int layers)
    : m_channelMask(static_cast<std::uint64_t>(hw.hbmChannels - 1)),
      m_bytesPerLayer(static_cast<std::size_t>(std::max(1, layers)), 0),
      m_bytesPerChannel(static_cast<std::size_t>(hw.hbmChannels), 0) {
  m_geo = DramGeometry::from(hw);
  for (int c = 0; c < hw.hbmChannels; ++c) m_channels.emplace_back(hw, c);
  m_wakes.assign(m_channels.size(), 0);
  m_room = m_channels.size() == 64 ? ~0ull : (1ull << m_channels.size()) - 1;
  m_completions.reserve(static_cast<std::size_t>(hw.hbmChannels) * 4);
}

bool Hbm2::idle() const {
  return std::all_of(m_channels.begin(), m_channels.end(),
                     [](const Hbm2Channel& c) { return c.idle(); });
}

void Hbm2::tick(Activity& act) {
  const std::uint64_t cycle = act.cycle();
  m_completions.clear();
  for (std::size_t c = 0; c < m_channels.size(); ++c) {
    if (cycle < m_wakes[c]) continue;  // the channel's busy state stays, its port too
    Hbm2Channel& ch = m_channels[c];
    ch.tickActive(cycle, m_completions);
    m_wakes[c] = ch.wake();
    const std::uint64_t bit = 1ull << c;
    m_busy = ch.busyThisCycle() ? m_busy | bit : m_busy & ~bit;
    m_room = ch.canAccept() ? m_room | bit : m_room & ~bit;
  }
  if (m_busy != 0) act.set(ModuleId::Hbm, ModuleState::Busy);
  for (const DramCompletion& c : m_completions) {
    m_bytes[static_cast<std::size_t>(c.tx.kind)] += kTransactionBytes;
    m_bytesPerLayer[std::min<std::size_t>(c.tx.layer, m_bytesPerLayer.size() - 1)] +=
        kTransactionBytes;
    const int chId = channelOf(c.tx.addr);
    m_bytesPerChannel[static_cast<std::size_t>(chId)] += kTransactionBytes;
    ++m_transactions;
    if (c.rowHit)
      ++m_rowHits;
    else
      ++m_rowMisses;
    m_latencySum += c.doneCycle - c.enqueueCycle;
    if (act.level() == LogLevel::Full) {
      Event e;
      e.kind = EventKind::DramRequest;
      e.cycle = c.enqueueCycle;
      e.duration = static_cast<std::uint32_t>(c.doneCycle - c.enqueueCycle);
      e.request = c.tx.request;
      e.a = static_cast<std::uint32_t>(chId);
      // Column of the transaction inside its row (docs/simulator.md, DRAM address layout).
      const std::uint64_t t = (c.tx.addr >> (kTransactionShift + m_geo.channelBits)) /
                              static_cast<std::uint64_t>(m_geo.pseudoChannels);
      const auto column = static_cast<std::uint32_t>(t % static_cast<std::uint64_t>(m_geo.columns));
      e.b = c.bank | (column << 16);
      e.c = c.row;
      e.extra = static_cast<std::uint32_t>(c.issueCycle - c.enqueueCycle);
      e.module = static_cast<std::uint8_t>(c.tx.kind);
      e.flags = c.rowHit ? 1 : 0;
      e.layer = c.tx.layer;
      act.log(e);
    }
  }
}

void Hbm2::addStats(SimStats& s) const {
  s.dramBytes = m_bytes;
  s.dramBytesPerLayer = m_bytesPerLayer;
  s.dramBytesPerChannel = m_bytesPerChannel;
  s.dramTransactions = m_transactions;
  s.rowHits = m_rowHits;
  s.rowMisses = m_rowMisses;
  s.dramLatencySum = m_latencySum;
  s.dramRefreshes = 0;
  for (const Hbm2Channel& ch : m_channels) s.dramRefreshes += ch.refreshes();
}

void Hbm2::fillSnapshot(SimSnapshot& snap) const {
  std::uint64_t fill = 0, cap = 0;
  for (std::size_t i = 0; i < m_channels.size(); ++i) {
    const Hbm2Channel& c = m_channels[i];
    ChannelSnapshot cs;
    cs.addrFifo = static_cast<std::uint32_t>(c.inFifoSize());
    cs.addrFifoCapacity = static_cast<std::uint32_t>(c.inFifoCapacity());
    cs.outstanding = static_cast<std::uint32_t>(c.outstanding());
    cs.maxOutstanding = static_cast<std::uint32_t>(c.maxOutstanding());
    cs.bytes = m_bytesPerChannel[i];
    fill += cs.addrFifo;
    cap += cs.addrFifoCapacity;
    snap.channels.push_back(cs);
  }
  snap.module(ModuleId::Hbm).fifos.push_back({"controller ports (all channels)", fill, cap});
}

}  // namespace spatten::core
