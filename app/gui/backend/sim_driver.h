#pragma once
// Drives core's cycle-level simulator for the worker: the request stream of the functional run
// (core::toWorkload) on the chosen hardware, stepping at every granularity, step back and seek
// through core::SimSession (checkpoints + replay), and conversion of core snapshots into
// views::SimFrame. The whole run's event log is computed once (on a second simulator) for the
// timeline, incrementally (advanceTimeline), so the first frame can be published before it; then
// the research summary's whole pruned and dense runs on the same hardware (advanceSummary). The
// dense run starts with the timeline's first slice, on a helper thread (BackgroundRun), so that
// an edit that needs both uses both cores.
// Reuse across edits (issue 17): a driver built after `previous` starts its timeline run from the
// latest of previous's checkpoints that read nothing the edit changed (core::ResumePoints; a run
// edit that leaves the first layers alone), takes the summary's pruned statistics from the
// timeline run (same workload, hardware and seed) and reuses previous's dense statistics when
// the dense workload, hardware and seed are unchanged. Every figure is that of a run from cycle 0.
// Thread: worker thread only (the BackgroundRun's helper owns its own simulator). The published
// timeline is immutable (shared_ptr<const>).

#include <QtGlobal>
#include <memory>
#include <optional>

#include "app/gui/backend/analysis_request.h"
#include "core/sim/hw_config.h"
#include "core/sim/stats.h"
#include "views/common/sim_frame.h"

namespace spatten::core {
class GrowingRun;
class ResumePoints;
class SimSession;
class Simulator;
struct RunReport;
struct Workload;
}  // namespace spatten::core

namespace spatten::app {

class BackgroundRun;
class SummaryRun;
class TimelinePrefetch;

class SimDriver {
public:
  // Throws core::Error for a bad hardware configuration. Cheap: builds the workload and the
  // stepping session; the timeline is not computed yet (frames carry timeline == nullptr).
  // previous: the driver of the request before, or null. Its checkpoints, its dense statistics
  // or its unfinished dense simulation are taken over (used where valid, on the first
  // advanceTimeline / advanceSummary, so the first frame does not wait for the checks).
  // prefetch: the timeline run started beside the functional run that made `report` (fed with
  // its layers and completed), or null; the first advanceTimeline continues it when it is valid.
  SimDriver(const AnalysisRequest& request, std::shared_ptr<const core::RunReport> report,
            SimDriver* previous, std::unique_ptr<TimelinePrefetch> prefetch);
  SimDriver(const AnalysisRequest& request, std::shared_ptr<const core::RunReport> report,
            SimDriver* previous = nullptr);
  ~SimDriver();

  // Simulates the whole run for the timeline for about `sliceMs` ms (wall), then returns. True
  // once the timeline is published (the run finished, or the total budget kTimelineBudgetMs of
  // timeline work was spent: then the timeline is partial, lastCycle 0); later frames carry it.
  bool advanceTimeline(int sliceMs);
  bool timelineReady() const { return m_timeline != nullptr; }
  // Simulates the whole pruned and dense runs for the summary for about `sliceMs` ms (wall),
  // then returns; true once the summary is ready (later frames carry it). No total budget: the
  // worker abandons the slices when a newer request replaces this driver.
  bool advanceSummary(int sliceMs);
  bool summaryReady() const { return m_summary != nullptr; }
  // The cycle the timeline run started at (0, or where a previous driver's checkpoint resumed).
  std::uint64_t timelineStartCycle() const { return m_timelineStart; }

  views::SimFramePtr frame() const;
  bool step(StepKind kind);  // false when the run had already finished
  void stepBack(std::uint64_t cycles = 1);
  void seek(std::uint64_t cycle);
  void reset();
  bool finished() const;
  std::uint64_t cycle() const;

  // The checkpoints the next driver's timeline run may start from (the timeline run's, else
  // those of the prefetched run, else those this driver took over); null when none. Stops this
  // driver's prefetch thread.
  std::shared_ptr<const core::ResumePoints> resumePoints();

  // Hardware configuration of the request (preset + panel overrides).
  static core::HwConfig hardwareFor(const AnalysisRequest& request);

private:
  void startTimeline();   // the timeline run: the prefetched one, or resumed, or fresh
  void settlePrefetch();  // joins m_prefetch; keeps its run in m_grown
  // The summary's dense side, decided once: the previous edit's statistics or its run (running
  // or not) when they are for the same dense workload, hardware and seed, else a new run; a run
  // goes on in the background (m_denseRun) until the summary takes it.
  void startDense();
  std::unique_ptr<BackgroundRun> takeDenseRun();  // for the next driver: running, or null

  core::HwConfig m_hw;
  std::uint64_t m_seed = 0;
  std::shared_ptr<const core::Workload> m_workload, m_denseWorkload;
  std::shared_ptr<core::ResumePoints> m_points;  // the timeline run's checkpoints (kept)
  std::uint64_t m_timelineStart = 0;
  std::uint64_t m_cyclesBeside = 0;  // of the timeline run, simulated by the prefetch
  std::optional<core::SimStats> m_prunedStats, m_denseStats;  // whole runs, once known
  // The summary's dense side of a driver, for the next one (advanceSummary checks it).
  struct DenseCarry {
    core::HwConfig hw;
    std::uint64_t seed = 0;
    std::shared_ptr<const core::Workload> workload;
    std::optional<core::SimStats> stats;
    std::unique_ptr<BackgroundRun> run;  // its dense simulation, unfinished (still running)
  };
  // Taken over from the previous driver until used (see the constructor).
  struct Prior {
    std::shared_ptr<const core::ResumePoints> points;
    DenseCarry dense;
  };
  std::unique_ptr<Prior> m_prior;
  std::unique_ptr<core::SimSession> m_session;
  std::unique_ptr<TimelinePrefetch> m_prefetch;  // until the timeline run starts
  std::unique_ptr<core::GrowingRun> m_grown;     // its run, joined, not yet continued
  std::unique_ptr<core::Simulator> m_full;       // timeline run in progress (LogLevel::Full)
  qint64 m_timelineSpentMs = 0;
  std::shared_ptr<const views::SimTimeline> m_timeline;
  bool m_denseStarted = false;                // startDense() ran
  std::unique_ptr<BackgroundRun> m_denseRun;  // until the summary takes it
  std::unique_ptr<SummaryRun> m_summaryRun;   // dropped once m_summary is set
  views::RunSummaryPtr m_summary;
  int m_channels = 1;
};

}  // namespace spatten::app
