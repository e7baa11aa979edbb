// TOVA (Oren et al., 2024): one cache per layer; a step keeps the newest token and the k - 1
// cached tokens that received the most attention from the previous query (the last prompt token
// after the prefill), summed over the layer's alive heads (= the mean over heads, same order).
// Evicted tokens never return.
#include "core/functional/policies/kv_policy.h"

namespace spatten::core {
namespace {

class TovaPolicy final : public KvPolicy {
public:
  explicit TovaPolicy(const PolicyInit& init) {
    std::vector<int> prompt(static_cast<size_t>(init.promptLength));
    for (int t = 0; t < init.promptLength; ++t) prompt[static_cast<size_t>(t)] = t;
    const size_t L = static_cast<size_t>(init.layers);
    m_cache.assign(L, prompt);
    m_last.assign(L, {});
    m_pending.assign(L, {});
    m_selected.assign(L, {});
    m_selectedAt.assign(L, 0);
  }

  void observePrefill(int layer, int, const std::vector<int>& queryPos,
                      const RowMatrix& probs) override {
    // Only the last prompt token is "the current query" when the prefill ends.
    const Eigen::Index last = static_cast<Eigen::Index>(queryPos.size()) - 1;
    std::vector<double>& acc = grow(layer, queryPos.back() + 1);
    for (int j = 0; j <= queryPos.back(); ++j) acc[size_t(j)] += double(probs(last, j));
  }

  PolicySelection select(const PolicyStep& s) override {
    const size_t L = static_cast<size_t>(s.layer);
    if (m_selectedAt[L] != s.iteration) {  // first alive head of this layer in this step
      std::vector<int> cached;
      for (int t : m_cache[L])
        if (t < s.n - 1) cached.push_back(t);
      m_last[L].resize(static_cast<size_t>(s.n), 0.0);
      m_selected[L].keys = topByScore(cached, m_last[L], s.budget - 1);
      m_selected[L].keys.push_back(s.n - 1);
      m_selected[L].candidates = static_cast<int>(cached.size());
      m_selectedAt[L] = s.iteration;
      m_cache[L] = m_selected[L].keys;
    }
    return m_selected[L];
  }

  void observeStep(int layer, int, const std::vector<int>& keys, const float* probs) override {
    std::vector<double>& acc = grow(layer, keys.back() + 1);
    for (size_t i = 0; i < keys.size(); ++i) acc[static_cast<size_t>(keys[i])] += double(probs[i]);
  }

  void endLayer(int layer, int) override {
    const size_t L = static_cast<size_t>(layer);
    m_last[L] = std::move(m_pending[L]);
    m_pending[L].clear();
  }

  ScoreUpdate scoreUpdate() const override { return ScoreUpdate::LayerSum; }
  bool perHead() const override { return false; }

private:
  std::vector<double>& grow(int layer, int size) {
    std::vector<double>& acc = m_pending[static_cast<size_t>(layer)];
    if (acc.size() < static_cast<size_t>(size)) acc.resize(static_cast<size_t>(size), 0.0);
    return acc;
  }

  std::vector<std::vector<int>> m_cache;       // per layer: keys of the last step
  std::vector<std::vector<double>> m_last;     // per layer: attention of the previous query
  std::vector<std::vector<double>> m_pending;  // per layer: the current query's, being summed
  std::vector<PolicySelection> m_selected;     // per layer: this step's selection
  std::vector<int> m_selectedAt;               // per layer: iteration of m_selected
};

}  // namespace

std::unique_ptr<KvPolicy> makeTovaPolicy(const RunConfig&, const PolicyInit& init) {
  return std::make_unique<TovaPolicy>(init);
}

}  // namespace spatten::core
