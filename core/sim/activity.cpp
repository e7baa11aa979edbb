#include "core/sim/activity.h"

#include <algorithm>

namespace spatten::core {

void Activity::busyOlder(OpenSet& open, std::uint32_t request) {
  // Newest first: a module mostly keeps working on the request it opened last.
  if (static_cast<std::int64_t>(request) <= open.maxOpened) {
    // The one found last time first: a pipelined module alternates between a few requests.
    if (open.hint < open.list.size() && open.list[open.hint].request == request) {
      open.list[open.hint].last = m_cycle;
      return;
    }
    for (std::size_t i = open.list.size(); i-- > open.front;)
      if (open.list[i].request == request) {
        open.list[i].last = m_cycle;
        open.hint = i;
        return;
      }
  } else {
    open.maxOpened = request;
  }
  open.list.push_back({request, m_cycle, m_cycle});
}

void Activity::close(ModuleId m, std::uint32_t request, std::uint8_t flags) {
  if (m_level == LogLevel::Off) return;
  OpenSet& open = m_open[static_cast<std::size_t>(m)];
  std::vector<Open>& list = open.list;
  std::size_t i = open.front;
  while (i < list.size() && list[i].request != request) ++i;  // oldest first: usually the front
  if (i == list.size()) return;
  Event e;
  e.kind = EventKind::ModuleBusy;
  e.cycle = list[i].first;
  e.duration = static_cast<std::uint32_t>(list[i].last - list[i].first + 1);
  e.request = request;
  e.module = static_cast<std::uint8_t>(m);
  e.flags = flags;
  e.layer = static_cast<std::uint8_t>(m_workload->requests[request].layer);
  list[i].request = kClosed;
  while (!list.empty() && list.back().request == kClosed) list.pop_back();
  while (open.front < list.size() && list[open.front].request == kClosed) ++open.front;
  if (open.front >= list.size()) {
    list.clear();
    open.front = 0;
  } else if (open.front > 32 && 2 * open.front > list.size()) {
    list.erase(list.begin(), list.begin() + static_cast<std::ptrdiff_t>(open.front));
    open.front = 0;
  }
  m_log.append(e);
}

}  // namespace spatten::core
