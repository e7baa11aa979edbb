#pragma once
// The filter stage behind the Alg. 3 quick-select (paper §IV-C, Fig. 10): once the k-th value of
// a request is known, separate comparators stream its probabilities (topk.parallelism per
// cycle) against it, a prefix sum keeps the first num_eq_kth equal elements, and a
// log2(parallelism)-stage zero eliminator compacts the kept indices, which go to the value
// fetcher and prob x V. Works on one request while the engine selects the next one.

#include <cstdint>

#include "core/sim/units/local_topk.h"

namespace spatten::core {

class ZeroEliminator {
public:
  ZeroEliminator() = default;
  explicit ZeroEliminator(std::uint32_t parallelism);

  bool idle() const { return m_request == kNone; }
  std::uint32_t request() const { return m_request; }
  std::uint32_t position() const { return m_pos; }
  std::uint32_t stages() const { return m_stages; }
  void accept(std::uint32_t request) { m_request = request; }

  // One cycle: busy (worked) or stalled (the value buffer has no room for the request's lines).
  void tick(LocalTopkEngine::Io& io, LocalTopkEngine& engine, bool& busy, bool& stalled);

private:
  std::uint32_t m_parallelism = 16, m_stages = 4;
  std::uint32_t m_request = kNone, m_pos = 0, m_tail = 0;
};

}  // namespace spatten::core
