#include "core/sweep/sweep_runner.h"

#include <condition_variable>
#include <exception>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

namespace spatten::core {

void runPointsOrdered(std::uint64_t begin, std::uint64_t end, int jobs,
                      const std::function<std::string(std::uint64_t)>& compute,
                      const std::function<void(std::uint64_t, std::string)>& emit) {
  if (jobs <= 1) {
    for (std::uint64_t p = begin; p < end; ++p) emit(p, compute(p));
    return;
  }
  const std::uint64_t window = static_cast<std::uint64_t>(jobs) * 8 + 16;
  std::mutex mutex;
  std::condition_variable changed;
  std::uint64_t next = begin;     // next point a worker takes
  std::uint64_t emitted = begin;  // points before this one were emitted
  bool stop = false;
  std::map<std::uint64_t, std::string> done;
  std::map<std::uint64_t, std::exception_ptr> failed;

  const auto worker = [&] {
    std::unique_lock<std::mutex> lock(mutex);
    for (;;) {
      changed.wait(lock, [&] { return stop || next >= end || next < emitted + window; });
      if (stop || next >= end) return;
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
      changed.wait(lock, [&] { return done.count(emitted) || failed.count(emitted); });
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
    stop = true;
    changed.notify_all();
  }
  for (std::thread& t : threads) t.join();
  if (error) std::rethrow_exception(error);
}

}  // namespace spatten::core
