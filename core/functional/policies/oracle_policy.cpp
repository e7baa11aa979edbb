// Static top-k oracle (the upper bound H2O compares against: H2O's heavy hitters chosen with the
// whole sequence's attention instead of the past's). Per layer and head, each token's score is the
// attention it receives from every query of the whole sequence in the dense float model, future
// queries included. A step keeps H2O's recent window (r = max(1, ceil(recent_frac * k))) and the
// k - r earlier tokens of the highest score. It reads the future, so no hardware can build it; its
// request stream is what that static selection would fetch (every key stays in DRAM, so a token
// may return).
#include <algorithm>

#include "core/model/forward.h"
#include "core/functional/cascade.h"
#include "core/functional/policies/kv_policy.h"
#include "core/util/error.h"

namespace spatten::core {
namespace {

class OraclePolicy final : public KvPolicy {
public:
  OraclePolicy(const RunConfig& cfg, const PolicyInit& init)
      : m_recentFrac(cfg.recent_frac), m_heads(init.heads) {
    ForwardOptions fo;
    fo.keepHeads = true;
    fo.inputName = "<oracle sequence>";
    const ForwardTrace tr = forward(*init.model, init.sequence, fo);
    for (const LayerTrace& lt : tr.layers)
      for (const HeadTrace& ht : lt.heads) {
        std::vector<double> s(static_cast<size_t>(ht.probs.cols()), 0.0);
        for (Eigen::Index q = 0; q < ht.probs.rows(); ++q)
          for (Eigen::Index j = 0; j <= q && j < ht.probs.cols(); ++j)
            s[size_t(j)] += static_cast<double>(ht.probs(q, j));
        m_score.push_back(std::move(s));
      }
  }

  PolicySelection select(const PolicyStep& s) override {
    const int r = std::min<int>(s.budget, std::max<long long>(1, ceilEps(m_recentFrac * s.budget)));
    std::vector<int> earlier(static_cast<size_t>(s.n - r));
    for (int t = 0; t < s.n - r; ++t) earlier[size_t(t)] = t;
    PolicySelection sel;
    sel.keys = topByScore(earlier, m_score[size_t(s.layer * m_heads + s.head)], s.budget - r);
    sel.candidates = s.n - r;
    for (int t = s.n - r; t < s.n; ++t) sel.keys.push_back(t);
    return sel;
  }

private:
  double m_recentFrac;
  int m_heads;
  std::vector<std::vector<double>> m_score;  // per (layer, head): future-inclusive attention
};

}  // namespace

std::unique_ptr<KvPolicy> makeOraclePolicy(const RunConfig& cfg, const PolicyInit& init) {
  if (!init.model) throw Error("<config>", "policy", "the oracle needs the model");
  return std::make_unique<OraclePolicy>(cfg, init);
}

}  // namespace spatten::core
