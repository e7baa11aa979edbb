#pragma once
// Modules 3-6, the Q/K/V fetcher: turns fetch commands into 32-byte transactions (up to
// fetcher.lanes per cycle, priority LSB refetch > values > queries/keys, round-robin over the lane
// address FIFOs; a full lane stalls it), the 32x16 address crossbar (each channel takes at most
// one transaction per cycle, from the first lane in round-robin order whose head targets it;
// head-of-line blocking per lane) and, on the way back, the 16x32 data crossbar and bit-width
// converter that restore request order: a vector is usable once every transaction up to its
// last one has arrived. The key and value buffers read that readiness (readyVectors()).

#include <algorithm>
#include <array>
#include <cstdint>
#include <deque>
#include <memory>
#include <span>
#include <vector>

#include "core/sim/activity.h"
#include "core/sim/fifo.h"
#include "core/sim/hbm2_channel.h"  // DramTx (lane FIFO heads)
#include "core/sim/hw_config.h"
#include "core/sim/indexed_ring.h"
#include "core/sim/units/data_ready.h"
#include "core/sim/units/hbm2.h"  // DramJobs
#include "core/sim/units/messages.h"

namespace spatten::core {

struct SimStats;
struct SimSnapshot;
struct Workload;

class Fetcher final : public DataReady, public DramJobs {
public:
  Fetcher() = default;
  // layers: the workload's; DRAM bytes per layer are counted up to layers - 1, the last entry
  // holding any later layer.
  explicit Fetcher(const HwConfig& hw, int layers = 1);

  // Ports in.
  void command(const FetchCommand& c);       // a new fetch
  void valueIndices(const ValueIndices& v);  // issue limit of `request`'s own V fetch
  void release(std::uint32_t owner, std::uint32_t kindMask);  // the data was consumed
  // The request left the datapath: its busy interval on the fetcher ends.
  void finished(Activity& act, const Finished& f) { act.close(ModuleId::Fetcher, f.request); }

  // The data crossbar: marks arrived transactions (the HBM2's arrivals of this cycle).
  void receive(std::span<const DramArrival> done);
  // The address crossbar: lane heads into the channels' ports.
  void tickCrossbar(Hbm2& hbm);
  // Address generation into the lane FIFOs.
  void tickIssue(Activity& act);

  // Wires out: vectors of (owner, kind) that have arrived in order; 0 without such a fetch.
  std::uint32_t readyVectors(std::uint32_t owner, DataKind kind) const override;
  bool complete(std::uint32_t owner, DataKind kind) const override;
  bool has(std::uint32_t owner, DataKind kind) const override {
    return slotOf(owner, kind) != kNone;
  }
  DramJobInfo jobInfo(std::uint32_t job) const override {
    const Job& j = m_jobs[job];
    return {j.request, j.kind, j.layer};
  }
  bool lanesEmpty() const;
  // Fill levels for CycleSample: queued fetch jobs, transactions in the lane FIFOs.
  std::uint32_t queuedJobs() const;
  std::uint32_t laneFill() const;

  void addStats(SimStats& s) const;
  void fillSnapshot(SimSnapshot& snap, const Workload& w) const;

private:
  struct Job {
    std::shared_ptr<const FetchPlan> plan;
    std::uint32_t owner = 0, request = 0;
    DataKind kind = DataKind::KMsb;
    std::uint8_t layer = 0;
    std::uint32_t issued = 0, completed = 0, prefix = 0, readyVectors = 0;
    std::uint32_t issueLimit = kNone;  // vectors whose transactions may be issued
    // Per transaction: arrived, one bit each (bit i % 64 of word i / 64). Words, not bytes: a
    // byte store may alias any member, so the receive loop would reload them all.
    std::vector<std::uint64_t> done;
    std::uint32_t vectors() const { return static_cast<std::uint32_t>(plan->vecEndTx.size()); }
  };
  std::uint32_t slotOf(std::uint32_t owner, DataKind kind) const;
  std::uint32_t& slotRef(std::uint32_t owner, DataKind kind);

