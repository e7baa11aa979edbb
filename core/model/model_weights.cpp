#include "core/model/model_weights.h"

#include <fmt/format.h>

#include <cmath>
#include <cstring>

#include "core/util/error.h"

namespace spatten::core {
namespace {

class FileSource final : public TensorSource {
public:
  explicit FileSource(SafetensorsFile f)
      : m_file(std::make_shared<const SafetensorsFile>(std::move(f))), m_name(m_file->fileName()) {}
  const std::string& sourceName() const override { return m_name; }
  bool has(const std::string& n) const override { return m_file->contains(n); }
  std::vector<std::string> names() const override { return m_file->names(); }
  FloatTensor get(const std::string& n) const override { return m_file->floats(n); }
  std::shared_ptr<const void> keepAlive() const override { return m_file; }
  void copied(const std::string& n) const override { m_file->dropPages(n); }

private:
  std::shared_ptr<const SafetensorsFile> m_file;  // shared with the weights that view it
  std::string m_name;
};

class MemorySource final : public TensorSource {
public:
  MemorySource(const TensorMap& t, std::string name) : m_tensors(t), m_name(std::move(name)) {}
  const std::string& sourceName() const override { return m_name; }
  bool has(const std::string& n) const override { return m_tensors.count(n) != 0; }
  std::vector<std::string> names() const override {
    std::vector<std::string> out;
    for (const auto& kv : m_tensors) out.push_back(kv.first);
    return out;
  }
  FloatTensor get(const std::string& n) const override {
    const auto it = m_tensors.find(n);
    if (it == m_tensors.end()) throw Error(m_name, n, "missing tensor");
    std::int64_t numel = 1;
    for (auto d : it->second.shape) numel *= d;
    if (numel != static_cast<std::int64_t>(it->second.data.size()))
      throw Error(m_name, n, "data size does not match the shape");
    return FloatTensor(it->second.shape, std::span<const float>(it->second.data));
  }

private:
  const TensorMap& m_tensors;
  std::string m_name;
};

// One expected dimension and the config expression that defines it.
struct Dim {
  std::int64_t value;
  std::string label;
};

class Loader {
public:
  Loader(const ModelConfig& c, const TensorSource& s) : m_cfg(c), m_src(s) {}

  void setPrefix(std::string p) { m_prefix = std::move(p); }
  bool has(const std::string& n) const { return m_src.has(n); }
  // Name with the family prefix ("transformer." / "bert.") if the file uses one.
  std::string p(const std::string& n) const { return m_prefix + n; }

  FloatTensor tensor(const std::string& name, const std::vector<Dim>& dims) const {
    FloatTensor t = m_src.get(name);
    bool ok = t.shape().size() == dims.size();
    for (std::size_t i = 0; ok && i < dims.size(); ++i) ok = t.shape()[i] == dims[i].value;
    if (!ok) {
      std::vector<std::string> want;
      for (const auto& d : dims) want.push_back(fmt::format("{}={}", d.label, d.value));
      throw Error(m_src.sourceName(), name,
                  fmt::format("shape [{}] disagrees with config.json (expected [{}])",
                              fmt::join(t.shape(), ", "), fmt::join(want, ", ")));
    }
    requireFinite(name, t);
    return t;
  }

  // NaN/Inf weights would run "successfully" into null attention and logits: an error naming
  // the tensor and the first bad element instead.
  void requireFinite(const std::string& name, const FloatTensor& t) const {
    const float* d = t.data();
    // Fast pass (vectorised): a float is non-finite iff its exponent bits are all ones.
    std::uint32_t bad = 0;
    for (std::size_t i = 0; i < t.size(); ++i) {
      std::uint32_t bits;
      std::memcpy(&bits, d + i, sizeof bits);
      bad |= static_cast<std::uint32_t>((bits & 0x7f800000u) == 0x7f800000u);
    }
    if (bad == 0) return;
    for (std::size_t i = 0; i < t.size(); ++i) {
      if (std::isfinite(d[i])) continue;
      std::vector<std::int64_t> index(t.shape().size());
      std::size_t rest = i;
      for (std::size_t k = index.size(); k-- > 0;) {
        const auto dim = static_cast<std::size_t>(t.shape()[k]);
        index[k] = static_cast<std::int64_t>(rest % dim);
        rest /= dim;
      }
      throw Error(m_src.sourceName(), name,
                  fmt::format("element [{}] is {}; weights must be finite", fmt::join(index, ", "),
                              std::isnan(d[i]) ? "NaN"
                              : d[i] > 0       ? "+Inf"
                                               : "-Inf"));
    }
  }

