#pragma once
// Runs a simulation to its end and hands every cycle to a set of sinks (the VCD writer, the
// Perfetto counter tracks): the CycleSample of the cycle and the events it logged. Observation
// only: the simulation's cycles and log are those of Simulator::run(). Thread: the caller's.

#include <atomic>
#include <cstdint>
#include <vector>

#include "core/sim/cycle_sample.h"
#include "core/sim/simulator.h"

namespace spatten::core {

class CycleSink {
public:
  virtual ~CycleSink() = default;
  // Cycle s.cycle has been simulated; sim.log()[firstEvent ..) are the events it logged.
  virtual void cycle(const Simulator& sim, const CycleSample& s, std::size_t firstEvent) = 0;
  // The run ended (sim.finished(), or stopped).
  virtual void finish(const Simulator& sim) = 0;
};

// Steps `sim` until it finishes (or *stop turns true, checked every 1024 cycles).
void runSampled(Simulator& sim, const std::vector<CycleSink*>& sinks,
                const std::atomic<bool>* stop = nullptr);

// Alive tokens and heads as the datapath sees them: the alive keys of the request Q x K works on
// (its key_fetch_num) and the heads of its (iteration, layer) in the workload (head pruning
// removes heads from the next layer). 0 before the first request.
class AliveCounter {
public:
  explicit AliveCounter(const Workload& w);
  std::uint32_t tokens(std::int64_t request) const;
  std::uint32_t heads(std::int64_t request) const;

private:
  const Workload* m_workload;
  std::vector<std::uint32_t> m_heads;  // per request: heads of its (iteration, layer)
};

}  // namespace spatten::core
