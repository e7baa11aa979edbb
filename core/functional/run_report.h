#pragma once
// One complete functional SpAtten experiment, as the CLI `run` command and the GUI show it:
// the dense run (float, no pruning; its greedy tokens drive the pruned run by teacher forcing),
// the pruned run, the dense DRAM baseline (the dense run's requests counted with static 12-bit
// Q, K, V) and the fidelity of the pruned run against the dense one.
// Thread: runReport only reads the model. The result is immutable data.

#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/functional/fidelity.h"
#include "core/functional/runner.h"

namespace spatten::core {

struct RunReport {
  RunResult pruned;
  // Never null in a report of runReport(). Shared, not copied: the GUI reuses one dense run for
  // every edit of the same text (292 MB of request records for GPT-2 small at 995 tokens).
  std::shared_ptr<const RunResult> dense;
  DramReport denseBaseline;  // dense requests counted with denseBaselineBits()
  Fidelity fidelity;
};

// maskPositions: BERT [MASK] positions for the MLM agreement (empty = every position).
RunReport runReport(const Model& model, const std::vector<int>& ids, const RunConfig& cfg,
                    const RunOptions& options = {}, const std::vector<int>& maskPositions = {});

struct ReportJsonOptions {
  bool dumpAttention = false;  // include every request's attention row (needs recordAttention)
  std::vector<std::string> tokenTexts;  // optional text per prompt token
  std::string modelName;
};

// The `spatten-cli run` JSON document (docs/cli.md, "run"). Floats are rounded to 7 significant
// digits so the document is byte-identical for the same configuration and seed.
nlohmann::ordered_json reportToJson(const RunReport& report, const ReportJsonOptions& options);

}  // namespace spatten::core
