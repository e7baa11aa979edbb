#pragma once
// Where stepping stops (Simulator::stepTo / runUntil and SimSession's, which takes checkpoints on
// the way). A step to the next query / head / layer / iteration is judged by the datapath's
// frontier: the newest request Q x K has started in its first pass. The frontier moves forward
// in workload order, the order the datapath processes requests; the request Q x K works on does
// not (a recomputation after an LSB refetch goes back to an older request), so stepping by it
// bounced between layers.

#include <cstddef>
#include <cstdint>

namespace spatten::core {

class Simulator;
enum class Granularity;
struct Breakpoint;

class StepGoal {
public:
  StepGoal(const Simulator& sim, Granularity g);  // from sim's current state
  // True once sim has reached the goal (check after each cycle).
  bool reached(const Simulator& sim) const;

private:
  Granularity m_g;
  std::int64_t m_start = -1;  // frontier at the start
  std::size_t m_events = 0;   // event count at the start
  mutable std::size_t m_scanned = 0;  // TopkRound: events already looked at
};

// True when the frontier moves to a request matching bp's request fields (iteration, layer,
// head, query; -1 = any). `last` is the frontier seen before (updated).
bool breakpointHit(const Simulator& sim, const Breakpoint& bp, std::int64_t& last);

}  // namespace spatten::core
