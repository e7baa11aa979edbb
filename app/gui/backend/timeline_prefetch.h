#pragma once
// The timeline simulation of an edit, started while its functional run still computes (issue
// 17): the analysis hands each finished layer's requests over (onLayer, called from
// core::RunOptions::layerDone), and a helper thread simulates them through core::GrowingRun,
// which keeps the result exactly that of a run from cycle 0. The helper runs at the lowest
// priority (SCHED_IDLE; nice 19 where that is refused): it takes a core the functional run
// leaves idle (its single-threaded parts, the fidelity, the first frame's views) and yields it
// whenever the run's products want both. The driver then continues the run on the worker
// (SimDriver). On the 2-vCPU VM the two cores are not independent (a busy sibling slows the
// other by up to a third), so the first frame comes 10-35 ms later and the timeline 0-70 ms
// earlier (docs/performance.md, session 16).
// Thread: constructed, fed (onLayer, complete) and finished on the worker thread. The GrowingRun
// belongs to the helper thread until finish() has joined it, then to the caller.

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/sim/hw_config.h"
#include "core/workload/workload.h"

namespace spatten::core {
class GrowingRun;
class ResumePoints;
struct RunResult;
}  // namespace spatten::core

namespace spatten::app {

class TimelinePrefetch {
public:
  // hw: the request's hardware; prior: the previous run's checkpoints (or null).
  TimelinePrefetch(core::HwConfig hw, std::string modelName,
                   std::shared_ptr<const core::ResumePoints> prior);
  ~TimelinePrefetch();  // stops and joins the helper
  TimelinePrefetch(const TimelinePrefetch&) = delete;
  TimelinePrefetch& operator=(const TimelinePrefetch&) = delete;

  // The run so far, at a layer boundary (core::RunOptions::layerDone). Converts the new requests
  // (on the calling thread: the run changes after the call) and wakes the helper.
  void onLayer(const core::RunResult& partial);
  // The last onLayer had every request of the run: the helper may simulate to its end. onLayer
  // itself notices the run's last layer (core::isFinalLayer); this call covers any other end.
  void complete();
  // Whether the helper may simulate to the end: complete() was called, or onLayer saw the run's
  // last layer.
  bool completed();
  // Worker thread: every request handed over so far, as converted by onLayer (once complete,
  // the run's workload, equal to core::toWorkload of it), moved out.
  core::Workload takeWorkload() { return std::move(m_converted); }
  std::size_t requestsHandedOver() const { return m_converted.requests.size(); }
  // Any thread: the cycle the helper's run has reached (0 before its first slice). The helper
  // runs at the lowest priority, so on a busy machine this may stay 0 for a while.
  std::uint64_t helperCycle() const { return m_helperCycle.load(std::memory_order_relaxed); }
  // Stops and joins the helper; returns the run (null when nothing was simulated or the run
  // could not continue on a layer, which GrowingRun reports).
  std::unique_ptr<core::GrowingRun> finish();

private:
  void helper();  // the helper thread's loop

  core::HwConfig m_hw;
  std::string m_modelName;
  std::shared_ptr<const core::ResumePoints> m_prior;
  core::Workload m_converted;  // worker: the requests handed over so far
  // Shared with the helper, under m_mutex.
  std::mutex m_mutex;
  std::condition_variable m_wake;
  std::vector<core::Request> m_pending;  // converted, not yet taken by the helper
  core::ModelInfo m_shape;               // of the run (set at the first layer)
  std::uint64_t m_seed = 0;
  bool m_complete = false;
  bool m_stopRequested = false;
  std::atomic<bool> m_news{false};  // m_pending or m_complete changed (polled while stepping)
  std::atomic<bool> m_stop{false};
  std::atomic<std::uint64_t> m_helperCycle{0};
  // The helper's own.
  std::unique_ptr<core::GrowingRun> m_run;
  std::thread m_thread;
};

}  // namespace spatten::app
