#pragma once
// Builds the views' AnalysisData from core: tokenizer and the SpAtten functional runs, dense and
// pruned (the same steps as core::runReport). Keeps the loaded model between requests.
// Caches (all keyed by the model directory; a different directory drops them):
//  - the dense SpAtten run (and its DRAM baseline), keyed by (token ids, generate, seed): it does
//    not depend on any other run parameter, so an edit of a SpAtten parameter reuses it; with it
//    BERT's dense MLM argmax (the fidelity's dense side), keyed also by the [MASK] positions;
//  - the dense attention (the heatmap's dense mode), keyed by the full sequence: copied from the
//    dense run as it computes each head (core::RunOptions::headProbs; the prompt's rows together,
//    each generated token's row from the cached K/V, as a decoder computes them), or, only when
//    the SpAtten run failed, from a core::forward pass over the sequence;
//  - the pruned run's summarization layers (core::RunPrefix): a SpAtten-parameter edit of the
//    keep schedules reuses the layer passes up to the first layer whose keep ratio changed
//    (core/functional/run_prefix.h);
//  - the whole last result, keyed by everything but the hardware: a hardware-only edit returns
//    the same AnalysisOutput (same pointers) and only the simulator is rebuilt.
// Every reused value is the output of a deterministic function of its key, so results are
// identical to a fresh computation (tests/app/tst_analysis_cache checks this against core).
// Thread: worker thread only (it runs the model and owns the caches).

#include <QString>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "app/gui/backend/analysis_request.h"
#include "core/functional/fidelity.h"
#include "core/util/cancel.h"
#include "views/common/view_data.h"

namespace spatten::core {
class Model;
class Tokenizer;
struct RunReport;
struct RunResult;
struct DramReport;
struct RunPrefix;
}  // namespace spatten::core

namespace spatten::app {

// The model folder could not be loaded (missing or bad config.json, weights or tokenizer), as
// opposed to a text or parameter the loaded model cannot run.
class ModelLoadError : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

struct AnalysisOutput {
  views::AnalysisPtr analysis;
  std::shared_ptr<const core::RunReport> report;  // nullptr when the SpAtten run failed
};

// How often the expensive steps actually ran (for tests; monotonic per backend).
struct BackendCounters {
  int denseForwards = 0;      // core::forward for the heatmap's dense attention (dense run failed)
  int denseProbsFromRun = 0;  // the heatmap's dense attention copied from the dense run
  int denseRuns = 0;    // dense core::runSpatten (fidelity reference, DRAM baseline, GPT-2 tokens)
  int prunedRuns = 0;   // pruned core::runSpatten
  int denseMlms = 0;    // BERT: core::denseMlmOf (the fidelity's dense MLM head product)
  int resumedFrom = 0;  // layer passes the last pruned run reused (0: none)
};

class AnalysisBackend {
public:
  using LayerHook = std::function<void(const core::RunResult&)>;
  AnalysisBackend();
  ~AnalysisBackend();
  // Throws std::exception (core::Error for bad input) with a message fit for the status bar when
  // the model cannot be loaded (ModelLoadError) or the text cannot be run densely. With
  // request.force every cache is dropped first (a full recompute). A SpAtten run error does not
  // throw: it is reported in AnalysisData::spattenError with hasSpatten = false.
  // `cancelled` is polled before every layer of every pass; when it returns true compute throws
  // core::Cancelled and no cache keeps a partial result (the next compute starts clean).
  // `prunedLayerDone`: core::RunOptions::layerDone of the pruned run, when there is one (the
  // worker's timeline prefetch).
  AnalysisOutput compute(const AnalysisRequest& request, const core::CancelCheck& cancelled = {},
                         const LayerHook& prunedLayerDone = {});
  // Compare mode's configuration B: like compute(), with its own last-result slot (so A's and
  // B's hardware-only edits both reuse their analysis); B equal to A (up to the hardware)
  // returns A's result. The dense run and dense attention caches are shared with A.
  AnalysisOutput computeB(const AnalysisRequest& request, const core::CancelCheck& cancelled = {});

  const BackendCounters& counters() const { return m_counters; }
  // The result the last compute() replaced (kept alive until now, so that freeing it is not
  // part of the edit's latency); the caller drops it when the worker is otherwise idle.
  AnalysisOutput takeReplaced() { return std::exchange(m_replaced, {}); }

private:
  void ensureModel(const QString& dir);
  // core::runReport with the dense run taken from (or stored into) the cache.
  std::shared_ptr<const core::RunReport> runReport(const std::vector<int>& ids,
                                                   const AnalysisRequest& request, bool bert,
                                                   const std::vector<int>& masks,
                                                   const core::CancelCheck& cancelled,
                                                   const LayerHook& prunedLayerDone);
  const views::SharedMatrices& denseProbs(const std::vector<int>& sequence,
                                          const core::CancelCheck& cancelled);

  std::unique_ptr<core::Model> m_model;
  std::unique_ptr<core::Tokenizer> m_tokenizer;
  QString m_dir;
  BackendCounters m_counters;

  // Dense run cache (valid for m_dir).
  struct DenseEntry {
    std::vector<int> ids;
    int generate = 0;
    std::uint64_t seed = 0;
    std::shared_ptr<const core::RunResult> run;
    std::shared_ptr<const core::DramReport> baseline;
    // BERT: the dense MLM argmax of the fidelity, for the [MASK] positions `mlmMasks`.
    std::optional<core::DenseMlm> mlm;
    std::vector<int> mlmMasks;
  };
  std::unique_ptr<DenseEntry> m_dense;
  // The last pruned run's summarization states (valid for m_dir).
  std::unique_ptr<core::RunPrefix> m_prefix;
  // The dense attention of m_probsSequence, from the dense run (or a forward pass when the SpAtten
  // run failed before it; valid for m_dir).
  std::vector<int> m_probsSequence;
  views::SharedMatrices m_probs;  // shared with every analysis of m_probsSequence
  bool m_probsValid = false;
  // Last result, for hardware-only edits.
  struct ResultKey {
    QString modelDir, text, runPreset;
    int generate = 0;
    ParamValues runParams;
    bool operator==(const ResultKey&) const = default;
  };
  std::unique_ptr<ResultKey> m_lastKey;
  AnalysisOutput m_last;
  AnalysisOutput m_replaced;              // the previous m_last (takeReplaced)
  std::unique_ptr<ResultKey> m_lastKeyB;  // compare mode's slot B
  AnalysisOutput m_lastB;
  static ResultKey keyOf(const AnalysisRequest& request);
};

}  // namespace spatten::app
