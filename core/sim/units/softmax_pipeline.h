#pragma once
// The paper's softmax (softmax.passthrough = 0): softmax.lanes elements per cycle. Phase A
// (dequantize, exp, accumulate: softmax.{dequant,exp,acc}_latency cycles) streams the scores in;
// once a request's last score has left phase A its sum is known and phase B (divide, re-quantize:
// softmax.{div,quant}_latency cycles) streams the probabilities out to the requant hold buffer.
// Phase A of the next request overlaps phase B of this one. The exp values wait in a buffer sized
// like the RTL's (not a back-pressure point).

#include <deque>

#include "core/sim/units/softmax_unit.h"

namespace spatten::core {

class PipelinedSoftmax final : public SoftmaxUnit {
public:
  explicit PipelinedSoftmax(const HwConfig& hw);
  std::unique_ptr<SoftmaxUnit> clone() const override {
    return std::make_unique<PipelinedSoftmax>(*this);
  }

private:
  void process(Activity& act, const HoldCredit& credit, bool& busy, bool& stalled) override;
  void describe(SimSnapshot& snap, const Workload& w) const override;

  struct Task {  // a (request, pass) whose sum is known: phase B emits its probabilities
    std::uint32_t request = 0;
    std::uint8_t pass = 0;
    std::uint32_t elements = 0, emitted = 0;
  };
  DelayLine<Beat> m_phaseA;
  std::deque<Task> m_tasks;
  std::uint32_t m_aElements = 0;  // elements of the (request, pass) entering phase B next
};

}  // namespace spatten::core
