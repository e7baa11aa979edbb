#include "core/functional/runner.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "core/functional/cascade.h"
#include "core/functional/head_attention.h"
#include "core/functional/policies/kv_policy.h"
#include "core/functional/quantize.h"
#include "core/functional/run_prefix.h"
#include "core/functional/value_prune.h"
#include "core/util/error.h"

namespace spatten::core {
namespace {

class Runner {
public:
  Runner(const Model& model, const RunConfig& cfg, const RunOptions& opt)
      : m_model(model),
        m_cfg(cfg),
        m_opt(opt),
        m_mc(model.config()),
        m_rng(std::make_shared<std::mt19937_64>(cfg.seed)),
        m_selector(makeValueSelector(m_rng)) {
    m_tokenKeep = tokenKeepSchedule(cfg, m_mc.layers);
    m_headKeep = headKeepSchedule(cfg, m_mc.layers);
    m_pqActive = cfg.pq_enabled && cfg.k_msb_bits > 0;
  }

  RunResult run(const std::vector<int>& ids) {
    const int gen = m_cfg.generate;
    if (gen > 0 && m_mc.family != Family::Gpt2)
      throw Error("<config>", "generate", "generation needs a GPT-2 model; BERT has no generation stage");
    if (m_cfg.policy != "spatten" && m_mc.family != Family::Gpt2)
      throw Error("<config>", "policy",
                  fmt::format("'{}' selects keys of a decoder's KV cache in the generation stage "
                              "and is defined for decoders (GPT-2) only; use 'spatten' for BERT",
                              m_cfg.policy));
    if (m_cfg.policy == "oracle" && gen > 0 && m_opt.forcedTokens.empty())
      throw Error("<config>", "policy",
                  "the oracle reads the future: run it teacher-forced (RunOptions::forcedTokens)");
    if (!m_opt.forcedTokens.empty() && static_cast<int>(m_opt.forcedTokens.size()) < gen)
      throw Error("<options>", "forcedTokens", "fewer forced tokens than generation iterations");
    m_model.checkIds(ids, m_opt.inputName);
    if (static_cast<long long>(ids.size()) + gen > m_mc.maxPositions)
      throw Error("", m_opt.inputName,
                  fmt::format("{} tokens + {} generated exceed the model's context of {}",
                              ids.size(), gen, m_mc.maxPositions));
    const int cap = static_cast<int>(ids.size()) + gen;
    m_cache.assign(static_cast<size_t>(m_mc.layers), std::vector<HeadCache>(static_cast<size_t>(m_mc.heads)));
    for (auto& layer : m_cache)
      for (auto& hc : layer) {
        hc.kFirst = RowMatrix::Zero(cap, m_mc.headDim);
        hc.kFull = RowMatrix::Zero(cap, m_mc.headDim);
        hc.v = RowMatrix::Zero(cap, m_mc.headDim);
      }
    m_res.family = m_mc.family;
    m_res.config = m_cfg;
    m_res.layers = m_mc.layers;
    m_res.heads = m_mc.heads;
    m_res.headDim = m_mc.headDim;
    m_res.promptIds = ids;
    m_res.sequenceIds = ids;
    m_res.promptLength = static_cast<int>(ids.size());
    PolicyInit pin{&m_model, m_mc.layers, m_mc.heads, static_cast<int>(ids.size()), ids};
    if (m_cfg.policy == "oracle")
      pin.sequence.insert(pin.sequence.end(), m_opt.forcedTokens.begin(),
                          m_opt.forcedTokens.begin() + gen);
    m_policy = makeKvPolicy(m_cfg, pin);

    // Summarization.
    const int n0 = static_cast<int>(ids.size());
    std::vector<int> all(static_cast<size_t>(n0));
    std::iota(all.begin(), all.end(), 0);
    m_hidden = RowMatrix::Zero(cap, m_mc.dModel);
    m_hidden.topRows(n0) = m_model.embed(ids, all);
    m_alive.assign(static_cast<size_t>(m_mc.layers), all);
    std::vector<int> heads(static_cast<size_t>(m_mc.heads));
    std::iota(heads.begin(), heads.end(), 0);
    m_aliveHeads.assign(static_cast<size_t>(m_mc.layers), heads);
    m_tokenScore.assign(static_cast<size_t>(n0), 0.0);
    m_headScore.assign(static_cast<size_t>(m_mc.heads), 0.0);
    RunPrefix record;
    // Resumed: layers 0 .. first-1 passed (their states restored), the last one not pruned yet.
    const int first = m_opt.prefix ? resume(ids, record) : 0;
    if (first > 0) decide(0, first - 1);
    for (int l = first; l < m_mc.layers; ++l) {
      throwIfCancelled(m_opt.cancelled);
      const std::vector<int> rows = m_alive[static_cast<size_t>(l)];
      layerPass(0, l, rows);
      if (m_opt.prefix) record.layers.push_back(layerState(n0));
      decide(0, l);
    }
    if (m_opt.prefix) finishRecord(record, n0);
    stepOutput();

    // Generation: one new token per iteration, joining every A_l.
    for (int it = 1; it <= gen; ++it) {
      const int tok = m_opt.forcedTokens.empty()
                          ? m_res.stepArgmax.back()
                          : m_opt.forcedTokens[static_cast<size_t>(it - 1)];
      if (tok < 0 || tok >= m_mc.vocabSize)
        throw Error("<options>", "forcedTokens", fmt::format("token {} outside the vocabulary", tok));
      const int pos = static_cast<int>(m_res.sequenceIds.size());
      m_res.sequenceIds.push_back(tok);
      m_res.generatedIds.push_back(tok);
      m_hidden.row(pos) = m_model.embed({tok}, {pos}).row(0);
      m_tokenScore.push_back(0.0);
      for (auto& a : m_alive) a.push_back(pos);
      for (int l = 0; l < m_mc.layers; ++l) {
        throwIfCancelled(m_opt.cancelled);
        layerPass(it, l, {pos});
        decide(it, l);
      }
      stepOutput();
    }
    const int n = static_cast<int>(m_res.sequenceIds.size());
    m_res.finalHidden = m_hidden.topRows(n);
    m_res.dram = countDram(m_res, fetchBits(m_cfg));
    if (m_opt.prefix) *m_opt.prefix = std::move(record);
    return std::move(m_res);
  }

private:
  // RunOptions::prefix: restores the state after the layer pass (before the pruning decision)
  // of the last reusable summarization layer of *m_opt.prefix and starts `record` with the
  // reused layers' states; returns the number of reused layer passes (core/functional/
  // run_prefix.h). The caller then prunes that layer with this run's keep ratio.
  int resume(const std::vector<int>& ids, RunPrefix& record) {
    const RunPrefix& old = *m_opt.prefix;
    record.ids = ids;
    record.computeKey = prefixComputeKey(m_cfg, m_opt.recordAttention, m_opt.recordRefetchRows);
    record.tokenKeep = m_tokenKeep;
    record.headKeep = m_headKeep;
    if (m_policy) return 0;  // a KV policy's own state is not recorded
    const int f = reusableLayerPasses(old, ids, record.computeKey, m_tokenKeep, m_headKeep);
    record.resumedFrom = f;
    if (f == 0) return 0;
    const int n0 = static_cast<int>(ids.size());
    const RunLayerState& st = old.layers[static_cast<size_t>(f - 1)];
    record.layers.assign(old.layers.begin(), old.layers.begin() + f);
    m_hidden.topRows(n0) = st.hidden;
    m_alive = st.alive;
    m_aliveHeads = st.aliveHeads;
    m_tokenScore = st.tokenScore;
    m_headScore = st.headScore;
    *m_rng = st.rng;
    for (size_t l = 0; l < static_cast<size_t>(f); ++l)
      for (size_t h = 0; h < m_cache[l].size(); ++h) {
        const HeadCache& from = old.cache[l][h];
        HeadCache& to = m_cache[l][h];
        to.kFirst.topRows(n0) = from.kFirst;
        to.kFull.topRows(n0) = from.kFull;
        to.v.topRows(n0) = from.v;
      }
    const RunResult& r = old.result;
    m_res.layerRecords.assign(
        r.layerRecords.begin(),
        r.layerRecords.begin() + static_cast<std::ptrdiff_t>(st.layerRecords));
    m_res.requests.assign(r.requests.begin(),
                          r.requests.begin() + static_cast<std::ptrdiff_t>(st.requests));
    m_res.requestCount = st.requestCount;
    m_res.refetchCount = st.refetchCount;
    return f;
  }

