#pragma once
// The policy comparison behind `spatten-cli compare` (docs/policies.md): SpAtten's cascade and the
// KV-cache policies at equal KV budget on held-out text. The text's tokens are cut into
// consecutive windows of `windowTokens` (within the model's context); in each window the first
// `promptTokens` are the prompt and the rest are fed as teacher-forced generation steps, the same
// tokens for the dense float model and for every policy. Per (policy, budget) it reports
// fidelity over every generation step of every window, the keys actually fetched, DRAM bytes by
// kind and stage, and the cycles and energy of the request streams through core::Simulator.
// Thread: reads the model only; runs on the calling thread.

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/model/model.h"
#include "core/sim/hw_config.h"
#include "core/functional/run_config.h"
#include "core/functional/run_result.h"

namespace spatten::core {

struct CompareOptions {
  std::vector<std::string> policies;  // names of policyNames()
  std::vector<double> budgets;        // kv_budget values in (0, 1]
  RunConfig base;                     // numerics and orthogonal switches shared by every row
  int windowTokens = 256;             // tokens per window (prompt + generation), <= context
  int promptTokens = 224;             // GPT-2: prompt tokens per window
  int maxWindows = 64;                // 0 = every whole window of the text
  bool simulate = true;               // run the request streams through core::Simulator
  HwConfig hw;                        // hardware of the simulations
  std::uint64_t seed = 1;
  int bertCls = -1, bertSep = -1;  // BERT: the [CLS] and [SEP] ids framing each window
};

struct StageFigures {
  DramBytes dram;  // functional DRAM bytes (docs/semantics.md rules)
  std::uint64_t requests = 0;
  std::uint64_t cycles = 0;  // simulated, summed over windows (0 without simulation)
  double energyUj = 0.0;     // simulated energy, summed over windows
};

struct CompareRow {
  std::string policy;  // "dense" for the reference row
  double budget = 1.0;
  RunConfig config;  // the configuration of the first window's run
  // GPT-2: over every generation step of every window.
  int steps = 0;
  double top1Agreement = 0.0, meanKl = 0.0;
  // BERT: mean over windows.
  double clsCosine = 0.0, mlmAgreement = 0.0;
  double keyFraction = 0.0;  // keys fetched / tokens so far, over generation requests
  StageFigures summarization, generation;
};

struct CompareResult {
  Family family = Family::Gpt2;
  int textTokens = 0, windows = 0, windowTokens = 0, promptTokens = 0;
  CompareRow dense;              // base numerics, nothing pruned (every budget 1)
  std::vector<CompareRow> rows;  // policy-major, then budget
};

// `textIds`: the tokenized held-out text (no special tokens). Throws Error naming the option
// ("--policies", "--budget", "--window", "--prompt", "--text-file") on bad input, e.g. a decoder-
// only policy with a BERT model or a text shorter than one window. `progress` (optional) gets one
// line per finished row.
CompareResult comparePolicies(const Model& model, const std::vector<int>& textIds,
                              const CompareOptions& options,
                              const std::function<void(const std::string&)>& progress = {});

// The `spatten-cli compare` JSON document (docs/cli.md, "compare"); floats rounded to 7
// significant digits so it is byte-identical for the same inputs.
nlohmann::ordered_json compareToJson(const CompareResult& result, const CompareOptions& options);

}  // namespace spatten::core
