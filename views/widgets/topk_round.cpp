#include "views/widgets/topk_round.h"

#include <algorithm>
#include <cmath>

namespace spatten::views {
namespace {
std::uint32_t countSide(const std::vector<int>& side, int s) {
  return static_cast<std::uint32_t>(std::count(side.begin(), side.end(), s));
}
}  // namespace

std::uint32_t TopKRoundData::left() const {
  return countSide(side, -1);
}
std::uint32_t TopKRoundData::right() const {
  return countSide(side, 1);
}
std::uint32_t TopKRoundData::equal() const {
  return countSide(side, 0);
}

TopKRoundData topkRoundData(const TopKFrame& t) {
  TopKRoundData d;
  if (t.candidates.empty() || t.candidates.size() != t.candidateValues.size()) return d;
  d.known = true;
  d.indices = t.candidates;
  d.values = t.candidateValues;
  d.side.reserve(d.values.size());
  for (float v : d.values) d.side.push_back(v < t.pivot ? -1 : (v > t.pivot ? 1 : 0));
  const auto n = static_cast<std::uint32_t>(d.indices.size());
  const std::uint32_t p = std::max<std::uint32_t>(1, t.parallelism);
  d.compared = std::min(n, t.compared);
  if (d.compared > 0) {
    d.batchEnd = d.compared;
    d.batchBegin = (d.compared - 1) / p * p;
    for (std::uint32_t i = d.batchBegin; i < d.batchEnd; ++i) {
      if (d.side[i] < 0)
        d.toLeft.push_back(i);
      else if (d.side[i] > 0)
        d.toRight.push_back(i);
    }
  }
  return d;
}

double TopKScale::fraction(double v) const {
  if (v <= 0) return 0.0;
  const double f = log ? (std::log10(v) - std::log10(lo)) / (std::log10(hi) - std::log10(lo))
                       : (v - lo) / (hi - lo);
  return std::clamp(f, 0.0, 1.0);
}

namespace {
// Smallest of 1, 2, 2.5, 5, 10 times a power of ten that is >= x (x > 0).
double niceCeil(double x) {
  const double e = std::pow(10.0, std::floor(std::log10(x)));
  for (const double m : {1.0, 2.0, 2.5, 5.0, 10.0})
    if (m * e >= x * (1 - 1e-9)) return m * e;
  return 10 * e;
}
}  // namespace

// Linear from 0 when the positive values span at most kLinearSpan (their differences are what
// the user compares, e.g. 0.06 vs 0.09); otherwise log over whole decades from the smallest to
// the largest value (at most kMaxDecades), because attention rows are often extremely peaked.
TopKScale topkScale(const std::vector<float>& values) {
  constexpr double kLinearSpan = 100.0;
  constexpr int kMaxDecades = 12;
  TopKScale s;
  double mx = 0, mn = 0;
  for (const float f : values) {
    const double v = f;
    if (v <= 0) continue;
    mx = std::max(mx, v);
    mn = mn == 0 ? v : std::min(mn, v);
  }
  if (mx <= 0) {
    s.log = false;
    s.lo = 0;
    s.hi = 1;
    s.ticks = {0, 0.5, 1};
    return s;
  }
  if (mx / mn <= kLinearSpan) {
    s.log = false;
    s.lo = 0;
    s.hi = niceCeil(mx);
    for (int i = 0; i <= 4; ++i) s.ticks.push_back(s.hi * i / 4);
    return s;
  }
  s.log = true;
  const int top = static_cast<int>(std::ceil(std::log10(mx) - 1e-9));
  const int bottom = std::max(top - kMaxDecades, static_cast<int>(std::floor(std::log10(mn))));
  s.hi = std::pow(10.0, top);
  s.lo = std::pow(10.0, bottom);
  const int step = (top - bottom + 5) / 6;  // at most ~6 labelled decades
  for (int d = top; d >= bottom; d -= step) s.ticks.insert(s.ticks.begin(), std::pow(10.0, d));
  return s;
}

}  // namespace spatten::views
