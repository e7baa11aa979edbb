#pragma once
// The functional SpAtten model (docs/semantics.md): a pruned forward pass built on the model's
// building blocks that computes only with the alive tokens and heads, the kept values and the
// quantized Q/K/V, and records alive sets, importance, requests and refetches.
// Thread: runSpatten only reads the model; concurrent runs on one Model are safe.

#include <functional>
#include <string>
#include <vector>

#include "core/model/model.h"
#include "core/functional/run_config.h"
#include "core/functional/run_result.h"
#include "core/util/cancel.h"

namespace spatten::core {

struct RunPrefix;

struct RunOptions {
  bool recordAttention = false;   // fill RequestRecord::keys / probs (large)
  bool recordRefetchRows = true;  // fill probsMsb / probsFull of refetched requests
  // Teacher forcing (GPT-2): generation iteration i feeds forcedTokens[i-1] instead of the
  // greedy argmax of the previous step. Empty = greedy. Must hold >= cfg.generate entries.
  std::vector<int> forcedTokens;
  std::string inputName = "ids";  // names the input in errors (the CLI passes "--text")
  // Polled before every layer pass; true -> throws Cancelled (core/util/cancel.h).
  CancelCheck cancelled;
  // Optional (core/functional/run_prefix.h): the run resumes after the last summarization layer
  // of *prefix it may reuse (bit-identical results) and, when it completes, *prefix holds its own
  // states instead. Unchanged when the run throws (cancelled or bad input).
  RunPrefix* prefix = nullptr;
  // Optional: called on the calling thread after each layer's pruning decision (summarization
  // and generation; in a resumed run once for the reused layers, after the last one's decision),
  // with the run so far. Its requests and layer records up to that layer are final: a prefix of
  // the returned run's, ending at a layer boundary (toWorkload of it is a prefix of the whole
  // run's workload). The reference is valid only during the call.
  std::function<void(const RunResult&)> layerDone;
  // Optional: called on the calling thread with every head's attention as the run computes it:
  // the probabilities it uses (after any LSB refetch, before local value pruning), row i for
  // query position queryPos[i], column j for key position keys[j] (ascending; a causal model's
  // entries past the query are 0). Summarization: once per alive (layer, head), every alive
  // query; each generation iteration: once per alive (layer, head), the new token's row. Not
  // called for the layers a resumed run (prefix) reuses. The references are valid during the call.
  std::function<void(int iteration, int layer, int head, const std::vector<int>& queryPos,
                     const std::vector<int>& keys, const RowMatrix& probs)>
      headProbs;
};

// Runs summarization over `ids` and then cfg.generate generation iterations (GPT-2 only;
// BERT with generate > 0 throws Error("<config>", "generate", ...)). Throws Error for bad ids,
// a sequence longer than the context, or per-layer lists of the wrong length.
RunResult runSpatten(const Model& model, const std::vector<int>& ids, const RunConfig& cfg,
                     const RunOptions& options = {});

// In RunOptions::layerDone: true when the layer just decided is the run's last (iteration
// config.generate, layer layers - 1), so that no request follows and the run so far is the
// whole run's requests.
bool isFinalLayer(const RunResult& partial);

// Bit widths fetched under `cfg`, and those of the dense baseline (static 12-bit Q, K, V).
FetchBits fetchBits(const RunConfig& cfg);
FetchBits denseBaselineBits();

// DRAM bytes of a run's request stream counted with `bits` (docs/semantics.md rules:
// summarization keeps each head's K/V resident, generation streams them per request).
DramReport countDram(const RunResult& run, const FetchBits& bits);

}  // namespace spatten::core
