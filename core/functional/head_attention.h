#pragma once
// One head of one layer under SpAtten: quantized Q, MSB-only (or static) keys, the progressive-
// quantization refetch per query row, local value pruning, and the head output.
// Internal to the runner; exposed for tests. Thread: pure function of its inputs.

#include <vector>

#include "core/functional/run_config.h"
#include "core/functional/value_prune.h"
#include "core/model/model.h"

namespace spatten::core {

struct HeadAttentionInput {
  RowMatrix q;                // [rows x D] query projections, already quantized per vector
  std::vector<int> queryPos;  // token ids of the queries (ascending)
  std::vector<int> keys;      // token ids of the alive keys (ascending)
  RowMatrix kFirst;           // [keys x D] keys of the first pass (MSB-only or static)
  RowMatrix kFull;            // [keys x D] full-precision keys (used on refetch)
  RowMatrix v;                // [keys x D] quantized values
};

struct HeadRowInfo {
  int attended = 0;        // m: keys the row attends to (a prefix of `keys`)
  float maxProbFirst = 0;  // max probability of the first pass
  bool refetch = false;
  int valueFetch = 0;           // values kept by local value pruning
  std::vector<int> keptValues;  // their token ids, ascending (HeadAttentionOptions::keepKeptValues)
  std::vector<float> probsFirst;  // first-pass row over the attended keys (refetched rows only)
};

struct HeadAttentionOutput {
  RowMatrix probs;  // [rows x keys] probabilities actually used (before value pruning)
  RowMatrix out;    // [rows x D] = value-pruned probs * V (no renormalisation)
  std::vector<HeadRowInfo> rows;
};

struct HeadAttentionOptions {
  // The first pass uses kFirst and rows with max prob < pqThreshold are recomputed with kFull;
  // when false, kFirst is used alone.
  bool pqActive = false;
  double pqThreshold = 0.0;
  double valueKeep = 1.0;       // local value pruning's keep ratio
  bool keepFirstRows = false;   // store first-pass rows of refetched requests (probsFirst)
  bool keepKeptValues = false;  // store the kept values' token ids (keptValues)
};

HeadAttentionOutput computeHeadAttention(const Model& model, const HeadAttentionInput& in,
                                         const HeadAttentionOptions& options,
                                         const TopKSelector& selector);

}  // namespace spatten::core
