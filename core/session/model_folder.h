#pragma once
// A model folder (Hugging Face layout: config.json, model.safetensors, tokenizer files) loaded
// with its tokenizer, and a text encoded for it. The one place that does this for spatten-cli
// (run, simulate, infer, sweep, compare), the session exports and the GUI's worker.
// Thread-safe (no shared state).

#include <memory>
#include <string>
#include <vector>

#include "core/model/model.h"
#include "core/tokenizer/tokenizer.h"

namespace spatten::core {

struct ModelFolder {
  std::unique_ptr<Model> model;
  std::unique_ptr<Tokenizer> tokenizer;
  std::string name;  // the folder's name (reports, workload CSVs, sweep rows)
};

// Throws Error naming the file or field: a model or tokenizer that cannot load, or a tokenizer of
// another family than config.json's model_type.
ModelFolder loadModelFolder(const std::string& dir);

// The folder's name: "tiny-gpt2" for "samples/models/tiny-gpt2" and "samples/models/tiny-gpt2/".
std::string modelFolderName(const std::string& dir);

struct EncodedText {
  std::vector<Token> tokens;
  std::vector<int> ids;
  std::vector<int> maskPositions;  // BERT: the positions of [MASK]; GPT-2: none
};
EncodedText encodeText(const Model& model, const Tokenizer& tokenizer, const std::string& text);

// BERT: the positions of [MASK] in `ids` (the MLM fidelity compares those); GPT-2: none.
std::vector<int> maskPositionsOf(const Model& model, const Tokenizer& tokenizer,
                                 const std::vector<int>& ids);

}  // namespace spatten::core
