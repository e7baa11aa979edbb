#include "core/model/forward.h"

#include <numeric>

#include <fmt/format.h>

#include "core/model/ops.h"
#include "core/util/error.h"

namespace spatten::core {
namespace {

// Finite weights can still overflow float32 (huge values): never hand NaN/Inf on as a result.
void requireFinite(const Model& model, const RowMatrix& m, const std::string& where) {
  if (!ops::allFinite(m))
    throw Error(model.directory().string(), where,
                "the forward pass produced non-finite values (NaN or Inf): the weights overflow "
                "float32 on this input");
}

}  // namespace

ForwardTrace forward(const Model& model, const std::vector<int>& ids,
                     const ForwardOptions& options) {
  model.checkIds(ids, options.inputName);
  const ModelConfig& cfg = model.config();
  const int n = static_cast<int>(ids.size());

  ForwardTrace trace;
  trace.ids = ids;
  if (options.allPositions) {
    trace.logitPositions.resize(static_cast<std::size_t>(n));
    std::iota(trace.logitPositions.begin(), trace.logitPositions.end(), 0);
  } else if (!options.logitPositions.empty()) {
    trace.logitPositions = options.logitPositions;
  } else if (cfg.family == Family::Gpt2) {
    trace.logitPositions = {n - 1};
  }
  for (int p : trace.logitPositions)
    if (p < 0 || p >= n)
      throw Error("", "logitPositions", fmt::format("position {} outside [0, {})", p, n));
  if (!trace.logitPositions.empty() && !model.hasLogits())
    throw Error(model.directory().string(), "cls.predictions",
                "logits requested but the model has no MLM head");

  std::vector<int> positions(static_cast<std::size_t>(n));
  std::iota(positions.begin(), positions.end(), 0);

  RowMatrix x = model.embed(ids, positions);
  if (options.keepHeads) trace.embeddings = x;
  trace.layers.resize(static_cast<std::size_t>(cfg.layers));
  std::vector<RowMatrix> headOut(static_cast<std::size_t>(cfg.heads));
  for (int l = 0; l < cfg.layers; ++l) {
    throwIfCancelled(options.cancelled);
    LayerTrace& lt = trace.layers[static_cast<std::size_t>(l)];
    std::vector<HeadQkv> qkv = model.projectQkv(l, model.attentionInput(l, x));
    for (int h = 0; h < cfg.heads; ++h) {
      HeadQkv& hq = qkv[static_cast<std::size_t>(h)];
      HeadAttention att = model.attentionHead(hq.q, hq.k, hq.v, positions, positions);
      headOut[static_cast<std::size_t>(h)] = att.out;
      if (options.headProbs) options.headProbs(l, h, att.probs);
      if (options.keepHeads)
        lt.heads.push_back({std::move(hq.q), std::move(hq.k), std::move(hq.v),
                            std::move(att.probs), std::move(att.out)});
    }
    x = model.finishLayer(l, x, headOut);
    requireFinite(model, x, fmt::format("layer {}", l));
    lt.hidden = x;
  }
  if (!trace.logitPositions.empty()) {
    trace.logits = model.logits(x(trace.logitPositions, Eigen::all));
    requireFinite(model, trace.logits, "logits");
  }
  return trace;
}

}  // namespace spatten::core
