#include "core/sweep/sweep_runner.h"

#include <chrono>
#include <condition_variable>
#include <exception>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

namespace spatten::core {

bool runPointsOrdered(std::uint64_t begin, std::uint64_t end, int jobs,
                      const std::function<std::string(std::uint64_t)>& compute,
                      const std::function<void(std::uint64_t, std::string)>& emit,
                      const std::atomic<bool>* stop) {
  const auto stopped = [stop] { return stop && stop->load(); };
  if (jobs <= 1) {
    for (std::uint64_t p = begin; p < end; ++p) {
      if (stopped()) return false;
      emit(p, compute(p));
    }
    return true;
  }
  const std::uint64_t window = static_cast<std::uint64_t>(jobs) * 8 + 16;
  std::mutex mutex;
  std::condition_variable changed;
  std::uint64_t next = begin;     // next point a worker takes
  std::uint64_t emitted = begin;  // points before this one were emitted
  bool quit = false;
  std::map<std::uint64_t, std::string> done;
  std::map<std::uint64_t, std::exception_ptr> failed;

  const auto worker = [&] {
    std::unique_lock<std::mutex> lock(mutex);
    for (;;) {
      changed.wait(lock, [&] { return quit || next >= end || next < emitted + window; });
      if (quit || next >= end || stopped()) return;
      const std::uint64_t p = next++;
      lock.unlock();
      std::string row;
      std::exception_ptr error;
      try {
        row = compute(p);
      } catch (...) {
        error = std::current_exception();
      }
      lock.lock();
      if (error)
        failed.emplace(p, error);
      else
        done.emplace(p, std::move(row));
      changed.notify_all();
    }
  };
  std::vector<std::thread> threads;
  for (int i = 0; i < jobs; ++i) threads.emplace_back(worker);
  std::exception_ptr error;
  {
    std::unique_lock<std::mutex> lock(mutex);
    while (emitted < end) {
      // Polled: `stop` is set by another thread without this condition variable.
      while (!done.count(emitted) && !failed.count(emitted)) {
        if (stopped() && next <= emitted) break;  // the point was never started
        changed.wait_for(lock, std::chrono::milliseconds(50));
      }
      if (!done.count(emitted) && !failed.count(emitted)) break;
      if (auto f = failed.find(emitted); f != failed.end()) {
        error = f->second;
        break;
      }
      std::string row = std::move(done[emitted]);
      done.erase(emitted);
      const std::uint64_t p = emitted;
      lock.unlock();
      try {
        emit(p, std::move(row));
      } catch (...) {
        error = std::current_exception();
      }
      lock.lock();
      if (error) break;
      ++emitted;
      changed.notify_all();
    }
    quit = true;
    changed.notify_all();
  }
  for (std::thread& t : threads) t.join();
  if (error) std::rethrow_exception(error);
  return emitted == end;
}

}  // namespace spatten::core
