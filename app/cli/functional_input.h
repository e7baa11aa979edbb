#pragma once
// Shared by `run` and `simulate`: loads a model + tokenizer, builds the effective run
// configuration (preset / config file / --set overrides) and performs the functional SpAtten run.

#include <memory>
#include <string>
#include <vector>

#include "core/model/model.h"
#include "core/functional/run_config.h"
#include "core/functional/run_report.h"
#include "core/tokenizer/tokenizer.h"

namespace spatten::cli {

struct FunctionalInput {
  std::string model;             // model directory (HF layout)
  std::string text;              // input text
  std::string config;            // run configuration JSON (optional)
  std::string preset;            // preset name (optional; exclusive with config)
  std::vector<std::string> sets; // run-config overrides key=value
  int generate = -1;             // overrides the config's generate when >= 0
};

struct FunctionalRun {
  std::unique_ptr<core::Model> model;
  std::unique_ptr<core::Tokenizer> tokenizer;
  std::vector<core::Token> tokens;
  core::RunConfig config;
  core::RunReport report;
  std::string modelName;  // directory name, used in reports and workload CSVs
};

// Throws core::Error naming the option or file on bad input.
FunctionalRun runFunctional(const FunctionalInput& in, bool recordAttention);

// The effective run configuration of `in` (preset / config file / --set / --generate), also used
// by `sweep`.
core::RunConfig effectiveConfig(const FunctionalInput& in, core::Family family);

}  // namespace spatten::cli
