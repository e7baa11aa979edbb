#pragma once
// Streams the Chrome trace-event JSON of a simulation (the format of core/sim/chrome_trace.h,
// byte for byte) to an output stream, event by event: memory stays at the simulator's event log
// instead of a JSON tree of every event (5.27 GB for the 490 MB --trace-dram trace of the
// official GPT-2-small workload).

#include <ostream>

#include "core/sim/simulator.h"

namespace spatten::core {

class PerfettoCounters;

struct ChromeTraceOptions {
  // The sink of a runSampled() run of the simulator: adds the Perfetto tracks of
  // perfetto_tracks.h, puts the DRAM requests on the HBM2 channel tracks and the cycle convention
  // into otherData. Without it the output is byte for byte the format of chromeTraceJson.
  const PerfettoCounters* tracks = nullptr;
  // false: leave out the log's DRAM requests (a run logged them for another export).
  bool dramRequests = true;
};

// Writes the trace; the caller checks the stream's state afterwards.
void writeChromeTrace(const Simulator& sim, std::ostream& out,
                      const ChromeTraceOptions& options = {});

}  // namespace spatten::core
