#pragma once
// Shared by the libFuzzer harnesses (tests/fuzz/fuzz_*.cpp). Contract under test: any input either
// parses or throws spatten::core::Error; anything else (another exception, a crash, ASan/UBSan
// report, a hang or unbounded memory) is a finding. Harnesses call core's own entry points.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace spatten::fuzz {

// One fuzz input can hold several files: parts are separated by a line "--8<--".
inline constexpr std::string_view kSeparator = "\n--8<--\n";

// The first `count` parts (missing ones empty; the last part keeps any further separators).
inline std::vector<std::string> splitParts(const std::uint8_t* data, std::size_t size,
                                           std::size_t count) {
  std::string_view rest(reinterpret_cast<const char*>(data), size);
  std::vector<std::string> parts;
  while (parts.size() + 1 < count) {
    const std::size_t at = rest.find(kSeparator);
    if (at == std::string_view::npos) break;
    parts.emplace_back(rest.substr(0, at));
    rest.remove_prefix(at + kSeparator.size());
  }
  parts.emplace_back(rest);
  parts.resize(count);
  return parts;
}

// Fails the run (libFuzzer reports the input) when a property does not hold.
[[noreturn]] inline void propertyFailed() {
  __builtin_trap();
}

}  // namespace spatten::fuzz
