#include "app/gui/parameter_specs.h"

namespace spatten::app {

const std::vector<ParameterSpec>& runParameterSpecs() {
  static const std::vector<ParameterSpec> specs = {
      {"token_keep_start", "Token keep (first pruned layer)", 0, 1, 0.01, 1, 2,
       "Fraction of tokens kept at the first layer that prunes tokens"},
      {"token_keep_end", "Token keep (last layer)", 0, 1, 0.01, 1, 2,
       "Fraction of tokens kept at the last layer"},
      {"token_skip_frac", "Token skip fraction", 0, 1, 0.01, 0.15, 2,
       "The first ceil(frac * L) layers keep every token"},
      {"head_keep_start", "Head keep (first pruned layer)", 0, 1, 0.01, 1, 2,
       "Fraction of heads kept at the first layer that prunes heads"},
      {"head_keep_end", "Head keep (last layer)", 0, 1, 0.01, 1, 2,
       "Fraction of heads kept at the last layer"},
      {"head_skip_frac", "Head skip fraction", 0, 1, 0.01, 0.30, 2,
       "The first ceil(frac * L) layers keep every head"},
      {"value_keep", "Local value keep", 0, 1, 0.01, 1, 2,
       "Per query, the fraction of values (highest probabilities) fetched"},
      {"protect_first", "Protected first tokens", 0, 16, 1, 0, 0,
       "The first N tokens are never pruned (attention sinks)"},
      {"k_msb_bits", "K MSB bits", 0, 16, 1, 12, 0,
       "Key bits fetched first (0 = floating point keys)"},
      {"k_lsb_bits", "K LSB bits", 0, 8, 1, 0, 0, "Key bits fetched on a refetch"},
      {"pq_threshold", "Requant threshold", 0, 1, 0.01, 0.1, 2,
       "A query row whose max probability is below this refetches the key LSBs"},
      {"pq_enabled", "Progressive quantization", 0, 1, 1, 0, -1,
       "Fetch MSBs first and refetch LSBs for flat distributions"},
      {"v_bits", "V bits", 0, 16, 1, 12, 0, "Value bits (0 = floating point)"},
      {"q_bits", "Q bits", 0, 16, 1, 12, 0, "Query bits (0 = floating point)"},
      {"seed", "Seed", 0, 1e9, 1, 1, 0, "Drives every random choice (top-k pivots)"},
  };
  return specs;
}

const std::vector<ParameterSpec>& hardwareParameterSpecs() {
  static const std::vector<ParameterSpec> specs = {
      {"multipliers", "Multipliers (Q·K, A·V)", 8, 4096, 8, 512, 0,
       "Parallel multipliers in the Q·K and attention·V units"},
      {"hbm.channels", "HBM channels", 1, 64, 1, 16, 0, "HBM2 channels"},
      {"topk.parallelism", "Top-k comparators", 1, 64, 1, 16, 0,
       "Comparators per cycle in the top-k engine"},
      {"topk.model", "RTL harness top-k", 0, 1, 1, 0, -1,
       "Time the local-V top-k as the authors' RTL harness did for the paper's Fig. 19 "
       "(TopKDummy + TopKLatencyModel) instead of running the Alg. 3 engine"},
      {"softmax.passthrough", "RTL pass-through softmax", 0, 1, 1, 0, -1,
       "The authors' RTL passes scores through the softmax with no latency; off: the paper's "
       "two-phase softmax pipeline"},
  };
  return specs;
}

}  // namespace spatten::app
