#pragma once
// Writes a GPT-2- or BERT-shaped model directory (config.json + model.safetensors, Hugging Face
// layout) with deterministic pseudo-random weights in F32, F16 or BF16, tensor by tensor through a
// small buffer: the writer never holds the file in memory, so a process can write a real-size
// checkpoint and then measure how much memory loading it takes. Used by tst_model_mmap,
// tst_gui_real_size, bench/model/bench_load and bench/gui/bench_gui_update. Header-only; nothing
// here is committed data.

#include <algorithm>
#include <bit>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

namespace model_test {

enum class CkptDType { F32, F16, BF16 };

inline const char* ckptDTypeName(CkptDType dt) {
  return dt == CkptDType::F32 ? "F32" : dt == CkptDType::F16 ? "F16" : "BF16";
}

struct Gpt2Shape {  // defaults: GPT-2 small (124 M parameters)
  int layers = 12, heads = 12, d = 768, vocab = 50257, positions = 1024;
};

struct CkptTensor {
  std::string name;
  std::vector<std::int64_t> shape;
  float scale = 0.02f, offset = 0.0f;  // values uniform in offset +- scale
  std::int64_t numel() const {
    std::int64_t n = 1;
    for (auto s : shape) n *= s;
    return n;
  }
};

struct BertShape {  // defaults: BERT base uncased (110 M parameters)
  int layers = 12, heads = 12, d = 768, ffn = 3072, vocab = 30522, positions = 512, types = 2;
};

inline std::vector<CkptTensor> gpt2Tensors(const Gpt2Shape& s) {
  const std::int64_t d = s.d, f = 4 * s.d;
  std::vector<CkptTensor> t{{"wte.weight", {s.vocab, d}}, {"wpe.weight", {s.positions, d}, 0.01f}};
  for (int l = 0; l < s.layers; ++l) {
    const std::string b = "h." + std::to_string(l) + ".";
    t.push_back({b + "ln_1.weight", {d}, 0.1f, 1.0f});
    t.push_back({b + "ln_1.bias", {d}, 0.1f});
    t.push_back({b + "attn.c_attn.weight", {d, 3 * d}});
    t.push_back({b + "attn.c_attn.bias", {3 * d}, 0.01f});
    t.push_back({b + "attn.c_proj.weight", {d, d}});
    t.push_back({b + "attn.c_proj.bias", {d}, 0.01f});
    t.push_back({b + "ln_2.weight", {d}, 0.1f, 1.0f});
    t.push_back({b + "ln_2.bias", {d}, 0.1f});
    t.push_back({b + "mlp.c_fc.weight", {d, f}});
    t.push_back({b + "mlp.c_fc.bias", {f}, 0.01f});
    t.push_back({b + "mlp.c_proj.weight", {f, d}});
    t.push_back({b + "mlp.c_proj.bias", {d}, 0.01f});
  }
  t.push_back({"ln_f.weight", {d}, 0.1f, 1.0f});
  t.push_back({"ln_f.bias", {d}, 0.1f});
  return t;
}

// The names and shapes of Hugging Face BertForMaskedLM ("bert." prefix, tied decoder).
inline std::vector<CkptTensor> bertTensors(const BertShape& s) {
  const std::int64_t d = s.d, f = s.ffn;
  const std::string e = "bert.embeddings.";
  std::vector<CkptTensor> t{{e + "word_embeddings.weight", {s.vocab, d}},
                            {e + "position_embeddings.weight", {s.positions, d}, 0.01f},
                            {e + "token_type_embeddings.weight", {s.types, d}, 0.01f},
                            {e + "LayerNorm.weight", {d}, 0.1f, 1.0f},
                            {e + "LayerNorm.bias", {d}, 0.1f}};
  auto linear = [&t](const std::string& b, std::int64_t in, std::int64_t out) {
    t.push_back({b + ".weight", {out, in}});  // nn.Linear: [out, in]
    t.push_back({b + ".bias", {out}, 0.01f});
  };
  auto norm = [&t, d](const std::string& b) {
    t.push_back({b + ".weight", {d}, 0.1f, 1.0f});
    t.push_back({b + ".bias", {d}, 0.1f});
  };
  for (int l = 0; l < s.layers; ++l) {
    const std::string b = "bert.encoder.layer." + std::to_string(l) + ".";
    linear(b + "attention.self.query", d, d);
    linear(b + "attention.self.key", d, d);
    linear(b + "attention.self.value", d, d);
    linear(b + "attention.output.dense", d, d);
    norm(b + "attention.output.LayerNorm");
    linear(b + "intermediate.dense", d, f);
    linear(b + "output.dense", f, d);
    norm(b + "output.LayerNorm");
  }
  linear("cls.predictions.transform.dense", d, d);
  norm("cls.predictions.transform.LayerNorm");
  t.push_back({"cls.predictions.bias", {s.vocab}, 0.01f});
  return t;
}

// float -> binary16, round to nearest even for normals; tiny values flush to signed zero (the
// writer only needs valid, deterministic F16 data, not a general converter).
inline std::uint16_t floatToHalf(float v) {
  const std::uint32_t b = std::bit_cast<std::uint32_t>(v);
  const std::uint32_t sign = (b >> 16) & 0x8000u;
  const int exp = static_cast<int>((b >> 23) & 0xffu) - 127 + 15;
  if (exp <= 0) return static_cast<std::uint16_t>(sign);
  std::uint32_t mant = b & 0x7fffffu;
  std::uint32_t h = (static_cast<std::uint32_t>(exp) << 10) | (mant >> 13);
  const std::uint32_t rest = mant & 0x1fffu;
  if (rest > 0x1000u || (rest == 0x1000u && (h & 1u))) ++h;
  return static_cast<std::uint16_t>(sign | h);
}

// Writes dir/config.json (`cfg`) and dir/model.safetensors (`tensors`, values from `seed`);
// returns the safetensors file size.
inline std::uintmax_t writeCheckpoint(const std::filesystem::path& dir, const nlohmann::json& cfg,
                                      const std::vector<CkptTensor>& tensors, CkptDType dt,
                                      std::uint64_t seed) {
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "config.json") << cfg.dump(1);
  const std::size_t item = dt == CkptDType::F32 ? 4 : 2;
  nlohmann::json header = nlohmann::json::object();
  std::uint64_t offset = 0;
  for (const CkptTensor& t : tensors) {
    const std::uint64_t bytes = static_cast<std::uint64_t>(t.numel()) * item;
    header[t.name] = {{"dtype", ckptDTypeName(dt)},
                      {"shape", t.shape},
                      {"data_offsets", {offset, offset + bytes}}};
    offset += bytes;
  }
  std::string text = header.dump();
  while ((8 + text.size()) % 64 != 0) text += ' ';  // data section 64-byte aligned
  std::ofstream out(dir / "model.safetensors", std::ios::binary | std::ios::trunc);
  std::string len(8, '\0');
  for (int i = 0; i < 8; ++i)
    len[static_cast<std::size_t>(i)] = static_cast<char>((text.size() >> (8 * i)) & 0xff);
  out << len << text;
  std::uint64_t state = seed;
  std::vector<char> buf;
  constexpr std::size_t kChunk = std::size_t{1} << 20;  // values per write
  for (const CkptTensor& t : tensors) {
    for (auto left = static_cast<std::size_t>(t.numel()); left > 0;) {
      const std::size_t n = std::min(left, kChunk);
      left -= n;
      buf.resize(n * item);
      for (std::size_t i = 0; i < n; ++i) {
        state += 0x9e3779b97f4a7c15ull;  // splitmix64
        std::uint64_t z = state;
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
        z ^= z >> 31;
        const float u = static_cast<float>(static_cast<double>(z >> 11) * 0x1.0p-53 * 2.0 - 1.0);
        const float v = t.offset + t.scale * u;
        if (dt == CkptDType::F32) {
          const std::uint32_t b = std::bit_cast<std::uint32_t>(v);
          for (int k = 0; k < 4; ++k)
            buf[i * 4 + static_cast<std::size_t>(k)] = static_cast<char>(b >> (8 * k));
        } else {
          const std::uint16_t h =
              dt == CkptDType::F16
                  ? floatToHalf(v)
                  : static_cast<std::uint16_t>(std::bit_cast<std::uint32_t>(v) >> 16);
          buf[i * 2] = static_cast<char>(h & 0xff);
          buf[i * 2 + 1] = static_cast<char>(h >> 8);
        }
      }
      out.write(buf.data(), static_cast<std::streamsize>(buf.size()));
    }
  }
  out.close();
  return std::filesystem::file_size(dir / "model.safetensors");
}

