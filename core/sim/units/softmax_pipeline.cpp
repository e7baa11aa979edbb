#include "core/sim/units/softmax_pipeline.h"

#include <algorithm>

#include "core/sim/snapshot.h"

namespace spatten::core {

PipelinedSoftmax::PipelinedSoftmax(const HwConfig& hw)
    : SoftmaxUnit(hw, hw.softmaxDivLatency + hw.softmaxQuantLatency),
      m_phaseA(hw.softmaxDequantLatency + hw.softmaxExpLatency + hw.softmaxAccLatency) {}

void PipelinedSoftmax::process(Activity& act, const HoldCredit& credit, bool& busy, bool& stalled) {
  const std::uint64_t cycle = act.cycle();
  // Phase A output: when the last beat of a (request, pass) arrives, its sum is ready.
  while (m_phaseA.ready(cycle)) {
    const Beat b = m_phaseA.front();
    m_phaseA.pop();
    m_aElements += b.count;
    if (b.last) {
      m_tasks.push_back({b.request, b.pass, m_aElements, 0});
      m_aElements = 0;
    }
  }
  // Phase B: up to `lanes` probabilities of the oldest ready request.
  if (!m_tasks.empty()) {
    Task& t = m_tasks.front();
    if (!holdCredit(credit, t.request)) {
      stalled = true;
    } else {
      const std::uint32_t cnt = std::min(m_lanes, t.elements - t.emitted);
      t.emitted += cnt;
      const bool last = t.emitted == t.elements;
      m_out.push(Beat{t.request, cnt, t.pass, last}, cycle);
      busy = true;
      act.busy(ModuleId::Softmax, t.request);
      if (last) {
        act.close(ModuleId::Softmax, t.request, t.pass);
        m_tasks.pop_front();
      }
    }
  }
  // Phase A input: one beat (<= lanes scores) per cycle from the input FIFO.
  if (!inputEmpty()) {
    const Beat b = takeBeat();
    m_phaseA.push(b, cycle);
    busy = true;
    act.busy(ModuleId::Softmax, b.request);
  }
}

void PipelinedSoftmax::describe(SimSnapshot& snap, const Workload& w) const {
  if (m_tasks.empty()) {
    SoftmaxUnit::describe(snap, w);
    return;
  }
  ModuleSnapshot& m = snap.module(ModuleId::Softmax);
  m.request = requestRef(w, m_tasks.front().request, m_tasks.front().pass);
  m.progress = m_tasks.front().emitted;
  m.total = m_tasks.front().elements;
}

}  // namespace spatten::core