  // [rows x cols] as stored, or transposed when `transpose` (nn.Linear [out, in] -> [in x out]).
  // One copy at most: F32 in a mapped file is used in place; a converted (F16/BF16) tensor is
  // kept as converted; a transposed or memory-held one is copied. The mapped pages a copy was
  // made from leave the resident set (never two copies of a tensor in memory).
  WeightMatrix matrix(const std::string& name, const Dim& rows, const Dim& cols,
                      bool transpose = false) const {
    FloatTensor t = tensor(name, {rows, cols});
    const Eigen::Map<const RowMatrix> m(t.data(), rows.value, cols.value);
    if (transpose) {
      WeightMatrix w(RowMatrix(m.transpose()));
      m_src.copied(name);
      return w;
    }
    if (t.isView()) {
      if (auto keep = m_src.keepAlive())
        return WeightMatrix(t.data(), rows.value, cols.value, keep);
      return WeightMatrix(RowMatrix(m));
    }
    m_src.copied(name);
    return WeightMatrix(t.data(), rows.value, cols.value, t.storage());
  }

  RowVector vector(const std::string& name, const Dim& n) const {
    const FloatTensor t = tensor(name, {n});
    return Eigen::Map<const RowVector>(t.data(), n.value);
  }

  // LayerNorm with either weight/bias or the old gamma/beta names.
  LayerNormWeights layerNorm(const std::string& base, const Dim& d) const {
    const bool old = !has(base + ".weight") && has(base + ".gamma");
    return {vector(base + (old ? ".gamma" : ".weight"), d),
            vector(base + (old ? ".beta" : ".bias"), d)};
  }

  LinearWeights conv1d(const std::string& base, const Dim& in, const Dim& out) const {
    return {matrix(base + ".weight", in, out), vector(base + ".bias", out)};
  }
  LinearWeights linear(const std::string& base, const Dim& in, const Dim& out) const {
    return {matrix(base + ".weight", out, in, true), vector(base + ".bias", out)};
  }

  const ModelConfig& cfg() const { return m_cfg; }

