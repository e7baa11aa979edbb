#pragma once
// Value Change Dump (IEEE 1364-2005 §18) of a simulation, for GTKWave and other waveform
// viewers (docs/formats.md, "VCD"): per module busy / stalled wires and the request it works on,
// FIFO and buffer fill levels, counters (alive tokens and heads, DRAM bytes, requests in flight
// per HBM2 channel) and one-cycle pulses for LSB refetches and top-k decisions.
// `$timescale 1ns`, one time unit per cycle (values of cycle c at #c, as they are at the end of
// cycle c). Streamed: only changes are written, nothing of the run is kept in memory.
// Thread: the simulator's owner thread.

#include <cstdint>
#include <limits>
#include <ostream>
#include <string>
#include <vector>

#include "core/export/sampled_run.h"

namespace spatten::core {

struct VcdOptions {
  // Cycles [from, to) are written (values at `from` as the initial $dumpvars).
  std::uint64_t from = 0;
  std::uint64_t to = std::numeric_limits<std::uint64_t>::max();
  std::string date;  // written into $date (empty: no $date, byte-identical output)
};

// "FROM:TO" (either side may be empty: ":5000", "1000:") -> options; throws
// Error(option, "", ...) for anything else or an empty window.
VcdOptions parseVcdWindow(const std::string& text, const std::string& option);

class VcdWriter final : public CycleSink {
public:
  // Writes the header (signal declarations) at once.
  VcdWriter(const Simulator& sim, std::ostream& out, VcdOptions options = {});
  ~VcdWriter() override;
  void cycle(const Simulator& sim, const CycleSample& s, std::size_t firstEvent) override;
  void finish(const Simulator& sim) override;

private:
  struct Signal {
    std::string id;
    int width = 1;
    std::uint64_t value = 0;  // kZ: high impedance (no request)
    bool dirty = true;
  };
  static constexpr std::uint64_t kZ = std::numeric_limits<std::uint64_t>::max();
  int add(const std::string& name, int width);
  void set(int signal, std::uint64_t v);
  void flush(bool force);

  std::ostream& m_out;
  VcdOptions m_opt;
  AliveCounter m_alive;
  std::vector<Signal> m_signals;
  std::vector<std::string> m_header;             // declarations in scope order
  int m_busy = 0, m_stalled = 0, m_request = 0;  // first index of each per-module group
  int m_fifos = 0, m_counters = 0, m_channels = 0, m_pulses = 0;
  int m_channelCount = 0;
  bool m_started = false;
  std::uint64_t m_last = 0;
  std::string m_buf;
};

}  // namespace spatten::core