  RunLayerState layerState(int n0) const {
    return {m_hidden.topRows(n0),
            m_alive,
            m_aliveHeads,
            m_tokenScore,
            m_headScore,
            *m_rng,
            m_res.layerRecords.size(),
            m_res.requests.size(),
            m_res.requestCount,
            m_res.refetchCount};
  }

  // After the summarization layers: the K/V caches (prompt rows) and the pass's records.
  void finishRecord(RunPrefix& record, int n0) const {
    record.cache.assign(m_cache.size(), {});
    for (size_t l = 0; l < m_cache.size(); ++l)
      for (const HeadCache& hc : m_cache[l])
        record.cache[l].push_back({hc.kFirst.topRows(n0), hc.kFull.topRows(n0), hc.v.topRows(n0)});
    record.result.layerRecords = m_res.layerRecords;
    record.result.requests = m_res.requests;
  }

  int seqLen() const { return static_cast<int>(m_res.sequenceIds.size()); }

  // Quantizes each row of `m` in place (bits 0 = float).
  static void quantRows(RowMatrix& m, int bits) {
    if (bits == 0) return;
    for (Eigen::Index r = 0; r < m.rows(); ++r) fakeQuantize(m.row(r).data(), static_cast<int>(m.cols()), bits);
  }

  void storeKv(int l, int h, const std::vector<int>& rows, const HeadQkv& qkv) {
    HeadCache& hc = m_cache[static_cast<size_t>(l)][static_cast<size_t>(h)];
    const int dim = m_mc.headDim;
    const int kb = m_cfg.k_msb_bits == 0 ? 0 : m_cfg.k_msb_bits + m_cfg.k_lsb_bits;
    for (size_t i = 0; i < rows.size(); ++i) {
      const Eigen::Index r = static_cast<Eigen::Index>(i);
      const int tok = rows[i];
      if (kb == 0) {
        hc.kFull.row(tok) = qkv.k.row(r);
        hc.kFirst.row(tok) = qkv.k.row(r);
      } else {
        RowVector kr = qkv.k.row(r);
        const QuantizedVector qv = quantize(kr.data(), dim, kb);
        dequantize(qv, hc.kFull.row(tok).data());
        if (m_cfg.pq_enabled)
          dequantizeMsb(qv, m_cfg.k_lsb_bits, hc.kFirst.row(tok).data());
        else
          hc.kFirst.row(tok) = hc.kFull.row(tok);
      }
      hc.v.row(tok) = qkv.v.row(r);
      if (m_cfg.v_bits != 0) fakeQuantize(hc.v.row(tok).data(), dim, m_cfg.v_bits);
    }
  }