// GPT-2 (Hugging Face GPT2LMHeadModel names without the "transformer." prefix, tied LM head).
inline std::uintmax_t writeGpt2Checkpoint(const std::filesystem::path& dir, const Gpt2Shape& s,
                                          CkptDType dt, std::uint64_t seed = 1) {
  const nlohmann::json cfg = {{"model_type", "gpt2"},
                              {"n_layer", s.layers},
                              {"n_head", s.heads},
                              {"n_embd", s.d},
                              {"n_positions", s.positions},
                              {"vocab_size", s.vocab},
                              {"activation_function", "gelu_new"},
                              {"layer_norm_epsilon", 1e-5}};
  return writeCheckpoint(dir, cfg, gpt2Tensors(s), dt, seed);
}

inline std::uintmax_t writeBertCheckpoint(const std::filesystem::path& dir, const BertShape& s,
                                          CkptDType dt, std::uint64_t seed = 1) {
  const nlohmann::json cfg = {
      {"model_type", "bert"},           {"num_hidden_layers", s.layers},
      {"num_attention_heads", s.heads}, {"hidden_size", s.d},
      {"intermediate_size", s.ffn},     {"max_position_embeddings", s.positions},
      {"vocab_size", s.vocab},          {"type_vocab_size", s.types},
      {"hidden_act", "gelu"},           {"layer_norm_eps", 1e-12}};
  return writeCheckpoint(dir, cfg, bertTensors(s), dt, seed);
}

// Copies the tokenizer files (everything but config.json, the weights and the model card) of a
// model directory, e.g. a bundled sample, so that `dir` opens as a complete model folder. The
// sample's vocabulary must fit the written vocab_size (ids are checked against it).
inline void copyTokenizer(const std::filesystem::path& from, const std::filesystem::path& dir) {
  for (const auto& e : std::filesystem::directory_iterator(from)) {
    const std::string n = e.path().filename().string();
    if (n == "vocab.json" || n == "merges.txt" || n == "vocab.txt" || n == "tokenizer.json" ||
        n == "tokenizer_config.json" || n == "special_tokens_map.json")
      std::filesystem::copy_file(e.path(), dir / n,
                                 std::filesystem::copy_options::overwrite_existing);
  }
}

}  // namespace model_test
