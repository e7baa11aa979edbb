#pragma once
// topk.model = 0: the local-V top-k engine of the paper (§IV-B/C, Alg. 3, Fig. 9/10).
//  * Fill: the request's final probabilities enter FIFO_L and the data FIFO, topk.input_width
//    elements per cycle (the RTL widens the 8-wide softmax output to 16). The fill cycles count
//    towards round 0 (the RTL's TopKDummy counts its latency from the first beat).
//  * Rounds: the functional quick-select (core/functional/topk.h, seeded pivots) gives each round's
//    input size; a round takes ceil(size / P) cycles in the comparator arrays (P =
//    topk.parallelism) plus topk.round_overhead cycles (pivot read, zero-eliminator drain), as the
//    RTL's TopKLatencyModel.
//  * Then the zero eliminator (zero_eliminator.h) emits the kept indices while the next request
//    fills. Requests with value_fetch_num >= key_fetch_num skip the rounds.

#include "core/sim/units/local_topk.h"
#include "core/sim/units/zero_eliminator.h"

namespace spatten::core {

class QuickSelectEngine final : public LocalTopkEngine {
public:
  QuickSelectEngine(std::shared_ptr<const Workload> workload, const HwConfig& hw);
  std::unique_ptr<LocalTopkEngine> clone() const override {
    return std::make_unique<QuickSelectEngine>(*this);
  }
  void tick(Io& io) override;
  bool holds(std::uint32_t request) const override;

private:
  void describe(SimSnapshot& snap, const RequestTable& reqs) const override;
  std::uint32_t roundCycles(const TopKRound& rd) const {
    return (rd.inputSize + m_parallelism - 1) / m_parallelism + m_roundOverhead;
  }

  enum class Phase : std::uint8_t { Idle, Fill, Rounds };
  Phase m_phase = Phase::Idle;
  std::uint32_t m_request = kNone;
  std::uint32_t m_round = 0, m_roundCycle = 0, m_roundCycles = 0;
  std::uint32_t m_fifoDepth = 64;  // FIFO_L / FIFO_R entries of P elements (snapshot only)
  ZeroEliminator m_filter;
};

}  // namespace spatten::core
