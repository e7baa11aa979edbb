#pragma once
// Module 14: the HBM2 stack, one Hbm2Channel per channel (core/sim/hbm2_channel.h). Takes 32-byte
// reads from the fetcher's address crossbar (one per channel per cycle, into the channel's port)
// and returns the completed reads of each cycle, in channel order, to the data crossbar. Sums
// the channels' counts (bytes per channel, row hits, latency; bytes per kind and layer are the
// fetcher's, per job), and logs every read at LogLevel::Full.

#include <algorithm>
#include <cstdint>
#include <span>
#include <vector>

#include "core/sim/activity.h"
#include "core/sim/hbm2_channel.h"
#include "core/sim/hw_config.h"

namespace spatten::core {

struct SimStats;
struct SimSnapshot;

// Who issued a read, by its DramTx::job: the request, kind and layer the event log names.
struct DramJobInfo {
  std::uint32_t request = 0;
  DataKind kind = DataKind::KMsb;
  std::uint8_t layer = 0;
};
class DramJobs {
public:
  virtual ~DramJobs() = default;
  virtual DramJobInfo jobInfo(std::uint32_t job) const = 0;  // a job with reads in flight
};

class Hbm2 {
public:
  Hbm2() = default;
  explicit Hbm2(const HwConfig& hw);

  // Retires the reads that finish in this cycle (arrivals(), until the next tick); at
  // LogLevel::Full logs each, naming it by `jobs`.
  void tick(Activity& act, const DramJobs& jobs);
  std::span<const DramArrival> arrivals() const { return m_retired.arrivals(); }

  int channelOf(std::uint64_t addr) const {
    return static_cast<int>((addr >> kTransactionShift) & m_channelMask);
  }
  // The channels whose port can take a transaction this cycle (bit c: channel c).
  std::uint64_t acceptMask() const { return m_room; }
  void push(int channel, const DramTx& tx) {
    const auto c = static_cast<std::size_t>(channel);
    m_channels[c].push(tx);
    m_wakes[c] = m_channels[c].wake();
    m_nextWake = std::min(m_nextWake, m_wakes[c]);
    if (!m_channels[c].canAccept()) m_room &= ~(1ull << c);
  }
  std::size_t channelCount() const { return m_channels.size(); }
  bool idle() const;
  std::uint64_t transactions() const { return m_transactions; }  // completed, all channels
  const Hbm2Channel& channel(std::size_t i) const { return m_channels[i]; }
  std::uint64_t channelBytes(std::size_t i) const {
    return m_channels[i].retiredReads() * kTransactionBytes;
  }

  void addStats(SimStats& s) const;
  void fillSnapshot(SimSnapshot& snap) const;

private:
  std::vector<Hbm2Channel> m_channels;
  std::uint64_t m_channelMask = 0;
  DramGeometry m_geo;
  DramArrivals m_retired;                    // this cycle's
  std::vector<DramCompletion> m_logRecords;  // this cycle's, at LogLevel::Full only
  // Per channel, kept beside the channels so that a cycle's loop reads one small array: its
  // wake() (the channel is ticked only from then), and bit sets of the channels whose port has
  // room (m_room) and that are busy (m_busy).
  std::vector<std::uint64_t> m_wakes;
  std::uint64_t m_nextWake = 0;  // the smallest of m_wakes: before it, tick() ticks no channel
  std::uint64_t m_room = 0, m_busy = 0;
  std::uint64_t m_transactions = 0;  // completed, all channels (progress() reads it every cycle)
};

}  // namespace spatten::core
