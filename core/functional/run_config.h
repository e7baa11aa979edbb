#pragma once
// SpAtten run configuration: every parameter of docs/semantics.md under exactly its name there.
// Pure data plus JSON I/O and validation; no model knowledge (per-layer list lengths are
// checked by the runner, which knows the layer count).

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace spatten::core {

struct RunConfig {
  // Cascade token pruning: keep ratios interpolated linearly over the pruned layers.
  double token_keep_start = 0.7;
  double token_keep_end = 0.3;
  double token_skip_frac = 0.15;  // first ceil(frac * L) layers keep every token
  // Cascade head pruning.
  double head_keep_start = 1.0;
  double head_keep_end = 0.8;
  double head_skip_frac = 0.30;
  // Local value pruning: fraction of a query row's keys whose values are fetched.
  double value_keep = 0.2;
  // Tokens 0 .. protect_first-1 are never pruned (attention sinks).
  int protect_first = 0;
  // Progressive quantization of keys: MSB bits fetched first, LSB bits on refetch.
  // k_msb_bits == 0 means floating-point keys (k_lsb_bits is then ignored).
  int k_msb_bits = 6;
  int k_lsb_bits = 4;
  double pq_threshold = 0.1;  // refetch when max prob of a row < threshold
  bool pq_enabled = true;     // false: static (msb+lsb)-bit keys, no refetch
  int v_bits = 8;             // 0 = floating point
  int q_bits = 12;            // 0 = floating point
  std::uint64_t seed = 1;     // drives every random choice (top-k pivots)
  // Explicit per-layer keep ratios; when non-empty they override the schedules and must hold
  // exactly L entries in (0, 1].
  std::vector<double> token_keep_per_layer;
  std::vector<double> head_keep_per_layer;
  // GPT-2 only: number of generation iterations after the summarization pass.
  int generate = 0;
  // Key-selection policy (docs/semantics.md, "KV-cache policies"): "spatten" (the cascade above),
  // or one of the decoder-only KV-cache policies "streaming", "h2o", "tova", "quest", "snapkv",
  // "oracle", which replace cascade token pruning (the token_* fields are then unused).
  std::string policy = "spatten";
  double kv_budget = 0.2;     // KV policies: fraction of the tokens so far whose keys are fetched
  int sink = 4;               // streaming: first tokens always kept (attention sinks)
  double recent_frac = 0.5;   // h2o: share of the budget held by the most recent tokens
  int window = 8;             // snapkv: observation window (last prompt queries that vote)
  int pool_kernel = 5;        // snapkv: width of the average pooling of the votes (odd)
  int page = 16;              // quest: tokens per KV page
};

// The allowed values of RunConfig::policy, "spatten" first.
const std::vector<std::string>& policyNames();
// The name a policy goes by in papers and legends: "SpAtten", "StreamingLLM", "H2O", "TOVA",
// "Quest", "SnapKV", "Oracle"; an unknown name is returned as it is.
std::string policyDisplayName(const std::string& policy);

// Preset names: "dense", "spatten-bert", "spatten-gpt2". Throws Error("<preset>", name, ...)
// for an unknown name.
RunConfig presetConfig(const std::string& name);
std::vector<std::string> presetNames();

// Throws Error(source, field, message) naming the first invalid field and its allowed range.
void validate(const RunConfig& cfg, const std::string& source = "<config>");

// JSON: every field, in a fixed order. fromJson starts from the defaults (or from `base`),
// applies the keys present, rejects unknown keys and wrong types, then validates.
nlohmann::ordered_json toJson(const RunConfig& cfg);
RunConfig configFromJson(const nlohmann::json& j, const std::string& source = "<config>",
                         const RunConfig& base = RunConfig{});
RunConfig loadConfigFile(const std::string& path, const RunConfig& base = RunConfig{});

// Applies one "key=value" override (value as JSON, or a bare string/number, or a comma list for
// the per-layer fields) and validates. Throws Error("--set", key, ...) on bad input.
void applySet(RunConfig& cfg, const std::string& assignment);

}  // namespace spatten::core
