#pragma once
// A run simulated while its workload is still being produced: the GUI simulates the timeline
// beside the functional run, which hands over its requests a layer at a time
// (RunOptions::layerDone, core::appendRequests). Each workload given to extend() is a longer
// prefix of the final one, ending at a layer boundary. The units derive data for a layer's
// requests from the layer after it (TokenHeadTopk's next-layer head count), so until the workload
// is complete the simulation reads no request of its last layer: it steps only while
// Simulator::requestsRead() is below that layer's first request. Each extension continues the run
// with Simulator::resumedOn, which refuses anything the run has read that differs, so the result
// is exactly that of a run of the final workload from cycle 0 (tst_growing_run).
// The run starts from an earlier run's checkpoints where they are valid (core::ResumePoints) and
// records its own, for the next edit.
// Thread: not thread-safe; one owner at a time (the GUI's helper thread, then the worker).

#include <cstdint>
#include <memory>
#include <optional>

#include "core/sim/hw_config.h"
#include "core/sim/sim_resume.h"
#include "core/sim/simulator.h"
#include "core/workload/workload.h"

namespace spatten::core {

class GrowingRun {
public:
  // prior: the checkpoints of an earlier run on the same hardware, seed and level, or null.
  // interval: cycles between this run's checkpoints (ResumePoints).
  GrowingRun(HwConfig hw, std::uint64_t seed, LogLevel level,
             std::shared_ptr<const ResumePoints> prior, std::uint64_t interval = 8192);

  // `w` replaces the workload: it equals the current one in every request of it and ends at a
  // layer boundary; `complete`: it is the whole run's. False when the run cannot continue on it
  // (a request it has read differs): the run is then void (failed()).
  bool extend(std::shared_ptr<const Workload> w, bool complete);
  // Simulates at most maxCycles cycles, stopping where the run would read a request of the
  // workload's last layer (none when complete) or at its end. Returns the cycles simulated.
  std::uint64_t advance(std::uint64_t maxCycles);
  // True when advance() can do nothing until the next extend() (or ever, when finished).
  bool waiting() const;
  bool failed() const { return m_failed; }
  bool started() const { return m_sim.has_value(); }

  // The run (valid once started() and not failed()), the cycle it started at, its checkpoints.
  Simulator& sim() { return *m_sim; }
  const Simulator& sim() const { return *m_sim; }
  std::uint64_t startCycle() const { return m_startCycle; }
  std::shared_ptr<ResumePoints> points() const { return m_points; }

private:
  HwConfig m_hw;
  std::uint64_t m_seed;
  LogLevel m_level;
  std::uint64_t m_interval;
  std::shared_ptr<const ResumePoints> m_prior;  // until the first extend()
  std::shared_ptr<ResumePoints> m_points;
  std::optional<Simulator> m_sim;
  std::uint64_t m_startCycle = 0;
  std::size_t m_limit = 0;  // the run reads requests below this one only (first of last layer)
  bool m_complete = false;
  bool m_failed = false;
};

}  // namespace spatten::core
