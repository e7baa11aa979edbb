#pragma once
// Replays a DRAM request trace (DRAMsim3 or Ramulator 2 format, dram_trace.h) through the
// built-in HBM2 model alone (core/sim/hbm2_channel.h), so that the same input can be run in
// DRAMsim3, Ramulator 2 and here side by side (docs/formats.md, "Replaying a DRAM trace").
// Issue rules:
//  * timed traces (DRAMsim3): each request reaches its channel's controller port no earlier than
//    its cycle, in file order per channel (one per channel per cycle, as the address crossbar);
//    a request of the simulator's own trace is therefore accepted in exactly the cycle it was,
//    and the replay reproduces every transaction of the simulation;
//  * untimed traces (Ramulator 2): in file order, at most `issueWidth` requests per cycle,
//    stopping at the first whose channel cannot take it (Ramulator 2's LoadStoreTrace: 1).
// Units: cycles of hw.clock_ghz. Thread: pure functions.

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/export/dram_trace.h"
#include "core/sim/hw_config.h"

namespace spatten::core {

inline constexpr std::size_t kDramTraceFileLimit = std::size_t{2} << 30;  // 2 GiB
// Latest issue cycle a replayed trace may name (every cycle up to it is simulated).
inline constexpr std::uint64_t kDramTraceMaxCycle = 0xffffffffu;

struct DramTrace {
  DramTraceFormat format = DramTraceFormat::DramSim3;
  bool timed = false;
  std::vector<DramRequestRecord> requests;  // cycle: the trace's issue cycle (0 if untimed)
};

// Reads and checks a trace file: every line against the format's grammar (docs/formats.md).
// Throws Error(path, "line N: <field>", ...) for a malformed line, a WRITE / ST request (the
// model has no writes), cycles going backwards, or no request at all.
DramTrace readDramTrace(const std::string& path, DramTraceFormat f, const HwConfig& hw);

struct DramReplayTx {
  DramRequestRecord where;  // cycle = the cycle its channel's controller accepted it
  std::uint64_t traceCycle = 0, issueCycle = 0, doneCycle = 0;  // RD issued, data returned
  std::uint16_t bank = 0;  // flat bank index (pseudo-channel, bank group, bank)
  bool rowHit = false;
};

struct DramReplayResult {
  std::uint64_t cycles = 0;       // cycles until the last data returned
  std::vector<DramReplayTx> txs;  // in acceptance order (cycle, channel)
  std::uint64_t rowHits = 0, refreshes = 0;
};

DramReplayResult replayDramTrace(const DramTrace& trace, const HwConfig& hw, int issueWidth = 1);

// The report of `spatten-cli dram-replay` (schema in docs/formats.md): cycles, bytes,
// bandwidth, row-hit rate, latency (trace cycle to data) statistics and histogram.
nlohmann::json dramReplayJson(const DramReplayResult& r, const DramTrace& trace, const HwConfig& hw,
                              int issueWidth);

}  // namespace spatten::core