  int m_lanesPerCycle = 32;
  std::vector<Job> m_jobs;
  std::vector<std::uint32_t> m_freeJobs;
  // Job slot per (owner, kind), for a window of owners (request ids, ascending) from m_slotBase.
  IndexedRing<std::array<std::uint32_t, kDataKinds>> m_slots;
  std::uint32_t m_slotBase = 0;
  std::array<std::deque<std::uint32_t>, 3> m_queues;  // job slots per FetchQueue, in order
  // The last tickIssue() issued nothing and met no full lane: every queue was empty or its head
  // job at its issue limit, which only command(), valueIndices() and release() change.
  bool m_issueIdle = false;
  std::vector<RingFifo<DramTx>> m_lanes;  // address FIFOs in front of the crossbar
  // The address crossbar's view of the lane heads: per lane, the channel its head transaction
  // targets (kLaneEmpty without one); per channel, a bit set of the lanes whose head targets it
  // (m_laneWords words each), and the channels that some lane head targets. So a crossbar cycle
  // visits the channels, not every lane.
  // 16-bit entries: stores through a byte type may alias any member (every later member load in
  // the crossbar loop would be repeated).
  static constexpr std::uint16_t kLaneEmpty = 0xFFFF;
  std::vector<std::uint16_t> m_laneHead;
  std::size_t m_laneWords = 1;
  std::vector<std::uint64_t> m_headLanes;
  std::uint64_t m_targeted = 0;
  std::uint64_t m_channelMask = 0;
  void setHead(std::size_t lane) {  // m_laneHead and the bit sets from the lane's head
    const auto ch =
        static_cast<std::size_t>((m_lanes[lane].front().addr >> kTransactionShift) & m_channelMask);
    m_laneHead[lane] = static_cast<std::uint16_t>(ch);
    m_headLanes[ch * m_laneWords + lane / 64] |= 1ull << (lane % 64);
    m_targeted |= 1ull << ch;
  }
  void clearHead(std::size_t lane) {
    const std::size_t ch = m_laneHead[lane];
    m_laneHead[lane] = kLaneEmpty;
    if (m_laneWords == 1) {  // no branch on whether the channel's last head left
      const std::uint64_t left = m_headLanes[ch] & ~(1ull << lane);
      m_headLanes[ch] = left;
      m_targeted &= ~(static_cast<std::uint64_t>(left == 0) << ch);
      return;
    }
    const std::size_t base = ch * m_laneWords;
    m_headLanes[base + lane / 64] &= ~(1ull << (lane % 64));
    if (m_headLanes[base + lane / 64] != 0) return;
    for (std::size_t w = 0; w < m_laneWords; ++w)
      if (m_headLanes[base + w] != 0) return;
    m_targeted &= ~(1ull << ch);
  }
  std::size_t firstLaneFrom(std::size_t channel, std::size_t start) const;
  std::uint32_t m_nextLane = 0, m_xbarStart = 0;
  std::array<std::uint64_t, kDataKinds> m_requestedBytes{}, m_payloadBytes{};
  // Transactions that arrived for released jobs, per kind and per layer (the live jobs' count
  // their own: Job::completed); addStats() adds the two.
  std::array<std::uint64_t, kDataKinds> m_arrivedKindTx{};
  std::vector<std::uint64_t> m_arrivedLayerTx = std::vector<std::uint64_t>(1, 0);
  static void countArrived(const Job& j, std::array<std::uint64_t, kDataKinds>& kinds,
                           std::vector<std::uint64_t>& layers) {
    kinds[static_cast<std::size_t>(j.kind)] += j.completed;
    layers[std::min<std::size_t>(j.layer, layers.size() - 1)] += j.completed;
  }
};

}  // namespace spatten::core
