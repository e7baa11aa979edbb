#pragma once
// topk.model = 1: the RTL's TopKDummy (notes §4.4 step 12) as the RTL harness drives it, the
// top-k the paper's Fig. 19 runs used. Beats (softmax.lanes elements) enter its data FIFO
// (topk.dummy_fifo_elements) one per cycle, in request order. The head request waits
// TopKLatencyModel's cycles (the rounds of the same seeded quick-select: ceil(size / P) +
// topk.round_overhead each), counted from the cycle its first beat is at the head; then its beats
// pop one per cycle (each pop clears the RTL's counter, so the next request's wait starts only
// after this one's last beat): the first `vals` elements go on as V indices, the rest are
// dropped. TestSpAtten gives the second request of a fused pair latency 0
// (topk.dummy_partner_latency = 0).

#include <vector>

#include "core/sim/units/local_topk.h"

namespace spatten::core {

class RtlDummyTopk final : public LocalTopkEngine {
public:
  RtlDummyTopk(std::shared_ptr<const Workload> workload, const HwConfig& hw);
  std::unique_ptr<LocalTopkEngine> clone() const override {
    return std::make_unique<RtlDummyTopk>(*this);
  }
  void tick(Io& io) override;
  bool holds(std::uint32_t request) const override;

private:
  void describe(SimSnapshot& snap, const RequestTable& reqs) const override;

  struct Held {  // a request in the data FIFO, oldest first
    std::uint32_t request = 0, filled = 0, n = 0, latency = 0, waited = 0, popped = 0;
    bool released = false;
  };
  std::uint32_t m_capacity = 2048;
  bool m_partnerLatency = false;
  std::vector<Held> m_held;  // at most a few entries
  std::uint32_t m_heldElements = 0;
};

}  // namespace spatten::core
