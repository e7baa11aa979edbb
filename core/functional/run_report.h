#pragma once
// One complete functional SpAtten experiment, as the CLI `run` command and the GUI show it:
// the dense run (float, no pruning; its greedy tokens drive the pruned run by teacher forcing),
// the pruned run, the dense DRAM baseline (the dense run's requests counted with static 12-bit
// Q, K, V) and the fidelity of the pruned run against the dense one.
// Thread: runReport only reads the model. The result is immutable data.

#include <memory>
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <vector>

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
  std::vector<std::string> tokenTexts;  // optional text per prompt token
  std::string modelName;
};

// The `spatten-cli run` JSON document (docs/cli.md, "run"). Floats are rounded to 7 significant
// digits so the document is byte-identical for the same configuration and seed.
nlohmann::ordered_json reportToJson(const RunReport& report, const ReportJsonOptions& options);

// Writes the `spatten-cli run` file: `doc` (reportToJson's document and what the caller adds to
// it) as nlohmann::json's compact dump (keys sorted) and a newline, byte-identical for the same
// configuration and seed. With `attention`, every request of `pruned` (needs
// RunOptions::recordAttention: its keys, kept values and used probabilities, 7 significant
// digits) is the "attention" array, streamed into `os` one request at a time rather than built
// as a json value (546 MB of text for GPT-2 small at 995 tokens).
void writeRunJson(std::ostream& os, const nlohmann::ordered_json& doc, const RunResult& pruned,
                  bool attention);

}  // namespace spatten::core
