#include "core/sim/sim_resume.h"

namespace spatten::core {

ResumePoints::ResumePoints(std::shared_ptr<const Workload> workload, HwConfig hw,
                           std::uint64_t seed, LogLevel level, const ResumePoints* prior,
                           std::uint64_t interval, std::size_t maxPoints)
    : m_workload(std::move(workload)),
      m_hw(std::move(hw)),
      m_seed(seed),
      m_level(level),
      m_interval(std::max<std::uint64_t>(1, interval)),
      m_max(std::max<std::size_t>(2, maxPoints)) {
  if (!prior || prior->m_points.empty() || prior->m_seed != m_seed || prior->m_level != m_level ||
      prior->m_hw.toJson() != m_hw.toJson())
    return;
  m_interval = prior->m_interval;
  // Every prior checkpoint's workload equals prior's in the requests it has read, so reading
  // nothing at or after `same` means reading nothing that differs from m_workload.
  const std::size_t same = firstDifference(*prior->m_workload, *m_workload);
  for (const auto& p : prior->m_points) {
    if (p->requestsRead() > same) break;  // later checkpoints have read at least as much
    m_points.push_back(p);
  }
  // The latest one the datapath accepts (it also compares what the units derive).
  while (!m_points.empty()) {
    m_start = m_points.back()->resumedOn(m_workload);
    if (m_start) break;
    m_points.pop_back();
  }
}

Simulator ResumePoints::start() const {
  if (m_start) return *m_start;
  return Simulator(m_workload, m_hw, m_seed, m_level);
}

void ResumePoints::extend(std::shared_ptr<const Workload> w) {
  if (w == m_workload) return;
  const std::size_t same = firstDifference(*m_workload, *w);
  while (!m_points.empty() && m_points.back()->requestsRead() > same) m_points.pop_back();
  m_workload = std::move(w);
}

void ResumePoints::record(const Simulator& sim) {
  const std::uint64_t last = m_points.empty() ? 0 : m_points.back()->cycle();
  if (sim.cycle() < last + m_interval) return;
  m_points.push_back(std::make_shared<const Simulator>(sim));
  if (m_points.size() <= m_max) return;
  // Keep every other checkpoint (the latest always) and double the interval.
  std::vector<std::shared_ptr<const Simulator>> kept;
  for (std::size_t i = m_points.size() % 2 ? 0 : 1; i < m_points.size(); i += 2)
    kept.push_back(std::move(m_points[i]));
  m_points = std::move(kept);
  m_interval *= 2;
}

}  // namespace spatten::core
