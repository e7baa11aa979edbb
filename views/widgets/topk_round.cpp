#include "views/widgets/topk_round.h"

#include <algorithm>

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

}  // namespace spatten::views
