#include "app/gui/backend/analysis_backend.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QThread>

#include "app/gui/backend/analysis_convert.h"
#include "app/gui/backend/model_output.h"
#include "app/gui/backend/param_config.h"
#include "app/gui/backend/token_text.h"
#include "core/functional/fidelity.h"
#include "core/functional/run_config.h"
#include "core/functional/run_prefix.h"
#include "core/functional/run_report.h"
#include "core/functional/runner.h"
#include "core/model/forward.h"
#include "core/model/model.h"
#include "core/session/model_folder.h"
#include "core/tokenizer/tokenizer.h"
#include "core/util/error.h"

namespace spatten::app {
namespace {

constexpr const char* kInputName = "sentence";

}  // namespace

AnalysisBackend::AnalysisBackend() = default;
AnalysisBackend::~AnalysisBackend() = default;

void AnalysisBackend::ensureModel(const QString& dir) {
  if (m_model && dir == m_dir) return;
  m_model.reset();
  m_tokenizer.reset();
  m_dense.reset();
  m_prefix = std::make_unique<core::RunPrefix>();
  m_probsValid = false;
  m_lastKey.reset();
  m_last = {};
  m_lastKeyB.reset();
  m_lastB = {};
  try {
    core::ModelFolder folder = core::loadModelFolder(dir.toStdString());
    m_tokenizer = std::move(folder.tokenizer);
    m_model = std::move(folder.model);
    // Both cores for the large products (bit-identical results, core/model/ops.h).
    m_model->setThreads(QThread::idealThreadCount() >= 2 ? 2 : 1);
  } catch (const std::exception& e) {
    m_tokenizer.reset();
    m_model.reset();
    m_dir.clear();
    throw ModelLoadError(e.what());
  }
  m_dir = dir;
}

// The steps of core::runReport (core/functional/run_report.cpp), in the same order and with the
// same configurations, except that the dense run comes from the cache when its inputs are
// unchanged. The dense run reads only the model, the ids and a config built from the "dense" preset
// plus `generate` and `seed`; runSpatten is deterministic, so the cached run is the one runReport
// would compute. If core::runReport changes, tst_analysis_cache (which compares against it) fails.
std::shared_ptr<const core::RunReport> AnalysisBackend::runReport(
    const std::vector<int>& ids, const AnalysisRequest& request, bool bert,
    const std::vector<int>& masks, const core::CancelCheck& cancelled,
    const LayerHook& prunedLayerDone) {
  const core::RunConfig cfg = runConfigOf(request, bert);
  core::validate(cfg, "<config>");
  if (!m_dense || m_dense->ids != ids || m_dense->generate != cfg.generate ||
      m_dense->seed != cfg.seed) {
    m_dense.reset();
    core::RunConfig denseCfg = core::presetConfig("dense");
    denseCfg.generate = cfg.generate;
    denseCfg.seed = cfg.seed;
    core::RunOptions denseOpt;
    denseOpt.inputName = kInputName;
    denseOpt.recordRefetchRows = false;
    denseOpt.cancelled = cancelled;
    auto entry = std::make_unique<DenseEntry>();
    entry->ids = ids;
    entry->generate = cfg.generate;
    entry->seed = cfg.seed;
    // The heatmap's dense attention is this run's (no pruning, float Q/K/V): each head's rows
    // are copied as the run computes them, unless the sequence's are cached already (a new
    // seed). No separate dense forward pass.
    const std::size_t length = ids.size() + static_cast<std::size_t>(cfg.generate);
    const bool haveProbs = m_probsValid && m_probsSequence.size() == length &&
                           std::equal(ids.begin(), ids.end(), m_probsSequence.begin());
    std::vector<views::Matrix> probs;
    if (!haveProbs) {
      m_probs = {};  // an analysis still shown keeps its own
      m_probsValid = false;
      const core::ModelConfig& mc = m_model->config();
      probs.resize(static_cast<std::size_t>(mc.layers * mc.heads));
      denseOpt.headProbs = [&probs, &mc, length](int, int l, int h, const std::vector<int>& rows,
                                                 const std::vector<int>& keys,
                                                 const core::RowMatrix& p) {
        addHeadRows(probs[static_cast<std::size_t>(l * mc.heads + h)], static_cast<int>(length),
                    rows, keys, p);
      };
    }
    ++m_counters.denseRuns;
    auto run =
        std::make_shared<core::RunResult>(core::runSpatten(*m_model, ids, denseCfg, denseOpt));
    if (!haveProbs) {
      ++m_counters.denseProbsFromRun;
      m_probs = views::SharedMatrices(std::move(probs));
      m_probsSequence = run->sequenceIds;
      m_probsValid = true;
    }
    entry->baseline =
        std::make_shared<const core::DramReport>(core::countDram(*run, core::denseBaselineBits()));
    entry->run = std::move(run);
    m_dense = std::move(entry);
  }
  auto rep = std::make_shared<core::RunReport>();
  rep->dense = m_dense->run;  // shared, not copied
  core::RunOptions prunedOpt;
  prunedOpt.recordAttention = true;
  prunedOpt.inputName = kInputName;
  prunedOpt.cancelled = cancelled;
  if (m_model->family() == core::Family::Gpt2) prunedOpt.forcedTokens = rep->dense->generatedIds;
  prunedOpt.prefix = m_prefix.get();
  prunedOpt.layerDone = prunedLayerDone;
  ++m_counters.prunedRuns;
  rep->pruned = core::runSpatten(*m_model, ids, cfg, prunedOpt);
  m_counters.resumedFrom = m_prefix->resumedFrom;
  rep->denseBaseline = *m_dense->baseline;
  if (!m_dense->mlm || m_dense->mlmMasks != masks) {
    ++m_counters.denseMlms;
    m_dense->mlm = core::denseMlmOf(*m_model, *m_dense->run, masks);
    m_dense->mlmMasks = masks;
  }
  rep->fidelity = core::measureFidelity(*m_model, *rep->dense, rep->pruned, masks, &*m_dense->mlm);
  return rep;
}

const views::SharedMatrices& AnalysisBackend::denseProbs(const std::vector<int>& sequence,
                                                         const core::CancelCheck& cancelled) {
  if (m_probsValid && m_probsSequence == sequence) return m_probs;
  m_probsValid = false;
  const core::ModelConfig& cfg = m_model->config();
  m_probs = {};  // the previous analysis keeps its own, if it is still shown
  std::vector<views::Matrix> probs(static_cast<std::size_t>(cfg.layers * cfg.heads));
  core::ForwardOptions fo;
  fo.keepHeads = false;  // only the probabilities, each copied once as it is computed
  fo.headProbs = [&](int l, int h, const core::RowMatrix& p) {
    probs[static_cast<std::size_t>(l * cfg.heads + h)] = matrixOf(p);
  };
  fo.inputName = kInputName;
  fo.cancelled = cancelled;
  ++m_counters.denseForwards;
  core::forward(*m_model, sequence, fo);
  m_probs = views::SharedMatrices(std::move(probs));
  m_probsSequence = sequence;
  m_probsValid = true;
  return m_probs;
}

AnalysisOutput AnalysisBackend::compute(const AnalysisRequest& request,
                                        const core::CancelCheck& cancelled,
                                        const LayerHook& prunedLayerDone) {
  QElapsedTimer clock;
  clock.start();
  if (request.modelDir.isEmpty())
    throw core::Error("", "model", "no model selected (no bundled samples found)");
  ensureModel(request.modelDir);
  core::throwIfCancelled(cancelled);
  if (request.force) {  // Recompute: nothing cached is reused
    m_dense.reset();
    *m_prefix = {};
    m_probsValid = false;
    m_lastKey.reset();
    m_lastKeyB.reset();
  }
  ResultKey key = keyOf(request);
  if (m_lastKey && *m_lastKey == key) return m_last;  // hardware-only edit: same result
  m_lastKey.reset();
  const core::ModelConfig& cfg = m_model->config();
  const bool bert = m_model->family() == core::Family::Bert;

  auto a = std::make_shared<views::AnalysisData>();
  a->modelName = QFileInfo(request.modelDir).fileName();
  a->family = QString::fromUtf8(core::familyName(m_model->family()));
  a->layers = cfg.layers;
  a->heads = cfg.heads;
  const core::EncodedText prompt =
      core::encodeText(*m_model, *m_tokenizer, request.text.toStdString());
  const std::vector<int>& ids = prompt.ids;
  m_model->checkIds(ids, kInputName);
  a->promptLength = static_cast<int>(ids.size());

  // SpAtten run first: its dense run's greedy tokens extend the sequence for GPT-2.
  AnalysisOutput out;
  std::vector<int> sequence = ids;
  const std::vector<int>& masks = prompt.maskPositions;
  try {
    out.report = runReport(ids, request, bert, masks, cancelled, prunedLayerDone);
    sequence = out.report->dense->sequenceIds;
  } catch (const core::Cancelled&) {
    throw;
  } catch (const std::exception& e) {
    a->spattenError = QString::fromUtf8(e.what());
  }
  core::throwIfCancelled(cancelled);

  for (std::size_t i = 0; i < sequence.size(); ++i) {
    const int id = sequence[i];
    // BERT: the vocabulary string ("##ing", "[MASK]"). GPT-2: the token's bytes, "<0xE7>" for
    // a byte that is not UTF-8 on its own (vocabulary strings use byte-level markers).
    const QString text =
        bert ? (i < prompt.tokens.size() ? QString::fromStdString(prompt.tokens[i].text)
                                         : QString::fromStdString(m_tokenizer->tokenText(id)))
             : displayBytes(m_tokenizer->tokenBytes(id));
    a->tokens.push_back({id, text});
  }
  a->passCount = 1 + static_cast<int>(sequence.size() - ids.size());

  a->denseProbs = denseProbs(sequence, cancelled);
  if (out.report) {
    addSpattenRun(*a, out.report);
    a->output = modelOutput(*m_model, *m_tokenizer, *out.report, masks);
  }
  a->elapsedMs = static_cast<double>(clock.elapsed());
  out.analysis = std::move(a);
  m_replaced = std::move(m_last);
  m_last = out;
  m_lastKey = std::make_unique<ResultKey>(std::move(key));
  return out;
}

AnalysisBackend::ResultKey AnalysisBackend::keyOf(const AnalysisRequest& request) {
  return {request.modelDir, request.text, request.runPreset, request.generate, request.runParams};
}

AnalysisOutput AnalysisBackend::computeB(const AnalysisRequest& request,
                                         const core::CancelCheck& cancelled) {
  const ResultKey key = keyOf(request);
  if (m_lastKeyB && *m_lastKeyB == key && m_model && m_dir == request.modelDir) return m_lastB;
  if (m_lastKey && *m_lastKey == key && m_model && m_dir == request.modelDir) {
    m_lastKeyB = std::make_unique<ResultKey>(key);  // B keeps it when A changes
    m_lastB = m_last;
    return m_last;
  }
  // compute() keeps A's slot: save it, compute B through it, put A back.
  auto keyA = std::move(m_lastKey);
  AnalysisOutput lastA = m_last;
  AnalysisOutput out;
  try {
    out = compute(request, cancelled);
  } catch (...) {
    if (m_dir == request.modelDir) {
      m_lastKey = std::move(keyA);
      m_last = std::move(lastA);
    }
    throw;
  }
  m_lastKeyB = std::move(m_lastKey);
  m_lastB = out;
  m_lastKey = std::move(keyA);
  m_last = std::move(lastA);
  return out;
}

}  // namespace spatten::app
