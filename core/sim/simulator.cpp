// The cycle loop and the stepping API. Order inside a cycle (consumers before producers, so a
// FIFO slot freed in cycle c is reused in cycle c + 1): HBM2 channels and completions,
// accumulators/token top-k, prob x V, top-k engine, requant, softmax, Q x K, fetcher, admission.
#include "core/sim/simulator.h"

#include "core/util/error.h"

namespace spatten::core {

bool Simulator::finished() const {
  if (m_nextAdmit < m_workload->requests.size() || !m_reqs.empty()) return false;
  if (m_tokenTopk.active || !m_tokenTopk.queue.empty() || !m_tokenAccWork.empty() ||
      !m_headAccWork.empty())
    return false;
  for (const Hbm2Channel& c : m_channels)
    if (!c.idle()) return false;
  for (const auto& l : m_lanes)
    if (!l.empty()) return false;
  return true;
}

void Simulator::step() {
  if (finished()) return;
  m_act.beginCycle(m_cycle);
  tickDram();
  tickAccumulators();
  tickAv();
  tickTopk();
  tickRequant();
  tickSoftmax();
  tickQk();
  tickCrossbar();
  tickFetcher();
  tickAdmission();
  retireRequests();
  bool any = false;
  for (int m = 0; m < kModuleCount; ++m) {
    auto& c = m_stats.modules[static_cast<std::size_t>(m)];
    switch (m_act.state(static_cast<ModuleId>(m))) {
      case ModuleState::Busy: ++c.busy; any = true; break;
      case ModuleState::Stalled: ++c.stalled; break;
      default: ++c.idle; break;
    }
  }
  if (any) m_lastProgress = m_cycle;
  else if (m_cycle - m_lastProgress > 1000000)
    throw Error("<simulator>", "cycle " + std::to_string(m_cycle),
                "no module made progress for 1,000,000 cycles (deadlock)");
  ++m_cycle;
  m_stats.cycles = m_cycle;
}

std::uint64_t Simulator::stepCycles(std::uint64_t n) {
  std::uint64_t done = 0;
  while (done < n && !finished()) {
    step();
    ++done;
  }
  return done;
}

bool Simulator::stepTo(Granularity g) {
  if (finished()) return false;
  if (g == Granularity::Cycle) {
    step();
    return true;
  }
  if (g == Granularity::Event) {
    const std::size_t n = m_act.events().size();
    while (!finished() && m_act.events().size() == n) step();
    return m_act.events().size() != n;
  }
  const std::int64_t start = m_qkCurrent;
  const auto& reqs = m_workload->requests;
  auto differs = [&](std::int64_t a, std::int64_t b) {
    if (a < 0 || b < 0) return a != b;
    const Request& x = reqs[static_cast<std::size_t>(a)];
    const Request& y = reqs[static_cast<std::size_t>(b)];
    switch (g) {
      case Granularity::Query: return a != b;
      case Granularity::Head: return x.head != y.head || x.layer != y.layer || x.iteration != y.iteration;
      case Granularity::Layer: return x.layer != y.layer || x.iteration != y.iteration;
      default: return x.iteration != y.iteration;
    }
  };
  while (!finished()) {
    step();
    if (m_qkCurrent >= 0 && differs(m_qkCurrent, start)) return true;
  }
  return false;
}

bool Simulator::runUntil(const Breakpoint& bp, const std::atomic<bool>* stop) {
  const auto& reqs = m_workload->requests;
  std::int64_t last = m_qkCurrent;
  while (!finished()) {
    if (bp.cycle >= 0 && m_cycle >= static_cast<std::uint64_t>(bp.cycle)) return true;
    step();
    if (m_qkCurrent != last && m_qkCurrent >= 0) {
      last = m_qkCurrent;
      const Request& r = reqs[static_cast<std::size_t>(last)];
      const bool any = bp.iteration >= 0 || bp.layer >= 0 || bp.head >= 0 || bp.query >= 0;
      if (any && (bp.iteration < 0 || bp.iteration == r.iteration) &&
          (bp.layer < 0 || bp.layer == r.layer) && (bp.head < 0 || bp.head == r.head) &&
          (bp.query < 0 || bp.query == r.query))
        return true;
    }
    if (stop && (m_cycle & 1023) == 0 && stop->load(std::memory_order_relaxed)) return false;
  }
  return bp.cycle >= 0 && m_cycle >= static_cast<std::uint64_t>(bp.cycle);
}

void Simulator::run(const std::atomic<bool>* stop) {
  while (!finished()) {
    step();
    if (stop && (m_cycle & 1023) == 0 && stop->load(std::memory_order_relaxed)) return;
  }
}

}  // namespace spatten::core
