#include "core/sim/event_log.h"

#include <cstring>

namespace spatten::core {

std::uint64_t EventLog::hash() const {
  std::uint64_t h = 1469598103934665603ull;
  auto mix = [&](std::uint64_t v) {
    for (int i = 0; i < 8; ++i) {
      h ^= (v >> (8 * i)) & 0xff;
      h *= 1099511628211ull;
    }
  };
  forEach([&](const Event& e) {
    std::uint32_t bits = 0;
    std::memcpy(&bits, &e.value, sizeof bits);
    mix(e.cycle);
    mix(e.duration);
    mix(e.request);
    mix(e.a);
    mix(e.b);
    mix(e.c);
    mix(e.extra);
    mix(bits);
    mix(static_cast<std::uint64_t>(e.kind) | (std::uint64_t{e.module} << 8) |
        (std::uint64_t{e.flags} << 16) | (std::uint64_t{e.layer} << 24));
  });
  return h;
}

}  // namespace spatten::core
