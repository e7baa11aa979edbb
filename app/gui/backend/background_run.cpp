#include "app/gui/backend/background_run.h"

#include <chrono>
#include <utility>

#include "app/gui/backend/thread_priority.h"
#include "core/sim/simulator.h"

namespace spatten::app {

BackgroundRun::BackgroundRun(std::unique_ptr<core::Simulator> sim) : m_sim(std::move(sim)) {
  m_thread = std::thread([this] {
    lowPriority();
    std::exception_ptr error;
    try {
      m_sim->run(&m_stop);  // looks at m_stop every 1,024 cycles
    } catch (...) {
      error = std::current_exception();
    }
    {
      const std::lock_guard lock(m_mutex);
      m_error = error;
      m_ended = m_sim->finished() || error;
    }
    m_endedCv.notify_all();
  });
}

BackgroundRun::~BackgroundRun() {
  m_stop.store(true);
  if (m_thread.joinable()) m_thread.join();
}

bool BackgroundRun::waitEnded(int ms) {
  std::unique_lock lock(m_mutex);
  return m_endedCv.wait_for(lock, std::chrono::milliseconds(ms), [this] { return m_ended; });
}

std::unique_ptr<core::Simulator> BackgroundRun::finish() {
  m_stop.store(true);
  if (m_thread.joinable()) m_thread.join();
  if (m_error) std::rethrow_exception(std::exchange(m_error, nullptr));
  return std::move(m_sim);
}

}  // namespace spatten::app
