// Quest (Tang et al., ICML 2024): the KV cache in pages of `page` tokens, each with the
// per-channel minimum and maximum of its keys (its metadata). Per head and step, the query
// scores every page but the last by the upper bound sum_i max(q_i * max_i, q_i * min_i) and loads
// the last page (it holds the newest token) plus the best-scoring full pages that fit the token
// budget. Nothing is evicted; the metadata reads are DRAM traffic (PolicySelection::metaPages).
#include <algorithm>

#include "core/functional/policies/kv_policy.h"

namespace spatten::core {
namespace {

class QuestPolicy final : public KvPolicy {
public:
  explicit QuestPolicy(int page) : m_page(page) {}

  PolicySelection select(const PolicyStep& s) override {
    const int pages = (s.n + m_page - 1) / m_page;
    const int lastLen = s.n - (pages - 1) * m_page;
    // Full pages that fit beside the last page: floor((k - |last|) / page), 0 if none fits.
    const int fit = s.budget >= lastLen ? (s.budget - lastLen) / m_page : 0;
    PolicySelection sel;
    std::vector<int> chosen;
    if (fit >= pages - 1) {  // everything fits: no estimate, no metadata read
      for (int g = 0; g < pages; ++g) chosen.push_back(g);
    } else {
      const Eigen::Index dim = s.keys->cols();
      std::vector<int> ids(static_cast<size_t>(pages - 1));
      std::vector<double> bound(static_cast<size_t>(pages - 1), 0.0);
      for (int g = 0; g + 1 < pages; ++g) {
        ids[static_cast<size_t>(g)] = g;
        double sum = 0.0;
        for (Eigen::Index i = 0; i < dim; ++i) {
          float mn = (*s.keys)(g * m_page, i), mx = mn;
          for (int t = g * m_page + 1; t < (g + 1) * m_page; ++t) {
            mn = std::min(mn, (*s.keys)(t, i));
            mx = std::max(mx, (*s.keys)(t, i));
          }
          const double q = static_cast<double>(s.q[i]);
          sum += std::max(q * static_cast<double>(mx), q * static_cast<double>(mn));
        }
        bound[static_cast<size_t>(g)] = sum;
      }
      chosen = topByScore(ids, bound, fit);
      chosen.push_back(pages - 1);
      sel.metaPages = pages - 1;
      sel.candidates = pages - 1;
    }
    for (int g : chosen)
      for (int t = g * m_page; t < std::min(s.n, (g + 1) * m_page); ++t) sel.keys.push_back(t);
    sel.pages = std::move(chosen);
    return sel;
  }

private:
  int m_page;
};

}  // namespace

std::unique_ptr<KvPolicy> makeQuestPolicy(const RunConfig& cfg, const PolicyInit&) {
  return std::make_unique<QuestPolicy>(cfg.page);
}

}  // namespace spatten::core
