#include "core/sim/sim_session.h"

namespace spatten::core {

SimSession::SimSession(Simulator sim, std::uint64_t interval, std::size_t maxCheckpoints)
    : m_sim(sim), m_initial(std::move(sim)), m_interval(interval ? interval : 1),
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

bool SimSession::stepTo(Granularity g) {
  // Re-implemented on top of step() so that checkpoints are taken on the way.
  if (g == Granularity::Cycle) {
    if (m_sim.finished()) return false;
    step(1);
    return true;
  }
  const std::size_t events = m_sim.log().size();
  const std::int64_t start = m_sim.currentRequest();
  const auto& reqs = m_sim.workload().requests;
  while (!m_sim.finished()) {
    step(1);
    if (g == Granularity::Event) {
      if (m_sim.log().size() != events) return true;
      continue;
    }
    const std::int64_t cur = m_sim.currentRequest();
    if (cur < 0 || cur == start) continue;
    if (start < 0 || g == Granularity::Query) return true;
    const Request& a = reqs[static_cast<std::size_t>(cur)];
    const Request& b = reqs[static_cast<std::size_t>(start)];
    if (a.iteration != b.iteration) return true;
    if (g == Granularity::Iteration) continue;
    if (a.layer != b.layer) return true;
    if (g == Granularity::Layer) continue;
    if (a.head != b.head) return true;
  }
  return false;
}

bool SimSession::runUntil(const Breakpoint& bp, const std::atomic<bool>* stop) {
  const auto& reqs = m_sim.workload().requests;
  const bool byRequest = bp.iteration >= 0 || bp.layer >= 0 || bp.head >= 0 || bp.query >= 0;
  std::int64_t last = m_sim.currentRequest();
  while (!m_sim.finished()) {
    if (bp.cycle >= 0 && m_sim.cycle() >= static_cast<std::uint64_t>(bp.cycle)) return true;
    m_sim.step();
    maybeCheckpoint();
    const std::int64_t cur = m_sim.currentRequest();
    if (byRequest && cur >= 0 && cur != last) {
      last = cur;
      const Request& r = reqs[static_cast<std::size_t>(cur)];
      if ((bp.iteration < 0 || bp.iteration == r.iteration) && (bp.layer < 0 || bp.layer == r.layer) &&
          (bp.head < 0 || bp.head == r.head) && (bp.query < 0 || bp.query == r.query))
        return true;
    }
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

void SimSession::stepBack(std::uint64_t n) { seek(m_sim.cycle() > n ? m_sim.cycle() - n : 0); }

void SimSession::reset() {
  m_sim = m_initial;
  m_checkpoints.clear();
}

}  // namespace spatten::core
