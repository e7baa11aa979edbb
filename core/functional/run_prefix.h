#pragma once
// Reuse of a SpAtten run's summarization layers by a later run (issue 17: a SpAtten-parameter
// edit recomputes only from the first layer it affects).
// Layer l of the summarization pass reads only the ids, the configuration's per-layer
// computation fields (bits, thresholds, value_keep, protect_first, seed, policy) and the state
// left by layers 0..l-1, whose pruning decisions used the keep ratios r_0..r_{l-1} of the token
// and head schedules (docs/semantics.md, cascade pruning); r_l is used only by the decision taken
// after layer l's pass. So a run whose ids and computation fields equal a recorded run's, and
// whose schedules agree on layers 0..f-1, has after the pass of layer f (before its pruning
// decision) exactly the recorded state: the hidden states, the quantized K/V cache of every head
// of layers 0..f, the alive sets, the importance scores, the pivot generator and the records.
// The runner resumes there with its own r_f (runSpatten with RunOptions::prefix); results are
// bit-identical to a run from layer 0 (tests/core/functional/tst_run_prefix). Generation
// iterations are always recomputed; KV policies (their own state) are never resumed.
// Thread: a RunPrefix is used by one run at a time.

#include <cstddef>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "core/functional/run_config.h"
#include "core/functional/run_result.h"
#include "core/model/tensor_types.h"

namespace spatten::core {

// Per-layer, per-head caches of the (quantized) keys and values, indexed by token id. A row is
// valid once the layer has processed that token; the alive set says which rows are used.
struct HeadCache {
  RowMatrix kFirst, kFull, v;  // [capacity x D]
};

// The runner's state after the pass of summarization layer l, before its pruning decision.
struct RunLayerState {
  RowMatrix hidden;  // [prompt tokens x d]
  std::vector<std::vector<int>> alive, aliveHeads;
  std::vector<double> tokenScore, headScore;
  std::mt19937_64 rng;  // the value selector's pivot generator
  std::size_t layerRecords = 0, requests = 0;
  int requestCount = 0, refetchCount = 0;
};

// What one run recorded; filled by runSpatten when RunOptions::prefix is set.
struct RunPrefix {
  std::vector<int> ids;
  std::string computeKey;  // the configuration without its schedule fields, plus the options
  std::vector<double> tokenKeep, headKeep;    // the schedules' per-layer ratios
  std::vector<std::vector<HeadCache>> cache;  // after summarization, [layer][head], prompt rows
  std::vector<RunLayerState> layers;          // after the pass of layer 0, 1, ...
  RunResult result;     // layerRecords and requests of the summarization pass (prefixes reused)
  int resumedFrom = 0;  // layer passes the last run reused (0: none); for tests and benches
};

// The key of the fields a summarization layer computes with (every RunConfig field except the
// token/head schedules and `generate`, plus the recording options).
std::string prefixComputeKey(const RunConfig& cfg, bool recordAttention, bool recordRefetchRows);

// How many summarization layer passes a run with (ids, key, schedules) can take from `prefix`:
// 0 when the ids or the key differ, else f + 1 for the first layer f whose keep ratios differ
// (at most the number of layers: every pass, when no ratio differs).
int reusableLayerPasses(const RunPrefix& prefix, const std::vector<int>& ids,
                        const std::string& key, const std::vector<double>& tokenKeep,
                        const std::vector<double>& headKeep);

}  // namespace spatten::core
