#pragma once
// The dense (unpruned) forward pass, written on top of Model's building blocks, with a full
// trace of what every layer and head computed.
// Thread: forward() only reads the model; concurrent calls on one Model are safe.

#include <functional>
#include <string>
#include <vector>

#include "core/model/model.h"
#include "core/util/cancel.h"

namespace spatten::core {

struct HeadTrace {
  RowMatrix q, k, v;  // [n x D]
  RowMatrix probs;    // [n x n] attention probabilities (GPT-2: masked entries are 0)
  RowMatrix out;      // [n x D] head output before the output projection
};

struct LayerTrace {
  std::vector<HeadTrace> heads;  // empty when ForwardOptions::keepHeads is false
  RowMatrix hidden;              // [n x d] hidden states after this layer
};

struct ForwardTrace {
  std::vector<int> ids;
  RowMatrix embeddings;             // [n x d] input to layer 0
  std::vector<LayerTrace> layers;   // one per layer
  std::vector<int> logitPositions;  // token positions whose logits were computed
  RowMatrix logits;                 // [logitPositions.size() x V]
};

struct ForwardOptions {
  bool keepHeads = true;  // record Q, K, V, probs and head outputs
  // Positions to compute logits for. Empty: GPT-2 the last position, BERT none.
  std::vector<int> logitPositions;
  bool allPositions = false;  // logits for every position (overrides logitPositions)
  std::string inputName = "ids";  // names the input in errors (the CLI passes "--text")
  // Polled before every layer; true -> throws Cancelled (core/util/cancel.h).
  CancelCheck cancelled;
  // Called with every head's attention probabilities [n x n] as soon as they are computed, in
  // layer then head order, on the calling thread, whatever keepHeads: a caller that needs only
  // the probabilities copies them here and leaves keepHeads off (no Q, K, V, outputs, and no
  // second copy of every head held to the end).
  std::function<void(int layer, int head, const RowMatrix& probs)> headProbs;
};

// Throws Error on empty input, ids outside the vocabulary, more tokens than the context, or
// logit positions out of range / logits requested from a BERT model without an MLM head.
ForwardTrace forward(const Model& model, const std::vector<int>& ids,
                     const ForwardOptions& options = {});

}  // namespace spatten::core
