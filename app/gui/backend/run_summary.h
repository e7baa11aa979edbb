#pragma once
// The research summary's simulations: the pruned request stream and the dense one (the "dense"
// run preset of core/config/presets.cpp, the RunReport's dense run) through core::Simulator on
// the same hardware and seed, each to the end, in slices on the worker (so that it stays
// responsive). The dense one usually started earlier on a helper thread (BackgroundRun, beside
// the timeline run): the first slice takes it over where the helper got. Then summarize() turns
// both runs' statistics into the immutable views::RunSummary.
// Thread: worker thread only (owns the simulators and the dense BackgroundRun); summarize() is
// pure and may run anywhere.

#include <memory>
#include <optional>

#include "core/sim/hw_config.h"
#include "core/sim/stats.h"
#include "views/common/run_summary.h"

namespace spatten::core {
class Simulator;
struct Workload;
}  // namespace spatten::core

namespace spatten::app {

class BackgroundRun;

// The summary of a pruned and a dense run on hardware `hw` (cycles and speedup, utilization and
// bottleneck = the module with the most busy cycles, energy by core::computeEnergy, DRAM bytes).
views::RunSummary summarize(const core::SimStats& pruned, const core::SimStats& dense,
                            const core::HwConfig& hw);

class SummaryRun {
public:
  // prunedKnown / denseKnown: that side's statistics when already simulated on `hw` and `seed`
  // (the timeline's run of the same workload; the previous edit's dense run); it is not
  // simulated again. denseRun: the dense workload's simulation on `hw` and `seed`, running or
  // ended (started beside the timeline run, or the previous edit's); without it and without
  // denseKnown, advance() simulates the dense run from cycle 0.
  SummaryRun(std::shared_ptr<const core::Workload> pruned,
             std::shared_ptr<const core::Workload> dense, const core::HwConfig& hw,
             std::uint64_t seed, std::optional<core::SimStats> prunedKnown = std::nullopt,
             std::optional<core::SimStats> denseKnown = std::nullopt,
             std::unique_ptr<BackgroundRun> denseRun = nullptr);
  ~SummaryRun();
  // Simulates for about `sliceMs` ms (wall time); true once both runs finished (then result()).
  bool advance(int sliceMs);
  views::RunSummaryPtr result() const { return m_result; }
  // The dense run's statistics, once advance() returned true.
  const std::optional<core::SimStats>& denseStats() const { return m_denseStats; }
  // The dense simulation while unfinished (null once finished or known), running on a helper
  // thread; for the next edit.
  std::unique_ptr<BackgroundRun> takeDenseRun();

private:
  core::HwConfig m_hw;
  // null: that side's statistics are known (or, for m_dense, still with m_denseAhead)
  std::unique_ptr<core::Simulator> m_pruned, m_dense;
  std::unique_ptr<BackgroundRun> m_denseAhead;  // the dense run on its helper, until advance()
  std::optional<core::SimStats> m_prunedStats, m_denseStats;
  views::RunSummaryPtr m_result;
};

}  // namespace spatten::app
