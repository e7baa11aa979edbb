#include "core/sim/growing_run.h"

#include <utility>

namespace spatten::core {
namespace {

// Index of the first request of the workload's last (iteration, layer).
std::size_t lastLayerStart(const Workload& w) {
  const auto& r = w.requests;
  std::size_t i = r.size();
  while (i > 0 && r[i - 1].iteration == r.back().iteration && r[i - 1].layer == r.back().layer) --i;
  return i;
}

}  // namespace

GrowingRun::GrowingRun(HwConfig hw, std::uint64_t seed, LogLevel level,
                       std::shared_ptr<const ResumePoints> prior, std::uint64_t interval)
    : m_hw(std::move(hw)),
      m_seed(seed),
      m_level(level),
      m_interval(interval),
      m_prior(std::move(prior)) {}

bool GrowingRun::extend(std::shared_ptr<const Workload> w, bool complete) {
  if (m_failed || !w) return false;
  if (!m_sim) {
    m_points = std::make_shared<ResumePoints>(w, m_hw, m_seed, m_level, m_prior.get(), m_interval);
    m_prior.reset();
    m_sim.emplace(m_points->start());
    m_startCycle = m_sim->cycle();
  } else if (&m_sim->workload() != w.get()) {
    std::optional<Simulator> next = m_sim->resumedOn(w);
    if (!next) {
      m_failed = true;
      m_sim.reset();
      return false;
    }
    m_sim.emplace(std::move(*next));
    m_points->extend(w);
  }
  m_complete = complete;
  m_limit = complete ? w->requests.size() : lastLayerStart(*w);
  return true;
}

bool GrowingRun::waiting() const {
  return !m_sim || m_failed || m_sim->finished() ||
         (!m_complete && m_sim->requestsRead() >= m_limit);
}

std::uint64_t GrowingRun::advance(std::uint64_t maxCycles) {
  std::uint64_t n = 0;
  if (!m_sim || m_failed) return 0;
  Simulator& s = *m_sim;
  // The controller admits at most one request per cycle, so a step taken below the limit uses
  // no derived data at or past it; a head's lead may read the fields of the request after its
  // group (the last layer's first), which are final.
  while (n < maxCycles && !s.finished() && (m_complete || s.requestsRead() < m_limit)) {
    s.step();
    ++n;
    m_points->record(s);
  }
  return n;
}

}  // namespace spatten::core
