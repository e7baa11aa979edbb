#include "core/sim/sim_session.h"

#include "core/sim/step_goal.h"

namespace spatten::core {

SimSession::SimSession(Simulator sim, std::uint64_t interval, std::size_t maxCheckpoints)
    : m_sim(sim),
      m_initial(std::move(sim)),
      m_interval(interval ? interval : 1),
      m_max(maxCheckpoints < 2 ? 2 : maxCheckpoints) {}

void SimSession::maybeCheckpoint() {
  const std::uint64_t c = m_sim.cycle();
  if (c == 0 || c % m_interval != 0) return;
  if (!m_checkpoints.empty() && m_checkpoints.back().cycle() >= c) return;
  m_checkpoints.push_back(m_sim);
  if (m_checkpoints.size() > m_max) {  // thin out: keep multiples of the doubled interval
    m_interval *= 2;
    std::vector<Simulator> kept;
    for (Simulator& s : m_checkpoints)
      if (s.cycle() % m_interval == 0) kept.push_back(std::move(s));
    m_checkpoints = std::move(kept);
  }
}

void SimSession::step(std::uint64_t cycles) {
  for (std::uint64_t i = 0; i < cycles && !m_sim.finished(); ++i) {
    m_sim.step();
    maybeCheckpoint();
  }
}

// Stepping on top of step() so that checkpoints are taken on the way (same goals as
// Simulator::stepTo / runUntil, step_goal.h).
bool SimSession::stepTo(Granularity g) {
  if (m_sim.finished()) return false;
  const StepGoal goal(m_sim, g);
  while (!m_sim.finished()) {
    step(1);
    if (goal.reached(m_sim)) return true;
  }
  return false;
}

bool SimSession::runUntil(const Breakpoint& bp, const std::atomic<bool>* stop) {
  std::int64_t last = m_sim.frontierRequest();
  while (!m_sim.finished()) {
    if (bp.cycle >= 0 && m_sim.cycle() >= static_cast<std::uint64_t>(bp.cycle)) return true;
    m_sim.step();
    maybeCheckpoint();
    if (breakpointHit(m_sim, bp, last)) return true;
    if (stop && (m_sim.cycle() & 1023) == 0 && stop->load(std::memory_order_relaxed)) return false;
  }
  return false;
}

void SimSession::run(const std::atomic<bool>* stop) {
  Breakpoint none;
  runUntil(none, stop);
}

void SimSession::seek(std::uint64_t target) {
  if (target >= m_sim.cycle()) {
    step(target - m_sim.cycle());
    return;
  }
  const Simulator* base = &m_initial;
  for (const Simulator& s : m_checkpoints)
    if (s.cycle() <= target) base = &s;
  m_sim = *base;
  while (m_sim.cycle() < target && !m_sim.finished()) m_sim.step();
}

void SimSession::stepBack(std::uint64_t n) {
  seek(m_sim.cycle() > n ? m_sim.cycle() - n : 0);
}

void SimSession::reset() {
  m_sim = m_initial;
  m_checkpoints.clear();
}

}  // namespace spatten::core
