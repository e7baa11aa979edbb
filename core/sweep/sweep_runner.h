#pragma once
// Runs the points of a sweep on N threads and hands their rows to the caller in point order, so
// the output is the same bytes whatever N is. Workers stay at most a bounded number of points
// ahead of the oldest unfinished one (memory stays bounded on a million-point sweep).
// Thread: `compute` runs on the worker threads (jobs > 1) or the calling thread (jobs == 1) and
// must be thread-safe; `emit` always runs on the calling thread, in order.

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>

namespace spatten::core {

// Computes points [begin, end). The first exception of `compute` (in point order) stops the
// run after the rows before it were emitted, and is rethrown. `stop` (optional, e.g. the GUI's
// Cancel): no new point starts once it is set; returns false then (rows emitted so far are a
// prefix), true when every point was emitted.
bool runPointsOrdered(std::uint64_t begin, std::uint64_t end, int jobs,
                      const std::function<std::string(std::uint64_t)>& compute,
                      const std::function<void(std::uint64_t, std::string)>& emit,
                      const std::atomic<bool>* stop = nullptr);

}  // namespace spatten::core
