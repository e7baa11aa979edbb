#pragma once
// What the modules did in the current cycle and over time: each module's state in this cycle
// (Busy wins over Stalled, Stalled over Idle), its busy intervals per request (a ModuleBusy event
// is logged when the module closes the interval), and the event log itself. Owned by the
// Simulator and handed to every unit's tick. Value type (copied with a checkpoint).
// Thread: the simulator's owner thread.

#include <array>
#include <cstdint>
#include <memory>
#include <vector>

#include "core/sim/event_log.h"
#include "core/sim/vocabulary.h"
#include "core/workload/workload.h"

namespace spatten::core {

class Activity {
public:
  Activity() = default;
  Activity(std::shared_ptr<const Workload> workload, LogLevel level)
      : m_workload(std::move(workload)), m_level(level) {}

  void beginCycle(std::uint64_t cycle) {
    m_cycle = cycle;
    m_state.fill(ModuleState::Idle);
  }
  std::uint64_t cycle() const { return m_cycle; }
  void set(ModuleId m, ModuleState s) {
    auto& cur = m_state[static_cast<std::size_t>(m)];
    if (rank(s) > rank(cur)) cur = s;
  }
  ModuleState state(ModuleId m) const { return m_state[static_cast<std::size_t>(m)]; }
  // Which state a module keeps when set to several in one cycle: Busy over Stalled over Idle (a
  // module that did work in the cycle was busy, whatever else waited on it). Not the enum's
  // order: ModuleState values are exported.
  static constexpr int rank(ModuleState s) {
    return s == ModuleState::Busy ? 2 : s == ModuleState::Stalled ? 1 : 0;
  }

  // Module m worked on `request` in this cycle (extends or opens its interval). Inline for the
  // common cases (no log; the interval opened last), which run for every transaction issued.
  void busy(ModuleId m, std::uint32_t request) {
    if (m_level == LogLevel::Off) return;  // intervals only feed the event log
    OpenSet& open = m_open[static_cast<std::size_t>(m)];
    if (!open.list.empty() && open.list.back().request == request) {
      open.list.back().last = m_cycle;
      return;
    }
    busyOlder(open, request);
  }
  // Ends m's interval on `request` (if any) and logs it as a ModuleBusy event.
  void close(ModuleId m, std::uint32_t request, std::uint8_t flags = 0);

  // The request module m worked on in this cycle (the newest interval extended or opened in
  // it), -1 if none. Known only while logging (intervals are not kept at LogLevel::Off).
  std::int64_t requestThisCycle(ModuleId m) const {
    const OpenSet& open = m_open[static_cast<std::size_t>(m)];
    for (std::size_t i = open.list.size(); i-- > open.front;)
      if (open.list[i].request != kClosed && open.list[i].last == m_cycle)
        return open.list[i].request;
    return -1;
  }

  LogLevel level() const { return m_level; }
  bool logging() const { return m_level != LogLevel::Off; }
  void log(const Event& e) {
    if (m_level != LogLevel::Off) m_log.append(e);
  }
  const EventLog& events() const { return m_log; }
  // Continues on workload `w`, equal to the current one in the requests logged so far.
  void rebind(std::shared_ptr<const Workload> w) { m_workload = std::move(w); }

private:
  struct Open {
    std::uint32_t request = 0;  // kClosed: closed, waiting to be compacted away
    std::uint64_t first = 0, last = 0;
  };
  // Never a request index: 2^32 - 1 requests (over 100 bytes each) would not fit in memory.
  static constexpr std::uint32_t kClosed = ~0u;
  // A module's open intervals in opening order. Closed ones become kClosed in place: a module
  // may hold hundreds open (the fetcher fetches ahead) and mostly closes its oldest, so erasing
  // would move the rest each time. list[0, front) are closed; list.back() is open (or the list
  // is empty); the closed prefix is dropped once it is half the list. maxOpened: the largest
  // request ever opened (a larger one is new without a search; requests mostly come in order).
  // hint: where busyOlder() last found an older interval (checked first; any value is safe).
  struct OpenSet {
    std::vector<Open> list;
    std::size_t front = 0;
    std::size_t hint = 0;
    std::int64_t maxOpened = -1;
  };
  void busyOlder(OpenSet& open, std::uint32_t request);  // busy(), not the newest
  std::shared_ptr<const Workload> m_workload;            // request layers for the events
  LogLevel m_level = LogLevel::Modules;
  std::uint64_t m_cycle = 0;
  std::array<ModuleState, kModuleCount> m_state{};
  // Open intervals per module (OpenSet).
  std::array<OpenSet, kModuleCount> m_open{};
  EventLog m_log;
};

}  // namespace spatten::core