  // Layer l for the query rows `rows` (summarization: A_l; generation: the new token).
  void layerPass(int it, int l, const std::vector<int>& rows) {
    const auto L = static_cast<size_t>(l);
    const RowMatrix x = m_hidden(rows, Eigen::all);
    std::vector<HeadQkv> qkv = m_model.projectQkv(l, m_model.attentionInput(l, x));
    std::vector<RowMatrix> headOut(static_cast<size_t>(m_mc.heads));
    for (int h : m_aliveHeads[L]) {
      HeadQkv& hq = qkv[static_cast<size_t>(h)];
      storeKv(l, h, rows, hq);
      const HeadCache& hc = m_cache[L][static_cast<size_t>(h)];
      HeadAttentionInput in;
      in.q = std::move(hq.q);
      quantRows(in.q, m_cfg.q_bits);
      // The keys: the alive set A_l, or in generation a KV policy's selection for this head.
      PolicySelection sel;
      if (m_policy && it > 0) {
        PolicyStep st{it, l, h, seqLen(), kvBudgetKeys(m_cfg.kv_budget, seqLen()),
                      in.q.row(0).data(), &hc.kFull};
        sel = m_policy->select(st);
      } else {
        sel.keys = m_alive[L];
      }
      const std::vector<int>& keys = sel.keys;
      in.queryPos = rows;
      in.keys = keys;
      in.kFirst = hc.kFirst(keys, Eigen::all);
      in.kFull = hc.kFull(keys, Eigen::all);
      in.v = hc.v(keys, Eigen::all);
      HeadAttentionOptions ho;
      ho.pqActive = m_pqActive;
      ho.pqThreshold = m_cfg.pq_threshold;
      ho.valueKeep = m_cfg.value_keep;
      ho.keepFirstRows = m_opt.recordRefetchRows;
      ho.keepKeptValues = m_opt.recordAttention;
      HeadAttentionOutput out = computeHeadAttention(m_model, in, ho, m_selector);
      // Importance: token columns (probabilities actually used, before value pruning), head
      // output magnitude (after value pruning).
      for (Eigen::Index i = 0; i < out.probs.rows(); ++i)
        for (size_t j = 0; j < keys.size(); ++j)
          m_tokenScore[static_cast<size_t>(keys[j])] += static_cast<double>(out.probs(i, static_cast<Eigen::Index>(j)));
      double mag = 0.0;
      for (Eigen::Index i = 0; i < out.out.rows(); ++i)
        for (Eigen::Index d = 0; d < out.out.cols(); ++d) mag += std::fabs(static_cast<double>(out.out(i, d)));
      m_headScore[static_cast<size_t>(h)] += mag;
      if (m_opt.headProbs) m_opt.headProbs(it, l, h, rows, keys, out.probs);
      if (m_policy && it == 0) m_policy->observePrefill(l, h, rows, out.probs);
      if (m_policy && it > 0) m_policy->observeStep(l, h, keys, out.probs.row(0).data());
      recordRequests(it, l, h, rows, sel, out);
      headOut[static_cast<size_t>(h)] = std::move(out.out);
    }
    if (m_policy) m_policy->endLayer(l, it);
    m_hidden(rows, Eigen::all) = m_model.finishLayer(l, x, headOut);
  }

