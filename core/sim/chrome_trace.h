#pragma once
// Chrome trace-event JSON of a simulation's event log (opens in Perfetto / chrome://tracing).
// {"traceEvents":[{"name","ph":"X","ts","dur","pid","tid","args"}], "displayTimeUnit":"ns",
//  "otherData":{...}}: ts and dur are cycles (1 cycle = 1 ns at 1 GHz, so "us" in the viewer
// reads as thousands of cycles); pid = layer, tid = module (ModuleId), names "L<layer>"/module.

#include <string>

#include "core/sim/simulator.h"

namespace spatten::core {

std::string chromeTraceJson(const Simulator& sim);

}  // namespace spatten::core
