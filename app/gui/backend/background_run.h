#pragma once
// A whole-run simulation on a helper thread at low priority (nice 10, thread_priority.h): the
// research summary's dense run, started beside the worker's timeline run, so that an edit that
// needs both (a hardware edit; new text) uses both cores (issue 17). The worker takes the rest of
// the run over once it is free (SummaryRun). Its figures are those of the same simulation
// stepped on the worker: it is the same deterministic core::Simulator.
// Thread: constructed, looked at and finished on the worker thread. The simulator belongs to the
// helper until finish() has joined it, then to the caller.

#include <atomic>
#include <exception>
#include <memory>
#include <thread>

namespace spatten::core {
class Simulator;
}

namespace spatten::app {

class BackgroundRun {
public:
  // Starts the helper on `sim` (not null; unfinished or finished), which it runs to the end.
  explicit BackgroundRun(std::unique_ptr<core::Simulator> sim);
  ~BackgroundRun();  // stops and joins the helper
  BackgroundRun(const BackgroundRun&) = delete;
  BackgroundRun& operator=(const BackgroundRun&) = delete;

  // The run has ended: finished, or stopped by an error that finish() rethrows.
  bool ended() const { return m_ended.load(); }
  // Stops and joins the helper (within about 1,000 simulated cycles); returns the simulator,
  // finished or not. Rethrows what the run threw. Once only.
  std::unique_ptr<core::Simulator> finish();

private:
  std::unique_ptr<core::Simulator> m_sim;
  std::exception_ptr m_error;  // set by the helper; read after the join
  std::atomic<bool> m_ended{false}, m_stop{false};
  std::thread m_thread;
};

}  // namespace spatten::app
