// The presets, defined once (the CLI's --hw / --preset, the GUI's preset boxes; `spatten-cli
// params --preset NAME` writes one as a JSON file to start from).
#include "core/config/registry.h"

namespace spatten::core {

const std::vector<Preset>& hwPresets() {
  static const std::vector<Preset> presets = {
      {"spatten",
       "Table I of the paper: 512 + 512 multipliers, 16 HBM2 channels, 196 KB buffers",
       {}},
      // RTL run script defaults: 64 + 64 multipliers, bandwidth_downsample 8 -> 2 channels,
      // fetch lanes max(32/8, numSoftMaxUnit) = 4, same 196,608 B buffers, softmax units 64/64.
      {"spatten-1of8",
       "The authors' RTL run script: one eighth of Table I (64 + 64 multipliers, 2 channels)",
       {{"hw.qk.multipliers", std::int64_t{64}},
        {"hw.av.multipliers", std::int64_t{64}},
        {"hw.qk.pipeline_depth", std::int64_t{8}},  // SRAM 1 + mult 1 + one 64-way tree (6)
        {"hw.av.pipeline_depth", std::int64_t{3}},  // SRAM 1 + mult 1 + accumulate 1
        {"hw.softmax.lanes", std::int64_t{1}},
        {"hw.topk.input_width", std::int64_t{2}},
        {"hw.hbm.channels", std::int64_t{2}},
        {"hw.fetcher.lanes", std::int64_t{4}}}},
  };
  return presets;
}

const std::vector<Preset>& runPresets() {
  static const std::vector<Preset> presets = {
      {"dense",
       "No pruning, floating-point Q/K/V: the baseline",
       {{"token_keep_start", 1.0},
        {"token_keep_end", 1.0},
        {"head_keep_start", 1.0},
        {"head_keep_end", 1.0},
        {"value_keep", 1.0},
        {"k_msb_bits", std::int64_t{0}},
        {"k_lsb_bits", std::int64_t{0}},
        {"pq_enabled", false},
        {"v_bits", std::int64_t{0}},
        {"q_bits", std::int64_t{0}}}},
      // BERT is compute-bound: static 12-bit keys, no LSB refetch.
      {"spatten-bert",
       "The paper's BERT setting: 12-bit keys, no progressive quantization",
       {{"token_keep_start", 0.8},
        {"token_keep_end", 0.4},
        {"head_keep_start", 1.0},
        {"head_keep_end", 0.75},
        {"value_keep", 0.5},
        {"k_msb_bits", std::int64_t{8}},
        {"k_lsb_bits", std::int64_t{4}},
        {"pq_enabled", false},
        {"v_bits", std::int64_t{12}},
        {"q_bits", std::int64_t{12}}}},
      {"spatten-gpt2",
       "The paper's GPT-2 setting: 6 + 4-bit keys with LSB refetch",
       {{"token_keep_start", 0.7},
        {"token_keep_end", 0.3},
        {"head_keep_start", 1.0},
        {"head_keep_end", 0.8},
        {"value_keep", 0.2},
        {"k_msb_bits", std::int64_t{6}},
        {"k_lsb_bits", std::int64_t{4}},
        {"pq_threshold", 0.1},
        {"pq_enabled", true},
        {"v_bits", std::int64_t{8}},
        {"q_bits", std::int64_t{12}}}},
  };
  return presets;
}

}  // namespace spatten::core
