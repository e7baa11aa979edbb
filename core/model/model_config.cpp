#include "core/model/model_config.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "core/util/error.h"
#include "core/util/file_read.h"
#include "core/util/json_read.h"
#include "core/util/message_text.h"

namespace spatten::core {
namespace {

const nlohmann::json& field(const nlohmann::json& j, const std::string& file, const char* name) {
  if (!j.contains(name)) throw Error(file, name, "missing");
  return j[name];
}

// Upper bounds of the integer fields (docs/reliability.md, "Limits"): generous for real models
// (GPT-3: n_embd 12288, 96 layers; Llama 3: 128k vocabulary, 131k positions) and small enough
// that products such as 4 * n_embd, 3 * n_embd or n_embd * vocab_size cannot overflow.
constexpr std::int64_t kMaxLayers = 1024;
constexpr std::int64_t kMaxHeads = 1024;
constexpr std::int64_t kMaxDModel = 65536;
constexpr std::int64_t kMaxFfn = 1 << 20;
constexpr std::int64_t kMaxPositions = 1 << 20;
constexpr std::int64_t kMaxVocab = 1 << 22;
constexpr std::int64_t kMaxTypeVocab = 65536;

int positiveInt(const nlohmann::json& j, const std::string& file, const char* name,
                std::int64_t max) {
  const auto& v = field(j, file, name);
  if (!v.is_number_integer()) throw Error(file, name, "must be an integer, got " + describeJson(v));
  if (v.is_number_unsigned() && v.get<std::uint64_t>() > static_cast<std::uint64_t>(max))
    throw Error(
        file, name,
        fmt::format("{} is larger than the supported maximum {}", v.get<std::uint64_t>(), max));
  const auto x = v.get<std::int64_t>();
  if (x <= 0) throw Error(file, name, fmt::format("must be positive, got {}", x));
  if (x > max)
    throw Error(file, name, fmt::format("{} is larger than the supported maximum {}", x, max));
  return static_cast<int>(x);
}

float positiveFloat(const nlohmann::json& j, const std::string& file, const char* name,
                    float fallback) {
  if (!j.contains(name)) return fallback;
  const auto& v = j[name];
  if (!v.is_number()) throw Error(file, name, "must be a number, got " + describeJson(v));
  const double x = v.get<double>();
  if (!(x > 0.0) || x > 1.0) throw Error(file, name, fmt::format("must be in (0, 1], got {}", x));
  return static_cast<float>(x);
}

Activation activation(const nlohmann::json& j, const std::string& file, const char* name,
                      const char* fallback) {
  std::string s = fallback;
  if (j.contains(name)) {
    if (!j[name].is_string())
      throw Error(file, name, "must be a string, got " + describeJson(j[name]));
    s = j[name].get<std::string>();
  }
  if (s == "gelu_new" || s == "gelu_pytorch_tanh") return Activation::GeluNew;
  if (s == "gelu") return Activation::Gelu;
  if (s == "relu") return Activation::Relu;
  throw Error(file, name,
              fmt::format("unsupported activation {} (gelu_new, gelu, relu)", quoteText(s)));
}

// Rejects a boolean option whose non-default value changes the math we implement.
void requireFlag(const nlohmann::json& j, const std::string& file, const char* name, bool expected) {
  if (!j.contains(name) || j[name].is_null()) return;
  if (!j[name].is_boolean())
    throw Error(file, name, "must be a boolean, got " + describeJson(j[name]));
  if (j[name].get<bool>() != expected)
    throw Error(file, name, fmt::format("{} is not supported", j[name].get<bool>()));
}

void checkHeads(const ModelConfig& c, const std::string& file) {
  if (c.dModel % c.heads != 0)
    throw Error(file, c.dModelField(),
                fmt::format("{}={} is not divisible by {}={}", c.dModelField(), c.dModel,
                            c.headsField(), c.heads));
}

}  // namespace

const char* familyName(Family f) { return f == Family::Gpt2 ? "gpt2" : "bert"; }

const char* ModelConfig::layersField() const {
  return family == Family::Gpt2 ? "n_layer" : "num_hidden_layers";
}
const char* ModelConfig::headsField() const {
  return family == Family::Gpt2 ? "n_head" : "num_attention_heads";
}
const char* ModelConfig::dModelField() const {
  return family == Family::Gpt2 ? "n_embd" : "hidden_size";
}
const char* ModelConfig::ffnField() const {
  return family == Family::Gpt2 ? "n_inner" : "intermediate_size";
}
const char* ModelConfig::positionsField() const {
  return family == Family::Gpt2 ? "n_positions" : "max_position_embeddings";
}

ModelConfig parseModelConfig(const nlohmann::json& j, const std::string& file) {
  if (!j.is_object()) throw Error(file, "json", "must be a JSON object");
  const auto& mt = field(j, file, "model_type");
  if (!mt.is_string()) throw Error(file, "model_type", "must be a string");
  const std::string type = mt.get<std::string>();
  ModelConfig c;
  if (type == "gpt2") {
    c.family = Family::Gpt2;
    c.layers = positiveInt(j, file, "n_layer", kMaxLayers);
    c.heads = positiveInt(j, file, "n_head", kMaxHeads);
    c.dModel = positiveInt(j, file, "n_embd", kMaxDModel);
    c.maxPositions = positiveInt(j, file, "n_positions", kMaxPositions);
    c.vocabSize = positiveInt(j, file, "vocab_size", kMaxVocab);
    c.ffnDim = (!j.contains("n_inner") || j["n_inner"].is_null())
                   ? 4 * c.dModel
                   : positiveInt(j, file, "n_inner", kMaxFfn);
    c.activation = activation(j, file, "activation_function", "gelu_new");
    c.layerNormEps = positiveFloat(j, file, "layer_norm_epsilon", 1e-5f);
    requireFlag(j, file, "scale_attn_weights", true);
    requireFlag(j, file, "scale_attn_by_inverse_layer_idx", false);
  } else if (type == "bert") {
    c.family = Family::Bert;
    c.layers = positiveInt(j, file, "num_hidden_layers", kMaxLayers);
    c.heads = positiveInt(j, file, "num_attention_heads", kMaxHeads);
    c.dModel = positiveInt(j, file, "hidden_size", kMaxDModel);
    c.ffnDim = positiveInt(j, file, "intermediate_size", kMaxFfn);
    c.maxPositions = positiveInt(j, file, "max_position_embeddings", kMaxPositions);
    c.vocabSize = positiveInt(j, file, "vocab_size", kMaxVocab);
    c.typeVocabSize =
        j.contains("type_vocab_size") ? positiveInt(j, file, "type_vocab_size", kMaxTypeVocab) : 2;
    c.activation = activation(j, file, "hidden_act", "gelu");
    c.layerNormEps = positiveFloat(j, file, "layer_norm_eps", 1e-12f);
    if (j.contains("position_embedding_type") &&
        j["position_embedding_type"] != nlohmann::json("absolute"))
      throw Error(file, "position_embedding_type",
                  "only \"absolute\" position embeddings are supported, got " +
                      describeJson(j["position_embedding_type"]));
  } else {
    throw Error(file, "model_type", fmt::format("unsupported {} (gpt2, bert)", quoteText(type)));
  }
  checkHeads(c, file);
  c.headDim = c.dModel / c.heads;
  return c;
}

ModelConfig loadModelConfig(const std::filesystem::path& configJson) {
  // A regular file of at most kConfigFileLimit bytes, depth-bounded JSON (core/util).
  return parseModelConfig(readJsonFile(configJson, kConfigFileLimit), configJson.string());
}

}  // namespace spatten::core
