#include "core/sim/units/hbm2.h"

#include <algorithm>

#include "core/sim/snapshot.h"
#include "core/sim/stats.h"

namespace spatten::core {

Hbm2::Hbm2(const HwConfig& hw) : m_channelMask(static_cast<std::uint64_t>(hw.hbmChannels - 1)) {
  m_geo = DramGeometry::from(hw);
  for (int c = 0; c < hw.hbmChannels; ++c) m_channels.emplace_back(hw, c);
  m_wakes.assign(m_channels.size(), 0);
  m_room = m_channels.size() == 64 ? ~0ull : (1ull << m_channels.size()) - 1;
  m_retired.buffer.resize(m_channels.size());
}

bool Hbm2::idle() const {
  return std::all_of(m_channels.begin(), m_channels.end(),
                     [](const Hbm2Channel& c) { return c.idle(); });
}

void Hbm2::tick(Activity& act, const DramJobs& jobs) {
  const std::uint64_t cycle = act.cycle();
  m_retired.count = 0;
  if (cycle < m_nextWake) {  // no channel due: nothing retires, busy and room bits stay
    if (m_busy != 0) act.set(ModuleId::Hbm, ModuleState::Busy);
    return;
  }
  // The sink points at m_logRecords only while the channels tick (a copy of the stack must not
  // keep a pointer into the original's records).
  const bool logReads = act.level() == LogLevel::Full;
  if (logReads) m_logRecords.clear();
  m_retired.detail = logReads ? &m_logRecords : nullptr;
  m_nextWake = Hbm2Channel::tickDue(m_channels.data(), m_channels.size(), m_wakes.data(), cycle,
                                    m_retired, m_busy, m_room);
  m_retired.detail = nullptr;
  if (m_busy != 0) act.set(ModuleId::Hbm, ModuleState::Busy);
  m_transactions += m_retired.count;
  if (!logReads) return;
  for (const DramCompletion& c : m_logRecords) {
    const DramJobInfo job = jobs.jobInfo(c.tx.job);
    Event e;
    e.kind = EventKind::DramRequest;
    e.cycle = c.enqueueCycle;
    e.duration = static_cast<std::uint32_t>(c.doneCycle - c.enqueueCycle);
    e.request = job.request;
    e.a = static_cast<std::uint32_t>(channelOf(c.tx.addr));
    // Column of the transaction inside its row (docs/simulator.md, DRAM address layout).
    const std::uint64_t t = (c.tx.addr >> (kTransactionShift + m_geo.channelBits)) /
                            static_cast<std::uint64_t>(m_geo.pseudoChannels);
    const auto column = static_cast<std::uint32_t>(t % static_cast<std::uint64_t>(m_geo.columns));
    e.b = c.bank | (column << 16);
    e.c = c.row;
    e.extra = static_cast<std::uint32_t>(c.issueCycle - c.enqueueCycle);
    e.module = static_cast<std::uint8_t>(job.kind);
    e.flags = c.rowHit ? 1 : 0;
    e.layer = job.layer;
    act.log(e);
  }
}

void Hbm2::addStats(SimStats& s) const {
  s.dramBytesPerChannel.assign(m_channels.size(), 0);
  s.dramTransactions = 0;
  s.rowHits = 0;
  s.dramLatencySum = 0;
  s.dramRefreshes = 0;
  for (std::size_t c = 0; c < m_channels.size(); ++c) {
    const Hbm2Channel::Counters k = m_channels[c].counters();
    s.dramBytesPerChannel[c] = k.transactions * kTransactionBytes;
    s.dramTransactions += k.transactions;
    s.rowHits += k.rowHits;
    s.dramLatencySum += k.latencySum;
    s.dramRefreshes += m_channels[c].refreshes();
  }
  s.rowMisses = s.dramTransactions - s.rowHits;
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
    cs.bytes = channelBytes(i);
    fill += cs.addrFifo;
    cap += cs.addrFifoCapacity;
    snap.channels.push_back(cs);
  }
  snap.module(ModuleId::Hbm).fifos.push_back({"controller ports (all channels)", fill, cap});
}

}  // namespace spatten::core