  void recordRequests(int it, int l, int h, const std::vector<int>& rows,
                      const PolicySelection& sel, HeadAttentionOutput& out) {
    const std::vector<int>& keys = sel.keys;
    for (size_t i = 0; i < rows.size(); ++i) {
      HeadRowInfo& info = out.rows[i];
      RequestRecord rq;
      rq.iteration = it;
      rq.layer = l;
      rq.head = h;
      rq.query = rows[i];
      rq.keyFetch = info.attended;
      rq.valueFetch = info.valueFetch;
      rq.maxProbFirst = info.maxProbFirst;
      rq.refetch = info.refetch;
      if (it > 0) {
        rq.keyIds.assign(keys.begin(), keys.begin() + info.attended);
        rq.pages = sel.pages;
        rq.metaPages = sel.metaPages;
        rq.candidates = sel.candidates;
      }
      const float* p = out.probs.row(static_cast<Eigen::Index>(i)).data();
      if (m_opt.recordAttention) {
        rq.keys.assign(keys.begin(), keys.begin() + info.attended);
        rq.probs.assign(p, p + info.attended);
        rq.keptValues = std::move(info.keptValues);
      }
      if (info.refetch && m_opt.recordRefetchRows) {
        rq.probsMsb = std::move(info.probsFirst);
        rq.probsFull.assign(p, p + info.attended);
      }
      ++m_res.requestCount;
      if (rq.refetch) ++m_res.refetchCount;
      m_res.requests.push_back(std::move(rq));
    }
  }

  std::vector<int> protectedTokens() const {
    const int n = seqLen();
    std::vector<int> prot;
    for (int i = 0; i < std::min(n, m_cfg.protect_first); ++i) prot.push_back(i);
    prot.push_back(m_mc.family == Family::Bert ? 0 : n - 1);
    std::sort(prot.begin(), prot.end());
    prot.erase(std::unique(prot.begin(), prot.end()), prot.end());
    return prot;
  }

