#include "core/functional/run_prefix.h"

#include <algorithm>

namespace spatten::core {

std::string prefixComputeKey(const RunConfig& cfg, bool recordAttention, bool recordRefetchRows) {
  nlohmann::ordered_json j = toJson(cfg);
  for (const char* schedule :
       {"token_keep_start", "token_keep_end", "token_skip_frac", "head_keep_start", "head_keep_end",
        "head_skip_frac", "token_keep_per_layer", "head_keep_per_layer", "generate"})
    j.erase(schedule);
  j["record_attention"] = recordAttention;
  j["record_refetch_rows"] = recordRefetchRows;
  return j.dump();
}

int reusableLayerPasses(const RunPrefix& prefix, const std::vector<int>& ids,
                        const std::string& key, const std::vector<double>& tokenKeep,
                        const std::vector<double>& headKeep) {
  const int recorded = static_cast<int>(prefix.layers.size());
  if (recorded == 0 || prefix.ids != ids || prefix.computeKey != key ||
      prefix.tokenKeep.size() != tokenKeep.size() || prefix.headKeep.size() != headKeep.size() ||
      static_cast<int>(tokenKeep.size()) != recorded)
    return 0;
  // f = the first layer whose ratios differ (exact comparison: the same ratio gives the same
  // budget, any other may not); the pass of layer f reads only decisions of layers < f.
  int f = 0;
  while (f < recorded &&
         prefix.tokenKeep[static_cast<std::size_t>(f)] == tokenKeep[static_cast<std::size_t>(f)] &&
         prefix.headKeep[static_cast<std::size_t>(f)] == headKeep[static_cast<std::size_t>(f)])
    ++f;
  return std::min(f + 1, recorded);
}

}  // namespace spatten::core
