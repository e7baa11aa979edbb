#pragma once
// The Perfetto additions to the Chrome trace (`spatten-cli simulate --trace-counters`,
// docs/formats.md, "Perfetto / Chrome trace"): counter tracks ("ph":"C") for DRAM bandwidth per
// HBM2 channel, alive tokens and heads, FIFO and buffer levels, sampled every `window` cycles;
// the DRAM requests on one track per HBM2 channel (process "HBM2"); flow events from each
// token / head top-k decision to the first fetch of every head of the next layer (the fetches
// its pruning shortens); process and thread names; the cycle convention in the metadata.
// Thread: the simulator's owner thread.

#include <cstdint>
#include <string>
#include <vector>

#include "core/export/sampled_run.h"

namespace spatten::core {

// Process id of the HBM2 channel tracks (layers use their index as pid).
inline constexpr int kHbmTracePid = 1000;

class PerfettoCounters final : public CycleSink {
public:
  // window: cycles per counter sample (>= 1).
  PerfettoCounters(const Simulator& sim, std::uint32_t window);
  void cycle(const Simulator& sim, const CycleSample& s, std::size_t firstEvent) override;
  void finish(const Simulator& sim) override;

  struct Track {
    std::string name;   // counter name shown by Perfetto
    const char* unit;   // its args key
    bool mean = false;  // mean over the window (else: maximum; alive counts: last value)
    int channel = -1;   // bandwidth track of one channel
  };
  struct Point {
    std::uint64_t cycle = 0;
    double value = 0;
  };
  std::uint32_t window() const { return m_window; }
  const std::vector<Track>& tracks() const { return m_tracks; }
  // Per track: the windows whose value differs from the previous window's.
  const std::vector<std::vector<Point>>& points() const { return m_points; }

private:
  void closeWindow(std::uint64_t start);

  std::uint32_t m_window = 256;
  double m_clockGhz = 1;
  AliveCounter m_alive;
  std::vector<Track> m_tracks;
  std::vector<std::vector<Point>> m_points;
  std::vector<double> m_acc;  // this window's sum (mean tracks) or maximum
  std::uint64_t m_windowStart = 0, m_lastCycle = 0;
  std::uint32_t m_cyclesInWindow = 0;
  std::vector<std::uint64_t> m_lastBytes;  // per channel, at the last cycle seen
};

// Appends the counter events, the flow events and the extra metadata (each event preceded by
// a comma) to `out`.
void appendPerfettoTracks(const Simulator& sim, const PerfettoCounters& counters, std::string& out);

}  // namespace spatten::core