  // Layer l's pruning decision, then RunOptions::layerDone.
  void decide(int it, int l) {
    prune(it, l);
    if (m_opt.layerDone) m_opt.layerDone(m_res);
  }

  void prune(int it, int l) {
    const auto L = static_cast<size_t>(l);
    LayerRecord rec;
    rec.iteration = it;
    rec.layer = l;
    rec.sequenceLength = seqLen();
    rec.computedTokens = m_alive[L];
    rec.computedHeads = m_aliveHeads[L];
    rec.tokenKeep = m_tokenKeep[L];
    rec.headKeep = m_headKeep[L];
    if (m_policy) {  // a KV policy replaces cascade token pruning: every token stays alive
      rec.tokenKeep = 1.0;
      rec.tokenBudget = static_cast<int>(m_alive[L].size());
      rec.kvBudget = it > 0 ? kvBudgetKeys(m_cfg.kv_budget, seqLen()) : 0;
    } else {
      const std::vector<int> prot = protectedTokens();
      rec.tokenBudget = tokenBudget(static_cast<int>(m_alive[L].size()),
                                    static_cast<int>(prot.size()), rec.tokenKeep, seqLen());
      m_alive[L] = selectTokens(m_alive[L], m_tokenScore, prot, rec.tokenBudget);
      for (size_t m = L + 1; m < m_alive.size(); ++m)
        m_alive[m] = intersectSorted(m_alive[m], m_alive[L]);
    }
    rec.headBudget = headBudget(static_cast<int>(m_aliveHeads[L].size()), rec.headKeep, m_mc.heads);
    m_aliveHeads[L] = selectHeads(m_aliveHeads[L], m_headScore, rec.headBudget);
    for (size_t m = L + 1; m < m_aliveHeads.size(); ++m)
      m_aliveHeads[m] = intersectSorted(m_aliveHeads[m], m_aliveHeads[L]);
    rec.aliveTokens = m_alive[L];
    rec.aliveHeads = m_aliveHeads[L];
    rec.tokenImportance = m_tokenScore;
    rec.headImportance = m_headScore;
    m_res.layerRecords.push_back(std::move(rec));
  }

  // GPT-2: next-token logits of the newest token after this pass.
  void stepOutput() {
    if (m_mc.family != Family::Gpt2 || !m_model.hasLogits()) return;
    const RowMatrix lg = m_model.logits(m_hidden.row(seqLen() - 1));
    RowVector row = lg.row(0);
    Eigen::Index best = 0;
    for (Eigen::Index i = 1; i < row.size(); ++i)
      if (row(i) > row(best)) best = i;
    m_res.stepLogits.push_back(std::move(row));
    m_res.stepArgmax.push_back(static_cast<int>(best));
  }

  const Model& m_model;
  const RunConfig& m_cfg;
  const RunOptions& m_opt;
  const ModelConfig& m_mc;
  std::shared_ptr<std::mt19937_64> m_rng;  // the selector's pivots, snapshotted per layer
  TopKSelector m_selector;
  std::unique_ptr<KvPolicy> m_policy;  // null for the SpAtten cascade
  std::vector<double> m_tokenKeep, m_headKeep;
  bool m_pqActive = false;
  std::vector<std::vector<HeadCache>> m_cache;
  RowMatrix m_hidden;  // [capacity x d] current (or frozen) hidden state per token
  std::vector<std::vector<int>> m_alive, m_aliveHeads;
  std::vector<double> m_tokenScore, m_headScore;
  RunResult m_res;
};

}  // namespace

RunResult runSpatten(const Model& model, const std::vector<int>& ids, const RunConfig& cfg,
                     const RunOptions& options) {
  validate(cfg, "<config>");
  Runner r(model, cfg, options);
  return r.run(ids);
}

bool isFinalLayer(const RunResult& partial) {
  // Runner::run: summarization (iteration 0), then exactly config.generate iterations, each
  // over every layer.
  return !partial.layerRecords.empty() &&
         partial.layerRecords.back().iteration == partial.config.generate &&
         partial.layerRecords.back().layer == partial.layers - 1;
}

}  // namespace spatten::core
