// Modules 3-6 and 14: the Q/K/V fetcher turns fetch jobs into 32 B transactions, routes them
// through the 32x16 address crossbar (at most one transaction per channel per cycle, at most
// fetcher.lanes per cycle) into the channels' address FIFOs; the HBM2 channels answer; the 16x32
// data crossbar and the bit-width converter restore request order (a vector is usable once every
// transaction up to its last one has arrived).
#include <algorithm>

#include "core/sim/simulator.h"

namespace spatten::core {

void Simulator::tickDram() {
  m_completions.clear();
  bool anyBusy = false;
  std::uint64_t refreshes = 0;
  for (Hbm2Channel& ch : m_channels) {
    ch.tick(m_cycle, m_completions);
    anyBusy = anyBusy || ch.busyThisCycle();
    refreshes += ch.refreshes();
  }
  m_stats.dramRefreshes = refreshes;
  if (anyBusy) m_act.set(ModuleId::Hbm, ModuleState::Busy);
  for (const DramCompletion& c : m_completions) {
    FetchJob& j = m_jobs[c.tx.job];
    j.done[c.tx.index] = 1;
    ++j.completed;
    while (j.prefix < j.done.size() && j.done[j.prefix]) ++j.prefix;
    while (j.readyVectors < j.vectors() && j.plan->vecEndTx[j.readyVectors] <= j.prefix)
      ++j.readyVectors;
    const auto k = static_cast<std::size_t>(c.tx.kind);
    m_stats.dramBytes[k] += 32;
    m_stats.dramBytesPerLayer[std::min<std::size_t>(c.tx.layer, m_stats.dramBytesPerLayer.size() - 1)] += 32;
    const int chId = static_cast<int>((c.tx.addr >> 5) & m_channelMask);
    m_stats.dramBytesPerChannel[static_cast<std::size_t>(chId)] += 32;
    ++m_stats.dramTransactions;
    if (c.rowHit) ++m_stats.rowHits;
    else ++m_stats.rowMisses;
    m_stats.dramLatencySum += c.doneCycle - c.enqueueCycle;
    if (m_logLevel == LogLevel::Full) {
      Event e;
      e.kind = EventKind::DramRequest;
      e.cycle = c.enqueueCycle;
      e.duration = static_cast<std::uint32_t>(c.doneCycle - c.enqueueCycle);
      e.request = c.tx.request;
      e.a = static_cast<std::uint32_t>(chId);
      e.b = c.bank;
      e.c = c.row;
      e.extra = static_cast<std::uint32_t>(c.issueCycle - c.enqueueCycle);
      e.module = static_cast<std::uint8_t>(c.tx.kind);
      e.flags = c.rowHit ? 1 : 0;
      e.layer = c.tx.layer;
      m_act.log(e);
    }
  }
}

// 32x16 address crossbar: each cycle every channel takes at most one transaction, from the
// first lane (round-robin start) whose head targets it. Head-of-line blocking is per lane only.
void Simulator::tickCrossbar() {
  // `open`: channels that can still take a transaction this cycle.
  std::uint64_t open = 0;
  for (std::size_t c = 0; c < m_channels.size(); ++c)
    if (m_channels[c].canAccept()) open |= 1ull << c;
  const std::size_t n = m_lanes.size();
  for (std::size_t i = 0; i < n && open != 0; ++i) {
    RingFifo<DramTx>& lane = m_lanes[(m_xbarStart + i) % n];
    if (lane.empty()) continue;
    const std::size_t ch = static_cast<std::size_t>((lane.front().addr >> 5) & m_channelMask);
    if (!(open >> ch & 1u)) continue;
    m_channels[ch].push(lane.front());
    lane.pop();
    open &= ~(1ull << ch);
  }
  m_xbarStart = static_cast<std::uint32_t>((m_xbarStart + 1) % n);
}

// Address generation: up to fetcher.lanes transactions per cycle, in job order (priority: LSB
// refetch, then values, then queries/keys), spread round-robin over the lane FIFOs. A full lane
// FIFO stalls the fetcher.
void Simulator::tickFetcher() {
  int budget = m_hw.fetchLanes;
  bool issued = false, blocked = false;
  for (std::deque<std::uint32_t>* q : {&m_fetchLsb, &m_fetchV, &m_fetchK}) {
    while (budget > 0 && !q->empty() && !blocked) {
      FetchJob& j = m_jobs[q->front()];
      const std::uint32_t total = static_cast<std::uint32_t>(j.plan->txAddr.size());
      if (j.issued >= total) {
        q->pop_front();
        continue;
      }
      const std::uint32_t limit = j.issueLimit == kNone ? total
                                  : j.issueLimit == 0  ? 0
                                                       : j.plan->vecEndTx[std::min(j.issueLimit, j.vectors()) - 1];
      if (j.issued >= limit) break;  // V indices not yet produced by the top-k filter
      RingFifo<DramTx>& lane = m_lanes[m_nextLane];
      if (lane.full()) {
        blocked = true;
        break;
      }
      DramTx tx;
      tx.addr = j.plan->txAddr[j.issued];
      tx.job = static_cast<std::uint32_t>(&j - m_jobs.data());
      tx.index = j.issued;
      tx.request = j.request;
      tx.kind = j.kind;
      tx.layer = j.layer;
      lane.push(tx);
      m_nextLane = static_cast<std::uint32_t>((m_nextLane + 1) % m_lanes.size());
      ++j.issued;
      --budget;
      issued = true;
      m_act.busy(ModuleId::Fetcher, j.request);
      // A job leaves its queue with its last transaction: left at the head while higher-priority
      // queues take the whole budget, it could be freed (its request finished) and its slot
      // reused by another job, which this queue would then issue out of order.
      if (j.issued == total) q->pop_front();
    }
  }
  if (issued) m_act.set(ModuleId::Fetcher, ModuleState::Busy);
  else if (blocked) m_act.set(ModuleId::Fetcher, ModuleState::Stalled);
}

}  // namespace spatten::core
