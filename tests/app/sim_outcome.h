#pragma once
// What a simulation produced, for comparing two ways of running it (tst_timeline_prefetch,
// tst_background_run): its last cycle, the event log's hash and the statistics' JSON.
#include <cstdint>
#include <string>

#include "core/sim/simulator.h"
#include "core/sim/stats.h"

namespace spatten::test {

struct SimOutcome {
  std::uint64_t cycles = 0, logHash = 0;
  std::string stats;
};

inline SimOutcome outcomeOf(const core::Simulator& sim) {
  return {sim.cycle(), sim.log().hash(), core::statsToJson(sim.stats(), sim.hw()).dump()};
}

// Steps `sim` to its end on this thread.
inline SimOutcome finishRun(core::Simulator& sim) {
  while (!sim.finished()) sim.stepCycles(4096);
  return outcomeOf(sim);
}

}  // namespace spatten::test
