#pragma once
// A loaded GPT-2 or BERT model and the building blocks of its forward pass.
//
// The blocks work on any subset of token rows with explicit positions, so a pruned runner
// (cascade token/head pruning, quantized K/V/Q, local value pruning) can call them on the
// alive tokens and heads only; the dense forward (forward.h) is written on top of the same
// blocks. One layer l, for the rows R being updated (queries) and the key rows K:
//   A   = attentionInput(l, X[R])                 GPT-2: ln_1; BERT: identity
//   qkv = projectQkv(l, A)  or projectHeadQkv(l, A, h)          -> Q, K, V per head [|R| x D]
//   per alive head h: att = attentionHead(Q_h, K_h(keys), V_h(keys), posR, posK)
//                     (or attentionScores + maskScores + softmaxRows + own weighting)
//   X[R] = finishLayer(l, X[R], {att.out per head; empty matrix = pruned head = zeros})
// then logits(hidden rows) (GPT-2: ln_f + LM head; BERT: MLM head).
// Thread: immutable after load; all const methods are thread-safe.

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "core/model/model_config.h"
#include "core/model/model_weights.h"
#include "core/model/tensor_types.h"

namespace spatten::core {

struct HeadQkv {
  RowMatrix q, k, v;  // [rows x D] each
};

struct HeadAttention {
  RowMatrix probs;  // [queries x keys], softmax output (masked entries are 0)
  RowMatrix out;    // [queries x D] = probs * V, the head output before the output projection
};

class Model {
public:
  // Reads dir/config.json and dir/model.safetensors. Throws Error naming file and field/tensor.
  static std::unique_ptr<Model> load(const std::filesystem::path& dir);
  // Builds a model from in-memory tensors with Hugging Face names (tests, benchmarks).
  static std::unique_ptr<Model> fromTensors(const ModelConfig& cfg, const TensorMap& tensors,
                                            const std::string& sourceName = "<memory>");

  const ModelConfig& config() const { return m_cfg; }
  Family family() const { return m_cfg.family; }
  bool causal() const { return m_cfg.family == Family::Gpt2; }
  bool hasLogits() const { return m_w.hasLmHead; }
  const std::filesystem::path& directory() const { return m_dir; }
  const ModelWeights& weights() const { return m_w; }
  // Threads each large matrix product may use (1 or 2; default 1). Results are bit-identical
  // whatever the value (core/model/ops.h). Not synchronised: set it before the model is shared.
  void setThreads(int threads) { m_threads = threads < 2 ? 1 : 2; }
  int threads() const { return m_threads; }

  // Validates an input sequence: non-empty, ids in [0, vocab), at most maxPositions tokens.
  // Throws Error("", inputName, ...), e.g. "--text: 312 tokens exceed the model's context of
  // 256 (n_positions)".
  void checkIds(const std::vector<int>& ids, const std::string& inputName = "ids") const;

  // ---- building blocks (rows = tokens; positions are absolute, 0-based) ----
  // Input hidden states [n x d]: GPT-2 wte + wpe; BERT LN(word + position + token_type 0).
  RowMatrix embed(const std::vector<int>& ids, const std::vector<int>& positions) const;
  // GPT-2: ln_1(x); BERT: x.
  RowMatrix attentionInput(int layer, const RowMatrix& x) const;
  // Q, K, V of every head for the given attention-input rows (one fused GEMM).
  std::vector<HeadQkv> projectQkv(int layer, const RowMatrix& a) const;
  // Q, K, V of one head only (cheaper when most heads are pruned).
  HeadQkv projectHeadQkv(int layer, const RowMatrix& a, int head) const;
  // scores = q k^T / sqrt(D)  [queries x keys].
  RowMatrix attentionScores(const RowMatrix& q, const RowMatrix& k) const;
  // GPT-2: scores[i][j] = -inf where keyPos[j] > queryPos[i]; BERT: no-op.
  void maskScores(RowMatrix& scores, const std::vector<int>& queryPos,
                  const std::vector<int>& keyPos) const;
  static void softmaxRows(RowMatrix& scores);
  // scores + mask + softmax + probs * v.
  HeadAttention attentionHead(const RowMatrix& q, const RowMatrix& k, const RowMatrix& v,
                              const std::vector<int>& queryPos,
                              const std::vector<int>& keyPos) const;
  // Output projection of the concatenated head outputs (headOut.size() == heads; a 0x0 entry
  // means the head is pruned and contributes zeros), then the residual/LN/FFN of the family:
  // GPT-2: h = x + attn; return h + mlp(ln_2(h)).  BERT: h = LN(x + attn); return LN(h + ffn(h)).
  RowMatrix finishLayer(int layer, const RowMatrix& x, const std::vector<RowMatrix>& headOut) const;
  // GPT-2: ln_f(hidden); BERT: hidden (the encoder output is already normalised).
  RowMatrix finalHidden(const RowMatrix& hidden) const;
  // Vocabulary logits [rows x V] from hidden states after the last layer (GPT-2 before ln_f;
  // this applies ln_f; BERT: the MLM head). Throws Error if !hasLogits().
  RowMatrix logits(const RowMatrix& hidden) const;

private:
  Model(ModelConfig cfg, ModelWeights w, std::filesystem::path dir);
  void checkLayer(int layer) const;

  ModelConfig m_cfg;
  ModelWeights m_w;
  std::filesystem::path m_dir;
  int m_threads = 1;
};

}  // namespace spatten::core
