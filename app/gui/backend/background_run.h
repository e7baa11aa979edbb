#pragma once
// A whole-run simulation on a helper thread at low priority (nice 10, thread_priority.h): the
// research summary's dense run, started beside the worker's timeline run, so that an edit that
// needs both (a hardware edit; new text) uses both cores (issue 17). The worker takes the rest of
// the run over once it is free (SummaryRun). Its figures are those of the
// same simulation stepped on the worker: it is the same deterministic core::Simulator.
// Thread: constructed, waited for and finished on the worker thread. The simulator belongs to the
// helper until finish() has joined it, then to the caller.

#include <atomic>
#include <condition_variable>
#include <exception>
#include <memory>
#include <mutex>
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

  // Waits at most `ms` milliseconds for the run's end (0: only looks); true once it has ended
  // (finished, or stopped by an error that finish() rethrows).
  bool waitEnded(int ms);
  // Stops and joins the helper (within about 1,000 simulated cycles); returns the simulator,
  // finished or not. Rethrows what the run threw. Once only.
  std::unique_ptr<core::Simulator> finish();

private:
  std::unique_ptr<core::Simulator> m_sim;
  std::mutex m_mutex;
  std::condition_variable m_endedCv;
  bool m_ended = false;        // under m_mutex
  std::exception_ptr m_error;  // set by the helper before m_ended
  std::atomic<bool> m_stop{false};
  std::thread m_thread;
};

}  // namespace spatten::app
