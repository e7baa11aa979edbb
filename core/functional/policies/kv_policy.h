#pragma once
// KV-cache key-selection policies beside the SpAtten cascade (docs/semantics.md, "KV-cache
// policies"): StreamingLLM, H2O, TOVA, Quest, SnapKV and a static top-k oracle. They act in the
// generation stage of a decoder: the summarization pass (prefill) is dense, and every generation
// step of layer l, head h attends to (and fetches the K/V of) the keys the policy selects.
// The runner (core/functional/runner.cpp) drives a policy through this interface, one call per
// (layer, alive head) in processing order; a policy keeps whatever state its rule needs.
// Thread: a policy object belongs to one run (one thread); the factory only reads its inputs.

#include <memory>
#include <string>
#include <vector>

#include "core/model/tensor_types.h"
#include "core/functional/run_config.h"
#include "core/workload/workload.h"

namespace spatten::core {

class Model;

// The shared budget: k(n) = min(n, max(1, ceil(budget * n))) keys at a step with n tokens so far
// (ceil as in semantics.md, "Rounding").
int kvBudgetKeys(double budget, int n);

// What a policy sees of one head at one generation step.
struct PolicyStep {
  int iteration = 0;  // generation iteration (>= 1)
  int layer = 0;
  int head = 0;
  int n = 0;                        // tokens so far; the newest (the query) is n - 1
  int budget = 0;                   // k(n)
  const float* q = nullptr;         // the head's query as attention uses it (D floats)
  const RowMatrix* keys = nullptr;  // the head's stored full-precision keys; rows 0..n-1 valid
};

struct PolicySelection {
  std::vector<int> keys;   // token ids whose K/V this step fetches, ascending, holds n - 1
  std::vector<int> pages;  // Quest: pages loaded (ascending); empty for the others
  int metaPages = 0;       // Quest: pages whose metadata (min and max key) was read
  int candidates = 0;      // scores the selection ranked to choose `keys` (0: no ranking)
};

class KvPolicy {
public:
  virtual ~KvPolicy() = default;
  // Summarization, after (layer, head) computed: probs [queries x n] are the rows actually used
  // (after any LSB refetch, before value pruning) over keys 0..n-1 (future keys are 0).
  virtual void observePrefill(int layer, int head, const std::vector<int>& queryPos,
                              const RowMatrix& probs);
  // The keys of one generation step of (layer, head).
  virtual PolicySelection select(const PolicyStep& step) = 0;
  // After that step's attention: probs aligned with `keys` (the selection's keys).
  virtual void observeStep(int layer, int head, const std::vector<int>& keys, const float* probs);
  // After every alive head of `layer` was observed in this pass (iteration 0 = summarization).
  virtual void endLayer(int layer, int iteration);
  // How this policy's scores are updated on chip (for the simulator's request stream).
  virtual ScoreUpdate scoreUpdate() const { return ScoreUpdate::None; }
  virtual bool perHead() const { return true; }
};

// Everything a policy may be built from. `sequence` is the whole token sequence the run will
// see (prompt + teacher-forced tokens); only the oracle reads it (and `model`).
struct PolicyInit {
  const Model* model = nullptr;
  int layers = 0;
  int heads = 0;
  int promptLength = 0;
  std::vector<int> sequence;
};

// The policy of cfg.policy; nullptr for "spatten" (the cascade is not a KV policy).
std::unique_ptr<KvPolicy> makeKvPolicy(const RunConfig& cfg, const PolicyInit& init);

// One factory per policy file.
std::unique_ptr<KvPolicy> makeStreamingPolicy(const RunConfig& cfg, const PolicyInit& init);
std::unique_ptr<KvPolicy> makeH2oPolicy(const RunConfig& cfg, const PolicyInit& init);
std::unique_ptr<KvPolicy> makeTovaPolicy(const RunConfig& cfg, const PolicyInit& init);
std::unique_ptr<KvPolicy> makeQuestPolicy(const RunConfig& cfg, const PolicyInit& init);
std::unique_ptr<KvPolicy> makeSnapKvPolicy(const RunConfig& cfg, const PolicyInit& init);
std::unique_ptr<KvPolicy> makeOraclePolicy(const RunConfig& cfg, const PolicyInit& init);

// Ids of the k highest scores among `ids` (score indexed by id), ties to the lower id; ascending.
std::vector<int> topByScore(const std::vector<int>& ids, const std::vector<double>& score, int k);

}  // namespace spatten::core
