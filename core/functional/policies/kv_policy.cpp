#include "core/functional/policies/kv_policy.h"

#include <algorithm>
#include <numeric>

#include "core/functional/cascade.h"

namespace spatten::core {

int kvBudgetKeys(double budget, int n) {
  const long long k = std::max<long long>(1, ceilEps(budget * n));
  return static_cast<int>(std::min<long long>(n, k));
}

void KvPolicy::observePrefill(int, int, const std::vector<int>&, const RowMatrix&) {}
void KvPolicy::observeStep(int, int, const std::vector<int>&, const float*) {}
void KvPolicy::endLayer(int, int) {}

std::unique_ptr<KvPolicy> makeKvPolicy(const RunConfig& cfg, const PolicyInit& init) {
  if (cfg.policy == "streaming") return makeStreamingPolicy(cfg, init);
  if (cfg.policy == "h2o") return makeH2oPolicy(cfg, init);
  if (cfg.policy == "tova") return makeTovaPolicy(cfg, init);
  if (cfg.policy == "quest") return makeQuestPolicy(cfg, init);
  if (cfg.policy == "snapkv") return makeSnapKvPolicy(cfg, init);
  if (cfg.policy == "oracle") return makeOraclePolicy(cfg, init);
  return nullptr;  // "spatten" (validate() rejects every other name)
}

std::vector<int> topByScore(const std::vector<int>& ids, const std::vector<double>& score, int k) {
  std::vector<int> order = ids;
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
    const double sa = score[static_cast<size_t>(a)], sb = score[static_cast<size_t>(b)];
    return sa > sb || (sa == sb && a < b);
  });
  order.resize(static_cast<size_t>(std::clamp(k, 0, static_cast<int>(order.size()))));
  std::sort(order.begin(), order.end());
  return order;
}

}  // namespace spatten::core
