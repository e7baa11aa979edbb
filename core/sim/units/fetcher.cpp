#include "core/sim/units/fetcher.h"

#include <algorithm>
#include <bit>

#include "core/sim/hbm2_channel.h"
#include "core/sim/snapshot.h"
#include "core/sim/stats.h"
#include "core/sim/units/hbm2.h"
#include "core/util/error.h"

namespace spatten::core {

Fetcher::Fetcher(const HwConfig& hw, int layers)
    : m_lanesPerCycle(hw.fetchLanes),
      m_lanes(static_cast<std::size_t>(hw.fetchLanes),
              RingFifo<DramTx>(static_cast<std::size_t>(hw.addrFifoDepth))),
      m_laneHead(m_lanes.size(), kLaneEmpty),
      m_laneWords((m_lanes.size() + 63) / 64),
      m_headLanes(static_cast<std::size_t>(hw.hbmChannels) * m_laneWords, 0),
      m_channelMask(static_cast<std::uint64_t>(hw.hbmChannels - 1)),
      m_arrivedLayerTx(static_cast<std::size_t>(std::max(1, layers)), 0) {}

// The first lane, in round-robin order from `start`, whose head targets `channel` (one exists),
// for any number of lane words (tickCrossbar searches one word inline).
std::size_t Fetcher::firstLaneFrom(std::size_t channel, std::size_t start) const {
  const std::uint64_t* words = m_headLanes.data() + channel * m_laneWords;
  const std::size_t sw = start / 64;
  const std::uint64_t upper = words[sw] & (~0ull << (start % 64));
  if (upper != 0) return sw * 64 + static_cast<std::size_t>(std::countr_zero(upper));
  for (std::size_t k = 1; k <= m_laneWords; ++k) {  // later words, then wrap to word sw again
    const std::size_t w = (sw + k) % m_laneWords;
    if (words[w] != 0) return w * 64 + static_cast<std::size_t>(std::countr_zero(words[w]));
  }
  return 0;  // unreachable: the caller checked m_targeted
}

std::uint32_t Fetcher::slotOf(std::uint32_t owner, DataKind kind) const {
  const std::uint32_t row = owner - m_slotBase;  // wraps to a large value below the window
  if (row >= m_slots.size()) return kNone;
  return m_slots[row][static_cast<std::size_t>(kind)];
}

std::uint32_t& Fetcher::slotRef(std::uint32_t owner, DataKind kind) {
  if (m_slots.empty()) m_slotBase = owner;
  if (owner < m_slotBase)
    throw Error("<simulator>", "fetcher", "fetch for a request whose data was released");
  while (m_slotBase + m_slots.size() <= owner) m_slots.emplaceBack().fill(kNone);
  return m_slots[owner - m_slotBase][static_cast<std::size_t>(kind)];
}

void Fetcher::command(const FetchCommand& c) {
  std::uint32_t slot;
  if (!m_freeJobs.empty()) {
    slot = m_freeJobs.back();
    m_freeJobs.pop_back();
  } else {
    slot = static_cast<std::uint32_t>(m_jobs.size());
    m_jobs.emplace_back();
  }
  Job& j = m_jobs[slot];
  j = Job{};
  j.plan = c.plan;
  j.owner = c.owner;
  j.request = c.request;
  j.kind = c.kind;
  j.layer = c.layer;
  j.issueLimit = c.issueLimit;
  j.done.assign((j.plan->txAddr.size() + 63) / 64, 0);
  const auto k = static_cast<std::size_t>(c.kind);
  m_requestedBytes[k] += j.plan->txAddr.size() * kTransactionBytes;
  m_payloadBytes[k] += j.plan->payloadBytes;
  while (j.readyVectors < j.vectors() && j.plan->vecEndTx[j.readyVectors] == 0) ++j.readyVectors;
  slotRef(c.owner, c.kind) = slot;
  m_issueIdle = false;
  // A fetch without transactions is complete: never queued (its slot may be released before the
  // queue would pop it).
  if (!j.plan->txAddr.empty()) m_queues[static_cast<std::size_t>(c.queue)].push_back(slot);
}

void Fetcher::valueIndices(const ValueIndices& v) {
  const std::uint32_t slot = slotOf(v.request, DataKind::V);
  if (slot != kNone) m_jobs[slot].issueLimit = v.emitted;
  m_issueIdle = false;
}

void Fetcher::release(std::uint32_t owner, std::uint32_t kindMask) {
  m_issueIdle = false;
  for (int k = 0; k < kDataKinds; ++k) {
    if (!(kindMask >> k & 1u)) continue;
    const std::uint32_t slot = slotOf(owner, static_cast<DataKind>(k));
    if (slot == kNone) continue;
    Job& j = m_jobs[slot];
    countArrived(j, m_arrivedKindTx, m_arrivedLayerTx);
    j.plan.reset();
    j.done.clear();
    m_freeJobs.push_back(slot);
    m_slots[owner - m_slotBase][static_cast<std::size_t>(k)] = kNone;
  }
  while (!m_slots.empty() && std::all_of(m_slots.front().begin(), m_slots.front().end(),
                                         [](std::uint32_t s) { return s == kNone; })) {
    m_slots.popFront();
    ++m_slotBase;
  }
}

std::uint32_t Fetcher::readyVectors(std::uint32_t owner, DataKind kind) const {
  const std::uint32_t slot = slotOf(owner, kind);
  return slot == kNone ? 0 : m_jobs[slot].readyVectors;
}

bool Fetcher::complete(std::uint32_t owner, DataKind kind) const {
  const std::uint32_t slot = slotOf(owner, kind);
  return slot != kNone && m_jobs[slot].completed == m_jobs[slot].plan->txAddr.size();
}

bool Fetcher::lanesEmpty() const {
  return std::all_of(m_lanes.begin(), m_lanes.end(), [](const auto& l) { return l.empty(); });
}

void Fetcher::receive(std::span<const DramArrival> done) {
  for (const DramArrival& a : done) {
    Job& j = m_jobs[a.job];
    std::uint64_t* arrived = j.done.data();
    arrived[a.index / 64] |= 1ull << (a.index % 64);
    ++j.completed;
    // The prefix is the first transaction still missing: only its own arrival moves it (and
    // with it the ready vectors). Most arrivals are out of order (16 channels).
    if (a.index != j.prefix) continue;
    const auto total = static_cast<std::uint32_t>(j.plan->txAddr.size());
    // The run of arrived transactions from a.index: whole words of ones at a time.
    std::uint32_t prefix = a.index;
    while (prefix < total) {
      const unsigned bit = prefix % 64;
      const auto ones = static_cast<std::uint32_t>(std::countr_one(arrived[prefix / 64] >> bit));
      prefix += ones;
      if (ones < 64 - bit) break;  // a missing transaction (or the zero bits past the last one)
    }
    j.prefix = prefix;
    const std::uint32_t* vecEnd = j.plan->vecEndTx.data();
    const std::uint32_t vectors = j.vectors();
    std::uint32_t ready = j.readyVectors;
    while (ready < vectors && vecEnd[ready] <= prefix) ++ready;
    j.readyVectors = ready;
  }
}

void Fetcher::tickCrossbar(Hbm2& hbm) {
  // Each channel that can take a transaction takes the head of the first lane, in round-robin
  // order from m_xbarStart, whose head targets it. A lane heads towards one channel, so the
  // choices are independent; a lane's next head waits for the next cycle, hence all lanes are
  // chosen from this cycle's heads before any pops.
  std::array<std::uint32_t, 64> picked;  // at most one lane per channel (at most 64 channels)
  std::size_t count = 0;
  if (m_laneWords == 1) {  // at most 64 lanes (the RTL: 32): from the start lane, else wrap
    // The first head at or after the start lane, wrapping: rotated so that the start lane is
    // bit 0 (lanes above the last one are never set, so wrapping over 64 bits is the same).
    const int start = static_cast<int>(m_xbarStart);
    for (std::uint64_t want = m_targeted & hbm.acceptMask(); want != 0; want &= want - 1) {
      const std::uint64_t heads = m_headLanes[static_cast<std::size_t>(std::countr_zero(want))];
      picked[count++] =
          static_cast<std::uint32_t>((std::countr_zero(std::rotr(heads, start)) + start) & 63);
    }
  } else {
    for (std::uint64_t want = m_targeted & hbm.acceptMask(); want != 0; want &= want - 1) {
      const auto ch = static_cast<std::size_t>(std::countr_zero(want));
      picked[count++] = static_cast<std::uint32_t>(firstLaneFrom(ch, m_xbarStart));
    }
  }
  for (std::size_t i = 0; i < count; ++i) {
    const std::uint32_t l = picked[i];
    RingFifo<DramTx>& lane = m_lanes[l];
    const int ch = m_laneHead[l];
    clearHead(l);
    hbm.push(ch, lane.front());
    lane.pop();
    if (!lane.empty()) setHead(l);
  }
  m_xbarStart = m_xbarStart + 1 == m_lanes.size() ? 0 : m_xbarStart + 1;
}

void Fetcher::tickIssue(Activity& act) {
  if (m_issueIdle) return;  // nothing changed since a cycle that could issue nothing
  int budget = m_lanesPerCycle;
  bool issued = false, blocked = false;
  for (std::deque<std::uint32_t>& q : m_queues) {
    while (budget > 0 && !q.empty() && !blocked) {
      const std::uint32_t slot = q.front();
      Job& j = m_jobs[slot];
      const auto total = static_cast<std::uint32_t>(j.plan->txAddr.size());
      if (j.issued >= total) {
        q.pop_front();
        continue;
      }
      const std::uint32_t limit = j.issueLimit == kNone ? total
                                  : j.issueLimit == 0
                                      ? 0
                                      : j.plan->vecEndTx[std::min(j.issueLimit, j.vectors()) - 1];
      if (j.issued >= limit) break;  // V indices not yet produced by the top-k filter
      // One transaction per lane, round robin, until the budget, the job's limit or a full lane.
      // In locals: the byte-wide stores into the lane FIFOs may alias any member.
      const std::uint32_t before = j.issued;
      const std::uint64_t* addr = j.plan->txAddr.data();
      const auto lanes = static_cast<std::uint32_t>(m_lanes.size());
      const std::uint32_t end = std::min(limit, before + static_cast<std::uint32_t>(budget));
      std::uint32_t upTo = before, next = m_nextLane;
      while (upTo < end) {
        RingFifo<DramTx>& lane = m_lanes[next];
        if (lane.full()) {
          blocked = true;
          break;
        }
        DramTx& tx = lane.pushSlot();
        tx.addr = addr[upTo];
        tx.job = slot;
        tx.index = upTo;
        if (m_laneHead[next] == kLaneEmpty) setHead(next);
        next = next + 1 == lanes ? 0 : next + 1;
        ++upTo;
      }
      j.issued = upTo;
      m_nextLane = next;
      budget -= static_cast<int>(upTo - before);
      if (j.issued != before) {
        issued = true;
        act.busy(ModuleId::Fetcher, j.request);  // once per job and cycle is the same interval
      }
      // A job leaves its queue with its last transaction: left at the head while higher-priority
      // queues take the whole budget, it could be released (its request finished) and its slot
      // reused by another job, which this queue would then issue out of order.
      if (j.issued != total) break;  // a full lane, no budget left, or at its limit
      q.pop_front();
    }
  }
  if (issued)
    act.set(ModuleId::Fetcher, ModuleState::Busy);
  else if (blocked)
    act.set(ModuleId::Fetcher, ModuleState::Stalled);
  // Every queue empty or its head at its limit: so until a new job, new V indices or a release.
  m_issueIdle = !issued && !blocked;
}

void Fetcher::addStats(SimStats& s) const {
  s.requestedBytes = m_requestedBytes;
  s.payloadBytes = m_payloadBytes;
  std::array<std::uint64_t, kDataKinds> kinds = m_arrivedKindTx;
  std::vector<std::uint64_t> layers = m_arrivedLayerTx;
  for (const Job& j : m_jobs)
    if (j.plan) countArrived(j, kinds, layers);  // not released
  for (std::size_t k = 0; k < kinds.size(); ++k) s.dramBytes[k] = kinds[k] * kTransactionBytes;
  s.dramBytesPerLayer.resize(layers.size());
  for (std::size_t l = 0; l < layers.size(); ++l)
    s.dramBytesPerLayer[l] = layers[l] * kTransactionBytes;
}

std::uint32_t Fetcher::queuedJobs() const {
  std::size_t n = 0;
  for (const auto& q : m_queues) n += q.size();
  return static_cast<std::uint32_t>(n);
}

std::uint32_t Fetcher::laneFill() const {
  std::size_t n = 0;
  for (const auto& l : m_lanes) n += l.size();
  return static_cast<std::uint32_t>(n);
}

void Fetcher::fillSnapshot(SimSnapshot& snap, const Workload& w) const {
  ModuleSnapshot& m = snap.module(ModuleId::Fetcher);
  for (const std::deque<std::uint32_t>& q : m_queues) {  // the job at the head, by priority
    if (q.empty()) continue;
    const Job& j = m_jobs[q.front()];
    m.request = requestRef(w, j.request);
    m.progress = j.issued;
    m.total = j.plan ? j.plan->txAddr.size() : 0;
    break;
  }
  std::uint64_t queued = 0, laneFill = 0;
  for (const auto& q : m_queues) queued += q.size();
  for (const auto& l : m_lanes) laneFill += l.size();
  m.fifos.push_back({"queued jobs", queued, 0});
  m.fifos.push_back({"address FIFOs (all lanes)", laneFill,
                     static_cast<std::uint64_t>(m_lanes.size()) * m_lanes[0].capacity()});
}

}  // namespace spatten::core
