#include "core/sim/step_goal.h"

#include "core/sim/simulator.h"

namespace spatten::core {

StepGoal::StepGoal(const Simulator& sim, Granularity g)
    : m_g(g),
      m_start(sim.frontierRequest()),
      m_events(sim.log().size()),
      m_scanned(m_events) {}

bool StepGoal::reached(const Simulator& sim) const {
  if (m_g == Granularity::Cycle) return true;
  if (m_g == Granularity::Event) return sim.log().size() != m_events;
  if (m_g == Granularity::TopkRound) {
    const EventLog& log = sim.log();
    for (; m_scanned < log.size(); ++m_scanned) {
      const Event& e = log[m_scanned];
      if (e.kind == EventKind::TopkRound && e.module == static_cast<std::uint8_t>(ModuleId::TopkV))
        return true;
    }
    return false;
  }
  const std::int64_t now = sim.frontierRequest();
  if (now < 0 || now == m_start) return false;
  if (m_start < 0 || m_g == Granularity::Query) return true;
  const auto& reqs = sim.workload().requests;
  const Request& a = reqs[static_cast<std::size_t>(now)];
  const Request& b = reqs[static_cast<std::size_t>(m_start)];
  if (a.iteration != b.iteration) return true;
  if (m_g == Granularity::Iteration) return false;
  if (a.layer != b.layer) return true;
  if (m_g == Granularity::Layer) return false;
  return a.head != b.head;
}

bool breakpointHit(const Simulator& sim, const Breakpoint& bp, std::int64_t& last) {
  const std::int64_t now = sim.frontierRequest();
  if (now < 0 || now == last) return false;
  last = now;
  const bool byRequest = bp.iteration >= 0 || bp.layer >= 0 || bp.head >= 0 || bp.query >= 0;
  if (!byRequest) return false;
  const Request& r = sim.workload().requests[static_cast<std::size_t>(now)];
  return (bp.iteration < 0 || bp.iteration == r.iteration) &&
         (bp.layer < 0 || bp.layer == r.layer) && (bp.head < 0 || bp.head == r.head) &&
         (bp.query < 0 || bp.query == r.query);
}

}  // namespace spatten::core
