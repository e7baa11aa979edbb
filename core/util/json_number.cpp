#include "core/util/json_number.h"

#include <charconv>
#include <cmath>
#include <nlohmann/json.hpp>  // nlohmann::detail::to_chars, what dump() calls for a double

namespace spatten::core {

void appendJsonDouble(fmt::memory_buffer& out, double d) {
  if (!std::isfinite(d)) {
    out.append(std::string_view("null"));
    return;
  }
  char text[64];  // nlohmann's serializer uses the same 64 characters
  const char* end = nlohmann::detail::to_chars(text, text + sizeof text, d);
  out.append(text, end);
}

namespace {
double readBack(const char* digits, const char* end) {
  double d = 0;
  std::from_chars(digits, end, d);  // "nan" and "inf" too, as strtod
  return d;
}
}  // namespace

double shortestDecimal(float v) {
  char digits[64];
  return readBack(digits, fmt::format_to_n(digits, sizeof digits, "{}", v).out);
}

double jsonRound7(double x) {
  if (!std::isfinite(x)) return 0.0;
  char digits[64];
  return readBack(digits, fmt::format_to_n(digits, sizeof digits, "{:.7g}", x).out);
}

}  // namespace spatten::core
