#pragma once
// A functional SpAtten run of a model folder on a text: model + tokenizer loaded and checked
// against each other, the text tokenized, BERT [MASK] positions found, runReport. Shared by
// spatten-cli (run, simulate) and the session exports. Thread-safe (no shared state).

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/functional/run_config.h"
#include "core/functional/run_report.h"
#include "core/model/model.h"
#include "core/tokenizer/tokenizer.h"

namespace spatten::core {

struct TextRun {
  std::unique_ptr<Model> model;
  std::unique_ptr<Tokenizer> tokenizer;
  std::vector<Token> tokens;
  RunConfig config;  // as returned by the caller's configFor
  RunReport report;
  std::string modelName;  // the folder's name (reports, workload CSVs)
};

// Throws Error naming the file or field (a model that cannot load, a tokenizer of another
// family, a configuration the model refuses). `configFor` gives the run configuration once the
// model's family is known (its errors propagate); `inputName` names the text in errors.
TextRun runOnText(const std::string& modelDir, const std::string& text,
                  const std::function<RunConfig(Family)>& configFor, bool recordAttention,
                  const std::string& inputName = "--text");

}  // namespace spatten::core
