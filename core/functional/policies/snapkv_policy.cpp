// SnapKV (Li et al., 2024): at the end of the prefill, the last `window` prompt queries vote per
// head: their softmax attention to each earlier prompt position (the prefix) is summed over the
// window, then average-pooled with a kernel of `pool_kernel` (zero padding, stride 1). A step
// keeps the observation window and every generated token, and fills the rest of its budget with
// the prefix positions of the highest pooled vote; once the window and the generated tokens
// alone exceed the budget it keeps the most recent k tokens. Evicted positions never return.
#include <algorithm>

#include "core/functional/policies/kv_policy.h"

namespace spatten::core {
namespace {

class SnapKvPolicy final : public KvPolicy {
public:
  SnapKvPolicy(const RunConfig& cfg, const PolicyInit& init)
      : m_heads(init.heads),
        m_kernel(cfg.pool_kernel),
        m_prefix(std::max(0, init.promptLength - cfg.window)) {
    const size_t cells = static_cast<size_t>(init.layers) * static_cast<size_t>(init.heads);
    m_vote.assign(cells, std::vector<double>(static_cast<size_t>(m_prefix), 0.0));
    m_pooled.assign(cells, {});
  }

  void observePrefill(int layer, int head, const std::vector<int>& queryPos,
                      const RowMatrix& probs) override {
    std::vector<double>& vote = m_vote[cell(layer, head)];
    for (size_t i = 0; i < queryPos.size(); ++i)
      if (queryPos[i] >= m_prefix)  // an observation-window query
        for (int j = 0; j < m_prefix; ++j)
          vote[size_t(j)] += static_cast<double>(probs(static_cast<Eigen::Index>(i), j));
    // Pooling: the sum over the kernel (= the average times the kernel: same order).
    const int half = m_kernel / 2;
    std::vector<double>& pooled = m_pooled[cell(layer, head)];
    pooled.assign(static_cast<size_t>(m_prefix), 0.0);
    for (int j = 0; j < m_prefix; ++j)
      for (int t = std::max(0, j - half); t <= std::min(m_prefix - 1, j + half); ++t)
        pooled[size_t(j)] += vote[size_t(t)];
  }

  PolicySelection select(const PolicyStep& s) override {
    PolicySelection sel;
    const int recent = s.n - m_prefix;  // observation window + generated tokens
    if (recent >= s.budget) {
      for (int t = s.n - s.budget; t < s.n; ++t) sel.keys.push_back(t);
      return sel;
    }
    std::vector<int> prefix(static_cast<size_t>(m_prefix));
    for (int j = 0; j < m_prefix; ++j) prefix[size_t(j)] = j;
    sel.keys = topByScore(prefix, m_pooled[cell(s.layer, s.head)], s.budget - recent);
    sel.candidates = m_prefix;
    for (int t = m_prefix; t < s.n; ++t) sel.keys.push_back(t);
    return sel;
  }

  ScoreUpdate scoreUpdate() const override { return ScoreUpdate::WindowVote; }

private:
  size_t cell(int layer, int head) const { return static_cast<size_t>(layer * m_heads + head); }

  int m_heads, m_kernel, m_prefix;  // m_prefix: prompt positions before the window
  std::vector<std::vector<double>> m_vote, m_pooled;  // per (layer, head), by prefix position
};

}  // namespace

std::unique_ptr<KvPolicy> makeSnapKvPolicy(const RunConfig& cfg, const PolicyInit& init) {
  return std::make_unique<SnapKvPolicy>(cfg, init);
}

}  // namespace spatten::core
