#include "core/functional/value_prune.h"

#include <algorithm>
#include <memory>
#include <numeric>
#include <random>

#include "core/functional/cascade.h"
#include "core/functional/topk.h"

namespace spatten::core {

std::vector<int> stableTopKFloat(const std::vector<float>& values, int k) {
  const int n = static_cast<int>(values.size());
  k = std::clamp(k, 0, n);
  std::vector<int> idx(static_cast<size_t>(n));
  std::iota(idx.begin(), idx.end(), 0);
  std::stable_sort(idx.begin(), idx.end(),
                   [&](int a, int b) { return values[size_t(a)] > values[size_t(b)]; });
  idx.resize(static_cast<size_t>(k));
  std::sort(idx.begin(), idx.end());
  return idx;
}

TopKSelector makeValueSelector(std::uint64_t seed) {
  // Algorithm 3 quick-select; pivots from the run's seed, drawn in processing order.
  return makeValueSelector(std::make_shared<std::mt19937_64>(seed));
}

TopKSelector makeValueSelector(std::shared_ptr<std::mt19937_64> rng) {
  return [rng](const std::vector<float>& v, int k) {
    const TopKResult r = topkSelect(v, static_cast<std::size_t>(std::max(k, 0)), *rng);
    return std::vector<int>(r.kept.begin(), r.kept.end());
  };
}

int valueKeepCount(double valueKeep, int m) {
  const long long k = ceilEps(valueKeep * m);
  return static_cast<int>(std::clamp<long long>(k, 1, std::max(1, m)));
}

}  // namespace spatten::core
