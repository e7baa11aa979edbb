// H2O (Zhang et al., NeurIPS 2023): per head, the attention each cached token has received,
// accumulated over every query since it entered the cache (prefill rows included); a step keeps
// the most recent r tokens and the k - r cached tokens with the highest accumulated attention.
// Evicted tokens never return (at most one eviction per step once the prefill was cut).
#include <algorithm>

#include "core/functional/cascade.h"
#include "core/functional/policies/kv_policy.h"

namespace spatten::core {
namespace {

class H2oPolicy final : public KvPolicy {
public:
  H2oPolicy(const RunConfig& cfg, const PolicyInit& init)
      : m_recentFrac(cfg.recent_frac), m_heads(init.heads) {
    const size_t cells = static_cast<size_t>(init.layers) * static_cast<size_t>(init.heads);
    std::vector<int> prompt(static_cast<size_t>(init.promptLength));
    for (int t = 0; t < init.promptLength; ++t) prompt[static_cast<size_t>(t)] = t;
    m_cache.assign(cells, prompt);  // the dense prefill cached every prompt token
    m_score.assign(cells, std::vector<double>(static_cast<size_t>(init.promptLength), 0.0));
  }

  void observePrefill(int layer, int head, const std::vector<int>& queryPos,
                      const RowMatrix& probs) override {
    std::vector<double>& acc = m_score[cell(layer, head)];
    for (size_t i = 0; i < queryPos.size(); ++i)
      for (int j = 0; j <= queryPos[i]; ++j)
        acc[static_cast<size_t>(j)] += static_cast<double>(probs(static_cast<Eigen::Index>(i), j));
  }

  PolicySelection select(const PolicyStep& s) override {
    const size_t c = cell(s.layer, s.head);
    // Recent window r = max(1, ceil(recent_frac * k)) (it always holds the newest token).
    const int r = std::min<int>(s.budget, std::max<long long>(1, ceilEps(m_recentFrac * s.budget)));
    std::vector<int> candidates;
    for (int t : m_cache[c])
      if (t < s.n - r) candidates.push_back(t);
    PolicySelection sel;
    sel.keys = topByScore(candidates, m_score[c], s.budget - r);
    sel.candidates = static_cast<int>(candidates.size());
    for (int t = s.n - r; t < s.n; ++t) sel.keys.push_back(t);
    m_cache[c] = sel.keys;
    return sel;
  }

  void observeStep(int layer, int head, const std::vector<int>& keys, const float* probs) override {
    std::vector<double>& acc = m_score[cell(layer, head)];
    if (acc.size() < static_cast<size_t>(keys.back()) + 1) acc.resize(size_t(keys.back()) + 1, 0.0);
    for (size_t i = 0; i < keys.size(); ++i) acc[static_cast<size_t>(keys[i])] += double(probs[i]);
  }

  ScoreUpdate scoreUpdate() const override { return ScoreUpdate::AccumulatePerHead; }

private:
  size_t cell(int layer, int head) const { return static_cast<size_t>(layer * m_heads + head); }

  double m_recentFrac;
  int m_heads;
  std::vector<std::vector<int>> m_cache;     // per (layer, head): keys of the last step
  std::vector<std::vector<double>> m_score;  // per (layer, head): accumulated attention by token
};

}  // namespace

std::unique_ptr<KvPolicy> makeH2oPolicy(const RunConfig& cfg, const PolicyInit& init) {
  return std::make_unique<H2oPolicy>(cfg, init);
}

}  // namespace spatten::core
