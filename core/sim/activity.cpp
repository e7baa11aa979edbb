#include "core/sim/activity.h"

#include <algorithm>

namespace spatten::core {

void Activity::busyOlder(std::vector<Open>& open, std::uint32_t request) {
  // Newest first: a module mostly keeps working on the request it opened last.
  for (auto it = open.rbegin(); it != open.rend(); ++it)
    if (it->request == request) {
      it->last = m_cycle;
      return;
    }
  open.push_back({request, m_cycle, m_cycle});
}

void Activity::close(ModuleId m, std::uint32_t request, std::uint8_t flags) {
  if (m_level == LogLevel::Off) return;
  std::vector<Open>& open = m_open[static_cast<std::size_t>(m)];
  auto it =
      std::find_if(open.begin(), open.end(), [&](const Open& o) { return o.request == request; });
  if (it == open.end()) return;
  Event e;
  e.kind = EventKind::ModuleBusy;
  e.cycle = it->first;
  e.duration = static_cast<std::uint32_t>(it->last - it->first + 1);
  e.request = request;
  e.module = static_cast<std::uint8_t>(m);
  e.flags = flags;
  e.layer = static_cast<std::uint8_t>(m_workload->requests[request].layer);
  open.erase(it);
  m_log.append(e);
}

}  // namespace spatten::core
