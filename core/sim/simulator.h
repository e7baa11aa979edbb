#pragma once
// Cycle-level simulator of the SpAtten datapath (paper Fig. 8, core/sim/datapath.h): the cycle
// loop, stepping at every granularity, breakpoints, the per-module busy/stalled/idle counters and
// the event log. Value semantics: copying a Simulator is a checkpoint (the workload and the
// event-log history are shared, immutable). Deterministic: the same workload, config and seed
// give the same cycles and event log.
// Thread: not thread-safe; one owner thread (the GUI's worker) drives it.

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>

#include "core/sim/activity.h"
#include "core/sim/cycle_sample.h"
#include "core/sim/datapath.h"
#include "core/sim/hw_config.h"
#include "core/sim/snapshot.h"
#include "core/sim/stats.h"
#include "core/workload/workload.h"

namespace spatten::core {

// TopkRound: until the local top-k engine (module 10) ends a quick-select round (it logs the
// round; like Event, it needs a log level other than Off).
enum class Granularity { Cycle, Event, Query, Head, Layer, Iteration, TopkRound };

// Stop condition for runUntil: any field set (>= 0) triggers when reached.
struct Breakpoint {
  std::int64_t cycle = -1;  // stop when cycle() == this
  int iteration = -1, layer = -1, head = -1,
      query = -1;  // stop when the frontier reaches such a request
};

class Simulator {
public:
  Simulator(std::shared_ptr<const Workload> workload, HwConfig hw, std::uint64_t seed,
            LogLevel logLevel = LogLevel::Modules);

  void step();  // one cycle
  std::uint64_t stepCycles(std::uint64_t n);
  // Advances to the next cycle boundary at granularity g (Event: until the log grows; Query:
  // until Q x K starts the first pass of the next request; Head/Layer/Iteration: until it starts
  // one of another head/layer/iteration; TopkRound: until module 10 ends a quick-select round;
  // see step_goal.h). Returns false when the run ended first.
  bool stepTo(Granularity g);
  bool runUntil(const Breakpoint& bp, const std::atomic<bool>* stop = nullptr);
  void run(const std::atomic<bool>* stop = nullptr);
  void reset();
  bool finished() const { return m_datapath.finished(); }

  std::uint64_t cycle() const { return m_cycle; }
  SimStats stats() const;
  const EventLog& log() const { return m_activity.events(); }
  const HwConfig& hw() const { return m_hw; }
  const Workload& workload() const { return *m_workload; }
  std::uint64_t seed() const { return m_seed; }
  // The request Q x K works on (the cursor; goes back to an older request while it recomputes
  // after an LSB refetch), and the frontier: the newest request Q x K has started in its first
  // pass (moves forward in workload order; stepping and breakpoints follow it).
  std::int64_t currentRequest() const { return m_datapath.currentRequest(); }
  std::int64_t frontierRequest() const { return m_datapath.frontierRequest(); }
  // Requests the run may have read so far: [0, requestsRead()) (Datapath::requestsRead).
  std::size_t requestsRead() const { return m_datapath.requestsRead(); }
  // This run continued on workload `w`: a copy of this simulator (same cycle, state and log)
  // that simulates `w` from here on, or nullopt when `w` differs from the current workload in
  // something the run has already read (Datapath::rebind). Finishing the copy gives exactly the
  // cycles, statistics and event log of a run of `w` from cycle 0 (tst_sim_resume).
  std::optional<Simulator> resumedOn(std::shared_ptr<const Workload> w) const;
  SnapshotPtr snapshot() const;
  // The cycle just simulated (call after step()): states, requests, fill levels, HBM2 counters.
  void sample(CycleSample& s) const;
  std::size_t requestCount() const { return m_workload->requests.size(); }

private:
  std::shared_ptr<const Workload> m_workload;
  HwConfig m_hw;
  std::uint64_t m_seed = 0;
  LogLevel m_logLevel = LogLevel::Modules;
  std::uint64_t m_cycle = 0;
  // Cycles per module and ModuleState (indexed by the state: one increment per module and
  // cycle, no branch on it); stats() turns them into ModuleCounters.
  std::array<std::array<std::uint64_t, 3>, kModuleCount> m_stateCycles{};
  Activity m_activity;
  Datapath m_datapath;
  std::uint64_t m_lastProgress = 0;  // watchdog: last cycle the datapath's progress() grew
  std::uint64_t m_progress = 0;      // progress() at that cycle
};

}  // namespace spatten::core
