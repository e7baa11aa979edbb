#include "app/gui/backend/timeline_prefetch.h"

#include <exception>
#include <utility>

#include "app/gui/backend/thread_priority.h"
#include "core/functional/run_result.h"
#include "core/functional/runner.h"
#include "core/functional/workload_convert.h"
#include "core/sim/growing_run.h"

namespace spatten::app {
namespace {

constexpr std::uint64_t kSliceCycles = 256;  // cycles between looks at new layers and stops

}  // namespace

TimelinePrefetch::TimelinePrefetch(core::HwConfig hw, std::string modelName,
                                   std::shared_ptr<const core::ResumePoints> prior)
    : m_hw(std::move(hw)), m_modelName(std::move(modelName)), m_prior(std::move(prior)) {}

TimelinePrefetch::~TimelinePrefetch() {
  finish();
}

void TimelinePrefetch::onLayer(const core::RunResult& partial) {
  std::vector<core::Request>& all = m_converted.requests;
  const std::size_t from = all.size();
  core::appendRequests(partial, from, all);
  // The helper's copy shares the attention rows (shared_ptr) with the worker's.
  std::vector<core::Request> fresh(all.begin() + static_cast<std::ptrdiff_t>(from), all.end());
  // The run's last layer: the helper may simulate to the end now, beside what the worker
  // computes after the run (BERT: the fidelity's MLM head, about 65 ms at 128 tokens).
  const bool last = core::isFinalLayer(partial);
  {
    const std::lock_guard lock(m_mutex);
    if (m_stopRequested) return;
    if (!m_thread.joinable()) {
      m_shape = {m_modelName, partial.layers, partial.heads, partial.headDim};
      m_converted.model = m_shape;
      m_seed = partial.config.seed;
      m_thread = std::thread([this] { helper(); });
    }
    if (m_pending.empty())
      m_pending = std::move(fresh);
    else
      m_pending.insert(m_pending.end(), std::make_move_iterator(fresh.begin()),
                       std::make_move_iterator(fresh.end()));
    m_complete = m_complete || last;
    m_news.store(true);
  }
  m_wake.notify_one();
}

void TimelinePrefetch::complete() {
  {
    const std::lock_guard lock(m_mutex);
    m_complete = true;
    m_news.store(true);
  }
  m_wake.notify_one();
}

bool TimelinePrefetch::completed() {
  const std::lock_guard lock(m_mutex);
  return m_complete;
}

std::unique_ptr<core::GrowingRun> TimelinePrefetch::finish() {
  {
    const std::lock_guard lock(m_mutex);
    m_stopRequested = true;
    m_stop.store(true);
  }
  m_wake.notify_one();
  if (m_thread.joinable()) m_thread.join();
  if (!m_run || !m_run->started() || m_run->failed()) m_run.reset();
  return std::move(m_run);
}

void TimelinePrefetch::helper() {
  lowestPriority();
  core::Workload building;
  std::shared_ptr<const core::Workload> current;
  try {
    std::unique_lock lock(m_mutex);
    building.model = m_shape;
    m_run =
        std::make_unique<core::GrowingRun>(m_hw, m_seed, core::LogLevel::Full, std::move(m_prior));
    bool completed = false;
    for (;;) {
      // (Layers gathered below may leave the run able to go on: then it does not wait.)
      m_wake.wait(lock, [&] { return m_stopRequested || m_news.load() || !m_run->waiting(); });
      if (m_stopRequested) return;
      m_news.store(false);
      std::vector<core::Request> fresh = std::move(m_pending);
      m_pending.clear();
      const bool complete = m_complete;
      lock.unlock();
      building.requests.insert(building.requests.end(), std::make_move_iterator(fresh.begin()),
                               std::make_move_iterator(fresh.end()));
      // Each extension copies the requests so far (the run's checkpoints keep the copy they
      // were taken on), so layers are gathered until they add an eighth: a dozen copies in a
      // summarization pass instead of one per layer, and none for the one-token layers of
      // generation until the run is complete.
      const std::size_t have = current ? current->requests.size() : 0;
      const std::size_t added = building.requests.size() - have;
      if ((added > 0 && (!current || added >= have / 8 || complete)) ||
          (current && complete != completed)) {
        if (added > 0) current = std::make_shared<const core::Workload>(building);
        if (!m_run->extend(current, complete)) return;
        completed = complete;
      }
      while (!m_stop.load(std::memory_order_relaxed) && !m_news.load(std::memory_order_relaxed) &&
             !m_run->waiting()) {
        m_run->advance(kSliceCycles);
        m_helperCycle.store(m_run->sim().cycle(), std::memory_order_relaxed);
      }
      lock.lock();
    }
  } catch (const std::exception&) {
    m_run.reset();  // e.g. an invalid hardware configuration: the worker reports it itself
  }
}

}  // namespace spatten::app
