#pragma once
// The RTL's softmax (softmax.passthrough = 1, Softmax.scala): the authors' Verilator build had
// no floating-point IP, so scores pass through as probabilities one register stage later, one
// beat per cycle, flow-controlled by the same hold-buffer credit as the paper's phase B. For
// reproducing the RTL's cycle counts (docs/validation.md).

#include "core/sim/units/softmax_unit.h"

namespace spatten::core {

class PassthroughSoftmax final : public SoftmaxUnit {
public:
  explicit PassthroughSoftmax(const HwConfig& hw) : SoftmaxUnit(hw, 1) {}
  std::unique_ptr<SoftmaxUnit> clone() const override {
    return std::make_unique<PassthroughSoftmax>(*this);
  }

private:
  void process(Activity& act, const HoldCredit& credit, bool& busy, bool& stalled) override {
    if (inputEmpty()) return;
    if (!holdCredit(credit, inputFront().request)) {
      stalled = true;
      return;
    }
    const Beat b = takeBeat();
    m_out.push(b, act.cycle());
    busy = true;
    act.busy(ModuleId::Softmax, b.request);
    if (b.last) act.close(ModuleId::Softmax, b.request, b.pass);
  }
};

}  // namespace spatten::core
