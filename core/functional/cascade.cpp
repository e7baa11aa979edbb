#include "core/functional/cascade.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include <fmt/format.h>

#include "core/util/error.h"

namespace spatten::core {

long long ceilEps(double x) { return static_cast<long long>(std::ceil(x - 1e-9)); }

std::vector<double> keepSchedule(int layers, double skipFrac, double start, double end,
                                 const std::vector<double>& perLayer, const char* listField) {
  if (!perLayer.empty()) {
    if (static_cast<int>(perLayer.size()) != layers)
      throw Error("<config>", listField,
                  fmt::format("has {} entries; the model has {} layers", perLayer.size(), layers));
    return perLayer;
  }
  std::vector<double> r(static_cast<size_t>(std::max(layers, 0)), 1.0);
  const long long skip = std::min<long long>(layers, std::max<long long>(0, ceilEps(skipFrac * layers)));
  const long long pruned = layers - skip;
  for (long long l = skip; l < layers; ++l) {
    if (pruned == 1) {
      r[static_cast<size_t>(l)] = end;
    } else {
      const double t = static_cast<double>(l - skip) / static_cast<double>(pruned - 1);
      r[static_cast<size_t>(l)] = start + (end - start) * t;
    }
  }
  return r;
}

std::vector<double> tokenKeepSchedule(const RunConfig& c, int layers) {
  return keepSchedule(layers, c.token_skip_frac, c.token_keep_start, c.token_keep_end,
                      c.token_keep_per_layer, "token_keep_per_layer");
}

std::vector<double> headKeepSchedule(const RunConfig& c, int layers) {
  return keepSchedule(layers, c.head_skip_frac, c.head_keep_start, c.head_keep_end,
                      c.head_keep_per_layer, "head_keep_per_layer");
}

int tokenBudget(int alive, int numProtected, double keep, int n) {
  const long long want = std::max<long long>(numProtected, ceilEps(keep * n));
  return static_cast<int>(std::min<long long>(alive, want));
}

int headBudget(int alive, double keep, int totalHeads) {
  const long long want = std::max<long long>(1, ceilEps(keep * totalHeads));
  return static_cast<int>(std::min<long long>(alive, want));
}

std::vector<int> stableTopK(const std::vector<double>& scores, int k) {
  const int n = static_cast<int>(scores.size());
  k = std::clamp(k, 0, n);
  std::vector<int> idx(static_cast<size_t>(n));
  std::iota(idx.begin(), idx.end(), 0);
  std::stable_sort(idx.begin(), idx.end(),
                   [&](int a, int b) { return scores[size_t(a)] > scores[size_t(b)]; });
  idx.resize(static_cast<size_t>(k));
  std::sort(idx.begin(), idx.end());
  return idx;
}

std::vector<int> selectTokens(const std::vector<int>& alive, const std::vector<double>& score,
                              const std::vector<int>& protectedIds, int budget) {
  if (budget >= static_cast<int>(alive.size())) return alive;
  std::vector<int> kept, candidates;
  std::vector<double> candScore;
  for (int id : alive) {
    if (std::find(protectedIds.begin(), protectedIds.end(), id) != protectedIds.end()) {
      kept.push_back(id);
    } else {
      candidates.push_back(id);
      candScore.push_back(score[static_cast<size_t>(id)]);
    }
  }
  const int room = std::max(0, budget - static_cast<int>(kept.size()));
  for (int pos : stableTopK(candScore, room)) kept.push_back(candidates[static_cast<size_t>(pos)]);
  std::sort(kept.begin(), kept.end());
  return kept;
}

std::vector<int> selectHeads(const std::vector<int>& alive, const std::vector<double>& score,
                             int budget) {
  if (budget >= static_cast<int>(alive.size())) return alive;
  std::vector<double> s;
  for (int h : alive) s.push_back(score[static_cast<size_t>(h)]);
  std::vector<int> kept;
  for (int pos : stableTopK(s, budget)) kept.push_back(alive[static_cast<size_t>(pos)]);
  return kept;
}

std::vector<int> intersectSorted(const std::vector<int>& a, const std::vector<int>& b) {
  std::vector<int> out;
  std::set_intersection(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out));
  return out;
}

}  // namespace spatten::core
