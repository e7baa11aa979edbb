#pragma once
// Reuse of a simulation after its workload changed (a GUI run edit that leaves the first layers
// alone): checkpoints of the earlier run, kept every `interval` cycles, and for the new workload
// a start from the latest one that has read nothing the edit changed (Simulator::resumedOn),
// instead of from cycle 0. The result is exactly that of a run from cycle 0 (tst_sim_resume).
// The number of checkpoints is bounded like SimSession's: beyond `maxPoints`, every other one is
// dropped and the interval doubles.
// Thread: one owner thread; a finished ResumePoints is immutable and may be read by the next
// run's owner (the GUI worker hands it from one SimDriver to the next).

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "core/sim/simulator.h"

namespace spatten::core {

class ResumePoints {
public:
  // The run of `workload` on `hw`, `seed`, `level`. `prior`: the checkpoints of an earlier run;
  // those that have read nothing in which the two workloads differ are carried over (shared,
  // not copied), and the latest of them that Simulator::resumedOn accepts becomes the start.
  ResumePoints(std::shared_ptr<const Workload> workload, HwConfig hw, std::uint64_t seed,
               LogLevel level, const ResumePoints* prior = nullptr, std::uint64_t interval = 8192,
               std::size_t maxPoints = 64);

  // The simulator to run: the resumed checkpoint, or a new one at cycle 0 (on the workload
  // given at construction, not on one given to extend()).
  Simulator start() const;
  // The cycle start() begins at (0 when nothing was carried over).
  std::uint64_t startCycle() const { return m_start ? m_start->cycle() : 0; }
  // Call between steps of the run started by start(): keeps a copy of `sim` once it is
  // `interval` cycles past the latest checkpoint.
  void record(const Simulator& sim);
  // The checkpoints as those of a run of `w` (a longer workload, core::GrowingRun): those that
  // have read a request in which `w` differs from the current workload are dropped.
  void extend(std::shared_ptr<const Workload> w);
  std::size_t size() const { return m_points.size(); }

private:
  std::shared_ptr<const Workload> m_workload;
  HwConfig m_hw;
  std::uint64_t m_seed;
  LogLevel m_level;
  std::uint64_t m_interval;
  std::size_t m_max;
  // Ascending cycles. A carried-over checkpoint still simulates the workload it was taken on,
  // which equals m_workload in every request it has read (Simulator::resumedOn checks again).
  std::vector<std::shared_ptr<const Simulator>> m_points;
  std::optional<Simulator> m_start;  // the latest carried-over checkpoint, resumed on m_workload
};

}  // namespace spatten::core
