#include "core/model/model.h"

#include <fmt/format.h>

#include <cmath>
#include <limits>

#include "core/model/ops.h"
#include "core/model/safetensors.h"
#include "core/util/error.h"

namespace spatten::core {

Model::Model(ModelConfig cfg, ModelWeights w, std::filesystem::path dir)
    : m_cfg(cfg), m_w(std::move(w)), m_dir(std::move(dir)) {}

std::unique_ptr<Model> Model::load(const std::filesystem::path& dir) {
  if (!std::filesystem::is_directory(dir))
    throw Error(dir.string(), "", "model directory does not exist");
  const ModelConfig cfg = loadModelConfig(dir / "config.json");
  const auto weightsPath = dir / "model.safetensors";
  if (!std::filesystem::exists(weightsPath))
    throw Error(weightsPath.string(), "", "missing (only model.safetensors is supported)");
  auto src = makeFileSource(SafetensorsFile::open(weightsPath));
  return std::unique_ptr<Model>(new Model(cfg, loadWeights(cfg, *src), dir));
}

std::unique_ptr<Model> Model::fromTensors(const ModelConfig& cfg, const TensorMap& tensors,
                                          const std::string& sourceName) {
  auto src = makeMemorySource(tensors, sourceName);
  return std::unique_ptr<Model>(new Model(cfg, loadWeights(cfg, *src), {}));
}

void Model::checkIds(const std::vector<int>& ids, const std::string& inputName) const {
  if (ids.empty()) throw Error("", inputName, "no tokens: the input is empty");
  if (ids.size() > static_cast<std::size_t>(m_cfg.maxPositions))
    throw Error("", inputName,
                fmt::format("{} tokens exceed the model's context of {} ({})", ids.size(),
                            m_cfg.maxPositions, m_cfg.positionsField()));
  for (std::size_t i = 0; i < ids.size(); ++i)
    if (ids[i] < 0 || ids[i] >= m_cfg.vocabSize)
      throw Error("", inputName,
                  fmt::format("token {} has id {} outside the vocabulary [0, {}) (vocab_size)", i,
                              ids[i], m_cfg.vocabSize));
}

void Model::checkLayer(int layer) const {
  if (layer < 0 || layer >= m_cfg.layers)
    throw Error("", "layer", fmt::format("{} out of range [0, {})", layer, m_cfg.layers));
}

RowMatrix Model::embed(const std::vector<int>& ids, const std::vector<int>& positions) const {
  if (ids.size() != positions.size()) throw Error("", "positions", "must have one entry per id");
  const Eigen::Index n = static_cast<Eigen::Index>(ids.size());
  RowMatrix x(n, m_cfg.dModel);
  for (Eigen::Index i = 0; i < n; ++i) {
    const int id = ids[static_cast<std::size_t>(i)];
    const int pos = positions[static_cast<std::size_t>(i)];
    if (id < 0 || id >= m_cfg.vocabSize)
      throw Error("", "ids",
                  fmt::format("id {} outside [0, {}) (vocab_size)", id, m_cfg.vocabSize));
    if (pos < 0 || pos >= m_cfg.maxPositions)
      throw Error("", "positions",
                  fmt::format("position {} outside [0, {}) ({})", pos, m_cfg.maxPositions,
                              m_cfg.positionsField()));
    x.row(i) = m_w.tokenEmb.row(id) + m_w.posEmb.row(pos);
    if (m_cfg.family == Family::Bert) x.row(i) += m_w.typeEmb0;
  }
  if (m_cfg.family == Family::Bert) return ops::layerNorm(x, m_w.embLn, m_cfg.layerNormEps);
  return x;
}

RowMatrix Model::attentionInput(int layer, const RowMatrix& x) const {
  checkLayer(layer);
  if (m_cfg.family == Family::Gpt2)
    return ops::layerNorm(x, m_w.layers[static_cast<std::size_t>(layer)].ln1, m_cfg.layerNormEps);
  return x;
}

std::vector<HeadQkv> Model::projectQkv(int layer, const RowMatrix& a) const {
  checkLayer(layer);
  const RowMatrix qkv = ops::linear(a, m_w.layers[static_cast<std::size_t>(layer)].qkv, m_threads);
  const int d = m_cfg.dModel, hd = m_cfg.headDim;
  std::vector<HeadQkv> out(static_cast<std::size_t>(m_cfg.heads));
  for (int h = 0; h < m_cfg.heads; ++h) {
    auto& o = out[static_cast<std::size_t>(h)];
    o.q = qkv.middleCols(h * hd, hd);
    o.k = qkv.middleCols(d + h * hd, hd);
    o.v = qkv.middleCols(2 * d + h * hd, hd);
  }
  return out;
}

HeadQkv Model::projectHeadQkv(int layer, const RowMatrix& a, int head) const {
  checkLayer(layer);
  if (head < 0 || head >= m_cfg.heads)
    throw Error("", "head", fmt::format("{} out of range [0, {})", head, m_cfg.heads));
  const auto& lw = m_w.layers[static_cast<std::size_t>(layer)].qkv;
  const int d = m_cfg.dModel, hd = m_cfg.headDim;
  auto part = [&](int offset) {
    RowMatrix y(a.rows(), hd);
    ops::matmul(y, a, ops::viewOf(lw.w.middleCols(offset + head * hd, hd)), false);
    y.rowwise() += lw.b.segment(offset + head * hd, hd);
    return y;
  };
  return {part(0), part(d), part(2 * d)};
}

RowMatrix Model::attentionScores(const RowMatrix& q, const RowMatrix& k) const {
  RowMatrix s(q.rows(), k.rows());
  ops::matmul(s, q, ops::viewOf(k), true);
  s *= 1.0f / std::sqrt(static_cast<float>(q.cols()));
  return s;
}

void Model::maskScores(RowMatrix& scores, const std::vector<int>& queryPos,
                       const std::vector<int>& keyPos) const {
  if (!causal()) return;
  constexpr float kNegInf = -std::numeric_limits<float>::infinity();
  for (Eigen::Index i = 0; i < scores.rows(); ++i)
    for (Eigen::Index j = 0; j < scores.cols(); ++j)
      if (keyPos[static_cast<std::size_t>(j)] > queryPos[static_cast<std::size_t>(i)])
        scores(i, j) = kNegInf;
}

void Model::softmaxRows(RowMatrix& scores) {
  ops::softmaxRows(scores);
}

HeadAttention Model::attentionHead(const RowMatrix& q, const RowMatrix& k, const RowMatrix& v,
                                   const std::vector<int>& queryPos,
                                   const std::vector<int>& keyPos) const {
  if (queryPos.size() != static_cast<std::size_t>(q.rows()) ||
      keyPos.size() != static_cast<std::size_t>(k.rows()) || k.rows() != v.rows())
    throw Error("", "attentionHead", "positions and Q/K/V rows disagree");
  HeadAttention att;
  att.probs = attentionScores(q, k);
  maskScores(att.probs, queryPos, keyPos);
  ops::softmaxRows(att.probs);
  att.out.resize(q.rows(), v.cols());
  ops::matmul(att.out, att.probs, ops::viewOf(v), false);
  return att;
}

RowMatrix Model::finishLayer(int layer, const RowMatrix& x,
                             const std::vector<RowMatrix>& headOut) const {
  checkLayer(layer);
  if (headOut.size() != static_cast<std::size_t>(m_cfg.heads))
    throw Error("", "headOut",
                fmt::format("needs {} entries, got {}", m_cfg.heads, headOut.size()));
  const auto& lw = m_w.layers[static_cast<std::size_t>(layer)];
  const int hd = m_cfg.headDim;
  RowMatrix concat = RowMatrix::Zero(x.rows(), m_cfg.dModel);
  for (int h = 0; h < m_cfg.heads; ++h) {
    const RowMatrix& o = headOut[static_cast<std::size_t>(h)];
    if (o.size() == 0) continue;  // pruned head: zeros
    if (o.rows() != x.rows() || o.cols() != hd)
      throw Error("", "headOut",
                  fmt::format("head {} has shape {}x{}, expected {}x{}", h, o.rows(), o.cols(),
                              x.rows(), hd));
    concat.middleCols(h * hd, hd) = o;
  }
  RowMatrix h = ops::linear(concat, lw.attnOut, m_threads);
  h += x;
  if (m_cfg.family == Family::Gpt2) {
    RowMatrix f = ops::linear(ops::layerNorm(h, lw.ln2, m_cfg.layerNormEps), lw.fc, m_threads);
    ops::activate(f, m_cfg.activation);
    ops::productAdd(h, f, lw.proj.w, m_threads);
    h.rowwise() += lw.proj.b;
    return h;
  }
  h = ops::layerNorm(h, lw.ln1, m_cfg.layerNormEps);
  RowMatrix f = ops::linear(h, lw.fc, m_threads);
  ops::activate(f, m_cfg.activation);
  RowMatrix y = ops::linear(f, lw.proj, m_threads);
  y += h;
  return ops::layerNorm(y, lw.ln2, m_cfg.layerNormEps);
}

RowMatrix Model::finalHidden(const RowMatrix& hidden) const {
  if (m_cfg.family == Family::Gpt2) return ops::layerNorm(hidden, m_w.lnF, m_cfg.layerNormEps);
  return hidden;
}

RowMatrix Model::logits(const RowMatrix& hidden) const {
  if (!m_w.hasLmHead) throw Error(m_dir.string(), "cls.predictions", "the model has no MLM head");
  const WeightMatrix& table = m_w.lmTied ? m_w.tokenEmb : m_w.lmHead;
  RowMatrix x;
  if (m_cfg.family == Family::Gpt2) {
    x = finalHidden(hidden);
  } else {
    x = ops::linear(hidden, m_w.mlmDense, m_threads);
    ops::activate(x, m_cfg.activation);
    x = ops::layerNorm(x, m_w.mlmLn, m_cfg.layerNormEps);
  }
  RowMatrix out(x.rows(), m_cfg.vocabSize);
  ops::productTransposed(out, x, table, m_threads);
  if (m_w.lmBias.size() > 0) out.rowwise() += m_w.lmBias;
  return out;
}

}  // namespace spatten::core
