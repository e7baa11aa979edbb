#pragma once
// What a functional SpAtten run records (docs/semantics.md). Plain immutable data once the
// runner returns; safe to share between threads read-only (the GUI holds it by shared_ptr).
// Iteration 0 is the summarization pass; iterations 1..generate are generation steps.
// Token ids are positions in the sequence (0-based); head ids are 0..H-1.

#include <cstdint>
#include <vector>

#include "core/model/model_config.h"
#include "core/model/tensor_types.h"
#include "core/functional/run_config.h"

namespace spatten::core {

struct LayerRecord {
  int iteration = 0;
  int layer = 0;
  int sequenceLength = 0;            // n during this pass
  std::vector<int> computedTokens;   // A_l this layer computed with (ascending)
  std::vector<int> computedHeads;    // H_l this layer computed with
  std::vector<int> aliveTokens;      // A_l after this layer's pruning decision
  std::vector<int> aliveHeads;       // H_l after this layer's pruning decision
  double tokenKeep = 1.0;            // r_l
  double headKeep = 1.0;             // r^h_l
  int tokenBudget = 0;               // k_l
  int headBudget = 0;                // k^h_l
  int kvBudget = 0;                  // KV policies, generation: k(n) keys per head; else 0
  std::vector<double> tokenImportance;  // s_t after this layer (length n)
  std::vector<double> headImportance;   // s_h after this layer (length H)
};

// One request = one query of one alive head in one (iteration, layer).
struct RequestRecord {
  int iteration = 0;
  int layer = 0;
  int head = 0;
  int query = 0;            // token id of the query
  int keyFetch = 0;         // keys attended (alive, and at or before the query for GPT-2)
  int valueFetch = 0;       // values kept by local value pruning
  // Generation requests: the token ids whose keys were fetched (ascending; under a KV policy the
  // policy's selection, else the layer's alive tokens). Empty in summarization.
  std::vector<int> keyIds;
  std::vector<int> pages;   // Quest: pages loaded (ascending)
  int metaPages = 0;        // Quest: pages whose metadata (min and max key vectors) was read
  int candidates = 0;       // scores the policy ranked to choose keyIds (0: no ranking)
  float maxProbFirst = 0;   // max probability of the first pass (MSB-only keys when PQ is on)
  bool refetch = false;     // LSBs fetched and the row recomputed
  // Filled only with RunOptions::recordAttention (a dense run at 934 tokens would otherwise keep
  // 250 MB of kept-value ids that only the attention dump reads; valueFetch is their count):
  std::vector<int> keys;        // token ids attended (ascending)
  std::vector<float> probs;     // probabilities actually used, aligned with `keys`
  std::vector<int> keptValues;  // token ids whose values were used (ascending)
  // Filled for every refetched request when RunOptions::recordRefetchRows (default on). Both
  // rows are aligned with the attended keys, which are always the first keyFetch ids of the
  // (iteration, layer) LayerRecord::computedTokens.
  std::vector<float> probsMsb;   // MSB-only row
  std::vector<float> probsFull;  // full-precision recomputed row (the one used)
};

// DRAM bytes by kind.
struct DramBytes {
  std::uint64_t kMsb = 0;
  std::uint64_t kLsb = 0;
  std::uint64_t v = 0;
  std::uint64_t q = 0;
  std::uint64_t meta = 0;  // Quest page metadata (min and max key vectors per page)
  std::uint64_t total() const { return kMsb + kLsb + v + q + meta; }
  DramBytes& operator+=(const DramBytes& o) {
    kMsb += o.kMsb;
    kLsb += o.kLsb;
    v += o.v;
    q += o.q;
    meta += o.meta;
    return *this;
  }
};

struct DramCell {
  int iteration = 0;
  int layer = 0;
  int head = 0;
  DramBytes bytes;
};

struct DramReport {
  DramBytes total;
  std::vector<DramCell> cells;  // per (iteration, layer, head), sorted
};

// Bit widths as fetched from DRAM (floating point = 32). kMsb is what every key fetch reads
// first (static keys: all msb+lsb bits); kLsb is read only on a refetch (0 without PQ).
struct FetchBits {
  int kMsb = 32;
  int kLsb = 0;
  int v = 32;
  int q = 32;
  int meta = 32;  // Quest page metadata: the full key width (msb + lsb; 32 = float)
};

struct RunResult {
  Family family = Family::Gpt2;
  RunConfig config;
  int layers = 0, heads = 0, headDim = 0;
  std::vector<int> promptIds;
  std::vector<int> generatedIds;   // tokens fed in generation iterations 1..N (t_0..t_{N-1})
  std::vector<int> sequenceIds;    // prompt + generated
  std::vector<LayerRecord> layerRecords;  // iteration-major, then layer
  std::vector<RequestRecord> requests;    // in processing order
  // GPT-2: next-token logits after each pass (index = iteration); BERT: empty.
  std::vector<RowVector> stepLogits;
  std::vector<int> stepArgmax;     // argmax of stepLogits (lowest index on ties)
  // Hidden state of every token at the end of the run (frozen state for pruned tokens),
  // before any final LayerNorm [n x d].
  RowMatrix finalHidden;
  int promptLength = 0;            // tokens of the summarization pass
  int requestCount = 0;
  int refetchCount = 0;
  DramReport dram;            // with this run's bit widths
};

}  // namespace spatten::core
