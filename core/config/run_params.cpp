// The run parameter table: every field of RunConfig (docs/semantics.md names), with its range and
// how people see it. Defaults live in RunConfig's member initialisers; presets in presets.cpp.
#include "core/config/registry.h"

namespace spatten::core {
namespace {

using Row = ParamTable<RunConfig>::Row;

Row row(const char* key, ParamTable<RunConfig>::Member m, ParamType type, double min, double max,
        const char* label, const char* group, const char* help, bool featured, double step,
        bool minExclusive = false, bool zeroAllowed = false, const char* unit = "") {
  Row r;
  r.path = key;
  r.member = m;
  r.spec.type = type;
  r.spec.min = min;
  r.spec.max = max;
  r.spec.minExclusive = minExclusive;
  r.spec.zeroAllowed = zeroAllowed;
  r.spec.label = label;
  r.spec.group = group;
  r.spec.help = help;
  r.spec.featured = featured;
  r.spec.step = step;
  r.spec.unit = unit;
  r.spec.source = "docs/semantics.md";
  return r;
}

std::vector<Row> runRows() {
  constexpr ParamType I = ParamType::Int, R = ParamType::Real, B = ParamType::Bool,
                      L = ParamType::RealList;
  using C = RunConfig;
  const char* tok = "Cascade token pruning";
  const char* head = "Cascade head pruning";
  const char* val = "Local value pruning";
  const char* pq = "Progressive quantization";
  return {
      row("token_keep_start", &C::token_keep_start, R, 0, 1, "Token keep (first pruned layer)", tok,
          "Fraction of tokens kept at the first layer that prunes tokens", true, 0.01, true),
      row("token_keep_end", &C::token_keep_end, R, 0, 1, "Token keep (last layer)", tok,
          "Fraction of tokens kept at the last layer", true, 0.01, true),
      row("token_skip_frac", &C::token_skip_frac, R, 0, 1, "Token skip fraction", tok,
          "The first ceil(frac * L) layers keep every token", true, 0.01),
      row("head_keep_start", &C::head_keep_start, R, 0, 1, "Head keep (first pruned layer)", head,
          "Fraction of heads kept at the first layer that prunes heads", true, 0.01, true),
      row("head_keep_end", &C::head_keep_end, R, 0, 1, "Head keep (last layer)", head,
          "Fraction of heads kept at the last layer", true, 0.01, true),
      row("head_skip_frac", &C::head_skip_frac, R, 0, 1, "Head skip fraction", head,
          "The first ceil(frac * L) layers keep every head", true, 0.01),
      row("value_keep", &C::value_keep, R, 0, 1, "Local value keep", val,
          "Per query, the fraction of values (highest probabilities) fetched", true, 0.01, true),
      row("protect_first", &C::protect_first, I, 0, 1 << 20, "Protected first tokens", tok,
          "The first N tokens are never pruned (attention sinks)", true, 1, false, false, "tokens"),
      row("k_msb_bits", &C::k_msb_bits, I, 1, 16, "K MSB bits", pq,
          "Key bits fetched first (0 = floating-point keys)", true, 1, false, true, "bits"),
      row("k_lsb_bits", &C::k_lsb_bits, I, 0, 8, "K LSB bits", pq, "Key bits fetched on a refetch",
          true, 1, false, false, "bits"),
      row("pq_threshold", &C::pq_threshold, R, 0, 1, "Requant threshold", pq,
          "A query row whose max probability is below this refetches the key LSBs", true, 0.01),
      row("pq_enabled", &C::pq_enabled, B, 0, 1, "Progressive quantization", pq,
          "Fetch MSBs first and refetch LSBs for flat distributions", true, 1),
      row("v_bits", &C::v_bits, I, 2, 16, "V bits", pq, "Value bits (0 = floating point)", true, 1,
          false, true, "bits"),
      row("q_bits", &C::q_bits, I, 2, 16, "Q bits", pq, "Query bits (0 = floating point)", true, 1,
          false, true, "bits"),
      row("seed", &C::seed, I, 0, 9007199254740992.0, "Seed", "Run",
          "Drives every random choice (top-k pivots)", true, 1),
      row("token_keep_per_layer", &C::token_keep_per_layer, L, 0, 1, "Token keep per layer", tok,
          "Explicit keep ratio per layer (overrides the schedule; exactly L entries)", false, 0.01,
          true),
      row("head_keep_per_layer", &C::head_keep_per_layer, L, 0, 1, "Head keep per layer", head,
          "Explicit keep ratio per layer (overrides the schedule; exactly L entries)", false, 0.01,
          true),
      row("generate", &C::generate, I, 0, 4096, "Generated tokens", "Run",
          "GPT-2 only: generation iterations after the summarization pass", false, 1, false, false,
          "tokens"),
  };
}

}  // namespace

const ParamTable<RunConfig>& runParams() {
  static const ParamTable<RunConfig> table("", runRows());
  return table;
}

}  // namespace spatten::core
