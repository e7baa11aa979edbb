#pragma once
// Streams the Chrome trace-event JSON of a simulation (the format of core/sim/chrome_trace.h,
// byte for byte) to an output stream, event by event: memory stays at the simulator's event log
// instead of a JSON tree of every event (5.27 GB for the 490 MB --trace-dram trace of the
// official GPT-2-small workload).

#include <ostream>

#include "core/sim/simulator.h"

namespace spatten::core {

// Writes the trace; the caller checks the stream's state afterwards.
void writeChromeTrace(const Simulator& sim, std::ostream& out);

}  // namespace spatten::core
