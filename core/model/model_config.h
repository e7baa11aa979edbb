#pragma once
// Hugging Face config.json for the two supported families, validated.
// Contract: parse errors throw Error(file, field, message) naming the config field.

#include <filesystem>
#include <string>

#include <nlohmann/json_fwd.hpp>

namespace spatten::core {

enum class Family { Gpt2, Bert };
enum class Activation { GeluNew, Gelu, Relu };

const char* familyName(Family f);  // "gpt2" / "bert"

struct ModelConfig {
  Family family = Family::Gpt2;
  int layers = 0;        // n_layer / num_hidden_layers
  int heads = 0;         // n_head / num_attention_heads
  int dModel = 0;        // n_embd / hidden_size
  int headDim = 0;       // dModel / heads
  int ffnDim = 0;        // n_inner (null: 4 * n_embd) / intermediate_size
  int maxPositions = 0;  // n_positions / max_position_embeddings
  int vocabSize = 0;
  int typeVocabSize = 0;  // BERT only (0 for GPT-2)
  Activation activation = Activation::GeluNew;
  float layerNormEps = 1e-5f;

  // Config field names as written in config.json, for error messages.
  const char* layersField() const;
  const char* headsField() const;
  const char* dModelField() const;
  const char* ffnField() const;
  const char* positionsField() const;
};

// `file` is used in error messages only.
ModelConfig parseModelConfig(const nlohmann::json& j, const std::string& file);
ModelConfig loadModelConfig(const std::filesystem::path& configJson);

}  // namespace spatten::core
