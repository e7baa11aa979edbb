#include "app/gui/backend/background_run.h"

#include <utility>

#include "app/gui/backend/thread_priority.h"
#include "core/sim/simulator.h"

namespace spatten::app {

BackgroundRun::BackgroundRun(std::unique_ptr<core::Simulator> sim) : m_sim(std::move(sim)) {
  m_thread = std::thread([this] {
    lowPriority();
    try {
      m_sim->run(&m_stop);  // looks at m_stop every 1,024 cycles
    } catch (...) {
      m_error = std::current_exception();
    }
    m_ended.store(m_error || m_sim->finished());
  });
}

BackgroundRun::~BackgroundRun() {
  m_stop.store(true);
  if (m_thread.joinable()) m_thread.join();
}

std::unique_ptr<core::Simulator> BackgroundRun::finish() {
  m_stop.store(true);
  if (m_thread.joinable()) m_thread.join();
  if (m_error) std::rethrow_exception(std::exchange(m_error, nullptr));
  return std::move(m_sim);
}

}  // namespace spatten::app
