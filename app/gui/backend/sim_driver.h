#pragma once
// Drives core's cycle-level simulator for the worker: the request stream of the functional run
// (core::toWorkload) on the chosen hardware, stepping at every granularity, step back and seek
// through core::SimSession (checkpoints + replay), and conversion of core snapshots into
// views::SimFrame. The whole run's event log is computed once (on a copy) for the timeline.
// Thread: worker thread only.

#include <functional>
#include <memory>

#include "app/gui/backend/analysis_request.h"
#include "views/common/sim_frame.h"

namespace spatten::core {
class SimSession;
struct HwConfig;
struct RunReport;
struct Workload;
}  // namespace spatten::core

namespace spatten::app {

class SimDriver {
public:
  // Throws core::Error for a bad hardware configuration. `cancelled` returning true aborts the
  // timeline precomputation (the driver is still usable; the timeline is then partial).
  SimDriver(const AnalysisRequest& request, std::shared_ptr<const core::RunReport> report,
            const std::function<bool()>& cancelled);
  ~SimDriver();

  views::SimFramePtr frame() const;
  bool step(StepKind kind);  // false when the run had already finished
  void stepBack(std::uint64_t cycles = 1);
  void seek(std::uint64_t cycle);
  void reset();
  bool finished() const;
  std::uint64_t cycle() const;

  // Hardware configuration of the request (preset + panel overrides).
  static core::HwConfig hardwareFor(const AnalysisRequest& request);

private:
  std::shared_ptr<const core::Workload> m_workload;
  std::unique_ptr<core::SimSession> m_session;
  std::shared_ptr<const views::SimTimeline> m_timeline;
  std::uint32_t m_parallelism = 16;
  std::uint32_t m_topkFifo = 0;
};

}  // namespace spatten::app
