// StreamingLLM (Xiao et al., ICLR 2024): the first `sink` tokens (attention sinks) and the most
// recent tokens, k(n) in all; the same keys for every layer and head; no scores.
#include <algorithm>

#include "core/functional/policies/kv_policy.h"

namespace spatten::core {
namespace {

class StreamingPolicy final : public KvPolicy {
public:
  explicit StreamingPolicy(int sink) : m_sink(sink) {}

  PolicySelection select(const PolicyStep& s) override {
    // s sinks (at most k - 1, so that the newest token always fits) and k - s recent tokens.
    const int sinks = std::min(m_sink, s.budget - 1);
    PolicySelection sel;
    for (int t = 0; t < sinks; ++t) sel.keys.push_back(t);
    for (int t = std::max(sinks, s.n - (s.budget - sinks)); t < s.n; ++t) sel.keys.push_back(t);
    return sel;
  }
  bool perHead() const override { return false; }

private:
  int m_sink;
};

}  // namespace

std::unique_ptr<KvPolicy> makeStreamingPolicy(const RunConfig& cfg, const PolicyInit&) {
  return std::make_unique<StreamingPolicy>(cfg.sink);
}

}  // namespace spatten::core
