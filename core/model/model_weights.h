#pragma once
// Weights of a GPT-2 or BERT model in the layout the forward pass uses, and the loader that
// maps Hugging Face tensor names onto it. Every Linear is stored as y = x * w + b with
// w [in x out] (GPT-2 Conv1D weights are already [in, out]; BERT nn.Linear [out, in] is
// transposed on load). Q, K and V are fused into one [d x 3d] matrix: columns
// [Q head 0..H-1 | K head 0..H-1 | V head 0..H-1], each head D columns wide.

#include <memory>
#include <string>
#include <vector>

#include "core/model/model_config.h"
#include "core/model/safetensors.h"
#include "core/model/tensor_types.h"

namespace spatten::core {

struct LinearWeights {
  WeightMatrix w;  // [in x out]
  RowVector b;  // [out]
};

struct LayerNormWeights {
  RowVector gamma;
  RowVector beta;
};

struct LayerWeights {
  LayerNormWeights ln1;   // GPT-2: ln_1 (before attention); BERT: attention.output.LayerNorm
  LayerNormWeights ln2;   // GPT-2: ln_2 (before the MLP); BERT: output.LayerNorm
  LinearWeights qkv;      // [d x 3d]
  LinearWeights attnOut;  // [d x d]
  LinearWeights fc;       // [d x ffn]
  LinearWeights proj;     // [ffn x d]
};

struct ModelWeights {
  WeightMatrix tokenEmb;  // [V x d] (wte / word_embeddings)
  WeightMatrix posEmb;    // [P x d]
  RowVector typeEmb0;     // BERT: token_type_embeddings row 0
  LayerNormWeights embLn;  // BERT: embeddings.LayerNorm
  LayerNormWeights lnF;    // GPT-2: ln_f
  std::vector<LayerWeights> layers;
  bool hasLmHead = false;  // GPT-2: always; BERT: MLM head present
  bool lmTied = true;      // decoder == tokenEmb (then lmHead is empty)
  WeightMatrix lmHead;     // [V x d] when untied
  RowVector lmBias;        // BERT: cls.predictions.bias [V]; GPT-2: empty
  LinearWeights mlmDense;  // BERT: cls.predictions.transform.dense
  LayerNormWeights mlmLn;  // BERT: cls.predictions.transform.LayerNorm
};

// Where named float tensors come from (a safetensors file or memory).
class TensorSource {
public:
  virtual ~TensorSource() = default;
  virtual const std::string& sourceName() const = 0;  // for error messages
  virtual bool has(const std::string& name) const = 0;
  virtual std::vector<std::string> names() const = 0;
  // Throws Error(sourceName, name, ...) when missing or not convertible to float.
  virtual FloatTensor get(const std::string& name) const = 0;
  // What keeps the floats of get()'s views valid once the source is gone (the mapped file), so
  // the weights can use them in place; null when a view must be copied (a memory source views
  // the caller's tensors).
  virtual std::shared_ptr<const void> keepAlive() const { return nullptr; }
  // The loader has made its own floats of `name` (converted or transposed): the source may drop
  // the bytes they came from (a mapped file's pages leave the resident set).
  virtual void copied(const std::string& name) const { (void)name; }
};

std::unique_ptr<TensorSource> makeFileSource(SafetensorsFile file);
std::unique_ptr<TensorSource> makeMemorySource(const TensorMap& tensors, std::string sourceName);

// Loads and shape-checks all weights. Errors name the tensor and the config field behind the
// expected dimension, e.g. "h.0.attn.c_attn.weight: shape [32, 64] disagrees with config.json
// (expected [n_embd=32, 3*n_embd=96])". Also an error: a non-finite weight, and a tensor of a
// layer the config does not have (h.N. / encoder.layer.N. with N >= n_layer). Other extra
// tensors (BERT pooler, GPT-2 attention-mask buffers) are ignored.
ModelWeights loadWeights(const ModelConfig& cfg, const TensorSource& src);

}  // namespace spatten::core