  // Weights of more layers than the config has would be ignored silently (a config with
  // n_layer 2 next to 4 layers of weights runs a different model than the file holds).
  void requireNoExtraLayers(const std::string& layerPrefix) const {
    const std::string prefix = m_prefix + layerPrefix;
    for (const std::string& name : m_src.names()) {
      if (name.compare(0, prefix.size(), prefix) != 0) continue;
      std::size_t pos = prefix.size();
      long long layer = 0;
      std::size_t digits = 0;
      for (; pos < name.size() && name[pos] >= '0' && name[pos] <= '9' && digits < 10; ++pos) {
        layer = layer * 10 + (name[pos] - '0');
        ++digits;
      }
      if (digits == 0 || pos >= name.size() || name[pos] != '.') continue;
      if (layer >= m_cfg.layers)
        throw Error(m_src.sourceName(), name,
                    fmt::format("belongs to layer {} but config.json has {}={} (the weights hold "
                                "more layers than the config)",
                                layer, m_cfg.layersField(), m_cfg.layers));
    }
  }

private:
  const ModelConfig& m_cfg;
  const TensorSource& m_src;
  std::string m_prefix;
};

ModelWeights loadGpt2(Loader& L) {
  const ModelConfig& c = L.cfg();
  if (L.has("transformer.wte.weight")) L.setPrefix("transformer.");
  const Dim d{c.dModel, "n_embd"}, d3{3 * c.dModel, "3*n_embd"}, f{c.ffnDim, "n_inner"};
  const Dim v{c.vocabSize, "vocab_size"}, pos{c.maxPositions, "n_positions"};
  ModelWeights w;
  w.tokenEmb = L.matrix(L.p("wte.weight"), v, d);
  w.posEmb = L.matrix(L.p("wpe.weight"), pos, d);
  for (int l = 0; l < c.layers; ++l) {
    const std::string b = L.p(fmt::format("h.{}.", l));
    LayerWeights lw;
    lw.ln1 = L.layerNorm(b + "ln_1", d);
    lw.qkv = L.conv1d(b + "attn.c_attn", d, d3);
    lw.attnOut = L.conv1d(b + "attn.c_proj", d, d);
    lw.ln2 = L.layerNorm(b + "ln_2", d);
    lw.fc = L.conv1d(b + "mlp.c_fc", d, f);
    lw.proj = L.conv1d(b + "mlp.c_proj", f, d);
    w.layers.push_back(std::move(lw));
  }
  L.requireNoExtraLayers("h.");
  w.lnF = L.layerNorm(L.p("ln_f"), d);
  w.hasLmHead = true;
  w.lmTied = !L.has("lm_head.weight");
  if (!w.lmTied) w.lmHead = L.matrix("lm_head.weight", v, d);
  return w;
}

ModelWeights loadBert(Loader& L) {
  const ModelConfig& c = L.cfg();
  if (L.has("bert.embeddings.word_embeddings.weight")) L.setPrefix("bert.");
  const Dim d{c.dModel, "hidden_size"}, f{c.ffnDim, "intermediate_size"};
  const Dim v{c.vocabSize, "vocab_size"}, pos{c.maxPositions, "max_position_embeddings"};
  const Dim types{c.typeVocabSize, "type_vocab_size"};
  ModelWeights w;
  w.tokenEmb = L.matrix(L.p("embeddings.word_embeddings.weight"), v, d);
  w.posEmb = L.matrix(L.p("embeddings.position_embeddings.weight"), pos, d);
  w.typeEmb0 = L.matrix(L.p("embeddings.token_type_embeddings.weight"), types, d).row(0);
  w.embLn = L.layerNorm(L.p("embeddings.LayerNorm"), d);
  for (int l = 0; l < c.layers; ++l) {
    const std::string b = L.p(fmt::format("encoder.layer.{}.", l));
    LayerWeights lw;
    const LinearWeights q = L.linear(b + "attention.self.query", d, d);
    const LinearWeights k = L.linear(b + "attention.self.key", d, d);
    const LinearWeights val = L.linear(b + "attention.self.value", d, d);
    RowMatrix qkv(c.dModel, 3 * c.dModel);
    qkv << q.w, k.w, val.w;
    lw.qkv.w = WeightMatrix(std::move(qkv));
    lw.qkv.b.resize(3 * c.dModel);
    lw.qkv.b << q.b, k.b, val.b;
    lw.attnOut = L.linear(b + "attention.output.dense", d, d);
    lw.ln1 = L.layerNorm(b + "attention.output.LayerNorm", d);
    lw.fc = L.linear(b + "intermediate.dense", d, f);
    lw.proj = L.linear(b + "output.dense", f, d);
    lw.ln2 = L.layerNorm(b + "output.LayerNorm", d);
    w.layers.push_back(std::move(lw));
  }
  L.requireNoExtraLayers("encoder.layer.");
  w.hasLmHead = L.has("cls.predictions.transform.dense.weight");
  if (w.hasLmHead) {
    w.mlmDense = L.linear("cls.predictions.transform.dense", d, d);
    w.mlmLn = L.layerNorm("cls.predictions.transform.LayerNorm", d);
    w.lmTied = !L.has("cls.predictions.decoder.weight");
    if (!w.lmTied) w.lmHead = L.matrix("cls.predictions.decoder.weight", v, d);
    const bool decoderBias = !L.has("cls.predictions.bias") && L.has("cls.predictions.decoder.bias");
    w.lmBias = L.vector(decoderBias ? "cls.predictions.decoder.bias" : "cls.predictions.bias", v);
  }
  return w;
}

}  // namespace

std::unique_ptr<TensorSource> makeFileSource(SafetensorsFile file) {
  return std::make_unique<FileSource>(std::move(file));
}

std::unique_ptr<TensorSource> makeMemorySource(const TensorMap& tensors, std::string sourceName) {
  return std::make_unique<MemorySource>(tensors, std::move(sourceName));
}

ModelWeights loadWeights(const ModelConfig& cfg, const TensorSource& src) {
  Loader loader(cfg, src);
  return cfg.family == Family::Gpt2 ? loadGpt2(loader) : loadBert(loader);
}

}  // namespace spatten::core
