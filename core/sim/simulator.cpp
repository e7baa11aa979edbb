// The cycle loop and the stepping API around the datapath (core/sim/datapath.h).
#include "core/sim/simulator.h"

#include "core/sim/step_goal.h"
#include "core/util/error.h"

namespace spatten::core {
namespace {

// Cycles without progress (Datapath::progress: a completed DRAM transaction or computation)
// after which the run is declared deadlocked. Longer than any legitimate wait: a refresh takes at
// most nRP + nRFC <= 100,064 cycles.
constexpr std::uint64_t kWatchdogCycles = 1000000;

// The workload, checked before any unit sees it.
std::shared_ptr<const Workload> checked(std::shared_ptr<const Workload> w) {
  if (!w) throw Error("<simulator>", "workload", "null workload");
  for (std::size_t i = 0; i < w->requests.size(); ++i) {
    const Request& r = w->requests[i];
    if (r.d < 1 || r.keyFetchNum < 0 || r.valueFetchNum < 0 || r.layer > 255)
      throw Error("<workload>", "request " + std::to_string(i), "invalid request fields");
  }
  return w;
}

HwConfig checked(HwConfig hw) {
  hw.validate("<simulator>");
  return hw;
}

}  // namespace

Simulator::Simulator(std::shared_ptr<const Workload> workload, HwConfig hw, std::uint64_t seed,
                     LogLevel logLevel)
    : m_workload(checked(std::move(workload))),
      m_hw(checked(std::move(hw))),
      m_seed(seed),
      m_logLevel(logLevel),
      m_activity(m_workload, logLevel),
      m_datapath(m_workload, m_hw, seed) {}

void Simulator::reset() {
  m_cycle = 0;
  m_stateCycles = {};
  m_activity = Activity(m_workload, m_logLevel);
  m_datapath = Datapath(m_workload, m_hw, m_seed);
  m_lastProgress = 0;
  m_progress = 0;
}

void Simulator::step() {
  if (finished()) return;
  m_activity.beginCycle(m_cycle);
  m_datapath.tick(m_activity);
  for (int m = 0; m < kModuleCount; ++m)
    ++m_stateCycles[static_cast<std::size_t>(m)]
                   [static_cast<std::size_t>(m_activity.state(static_cast<ModuleId>(m)))];
  const std::uint64_t progress = m_datapath.progress();
  if (progress != m_progress) {
    m_progress = progress;
    m_lastProgress = m_cycle;
  } else if (m_cycle - m_lastProgress > kWatchdogCycles) {
    const auto [field, why] = m_datapath.stallCause();
    if (!field.empty())
      throw Error("<hardware>", field,
                  why + " (no work completed since cycle " + std::to_string(m_lastProgress) + ")");
    throw Error("<simulator>", "cycle " + std::to_string(m_cycle),
                "no transaction or computation completed for 1,000,000 cycles (deadlock)");
  }
  ++m_cycle;
}

std::optional<Simulator> Simulator::resumedOn(std::shared_ptr<const Workload> w) const {
  if (!w) return std::nullopt;
  w = checked(std::move(w));
  std::optional<Simulator> out(*this);
  if (!out->m_datapath.rebind(w)) return std::nullopt;
  out->m_workload = w;
  out->m_activity.rebind(std::move(w));
  return out;
}

SimStats Simulator::stats() const {
  SimStats s;
  s.cycles = m_cycle;
  for (std::size_t m = 0; m < s.modules.size(); ++m) {
    const auto& n = m_stateCycles[m];
    s.modules[m].idle = n[static_cast<std::size_t>(ModuleState::Idle)];
    s.modules[m].busy = n[static_cast<std::size_t>(ModuleState::Busy)];
    s.modules[m].stalled = n[static_cast<std::size_t>(ModuleState::Stalled)];
  }
  m_datapath.addStats(s);
  return s;
}

SnapshotPtr Simulator::snapshot() const {
  auto snap = std::make_shared<SimSnapshot>();
  snap->cycle = m_cycle;
  snap->finished = finished();
  snap->current = requestRef(*m_workload, m_datapath.currentRequest(), m_datapath.currentPass());
  snap->modules.resize(kModuleCount);
  for (int m = 0; m < kModuleCount; ++m) {
    auto& ms = snap->modules[static_cast<std::size_t>(m)];
    ms.id = static_cast<ModuleId>(m);
    ms.state = m_cycle == 0 ? ModuleState::Idle : m_activity.state(ms.id);
  }
  m_datapath.fillSnapshot(*snap);
  snap->eventCount = m_activity.events().size();
  snap->stats = stats();
  return snap;
}

void Simulator::sample(CycleSample& s) const {
  s.cycle = m_activity.cycle();
  for (int m = 0; m < kModuleCount; ++m) {
    const auto id = static_cast<ModuleId>(m);
    s.state[static_cast<std::size_t>(m)] = m_activity.state(id);
    s.request[static_cast<std::size_t>(m)] = m_activity.requestThisCycle(id);
  }
  m_datapath.fillSample(s);
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
  const StepGoal goal(*this, g);
  while (!finished()) {
    step();
    if (goal.reached(*this)) return true;
  }
  return false;
}

bool Simulator::runUntil(const Breakpoint& bp, const std::atomic<bool>* stop) {
  std::int64_t last = frontierRequest();
  while (!finished()) {
    if (bp.cycle >= 0 && m_cycle >= static_cast<std::uint64_t>(bp.cycle)) return true;
    step();
    if (breakpointHit(*this, bp, last)) return true;
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
