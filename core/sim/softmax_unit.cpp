// Module 8, softmax: softmax.lanes elements per cycle. Phase A (dequantize, exp, accumulate;
// 7+21+23 cycles) streams the scores in; once a request's last score has left phase A its sum is
// known and phase B (divide, re-quantize; 29+7 cycles) streams the probabilities out to the
// progressive-quantization unit. Phase A of the next request overlaps phase B of this one. The
// exp values wait in a buffer sized like the RTL's (not a back-pressure point); phase B is
// flow-controlled by credits on the requant hold buffer. softmax.passthrough = 1 is the RTL's
// Softmax.scala instead: no latency, no second phase.
#include <algorithm>

#include "core/sim/simulator.h"

namespace spatten::core {

void Simulator::tickSoftmax() {
  bool busy = false, stalled = false;
  // Q x K adder-tree outputs enter the input FIFO (reserved by credits: never overflows).
  while (m_qkPipe.ready(m_cycle)) {
    const Beat b = m_qkPipe.front();
    m_qkPipe.pop();
    m_qkPipeScores -= b.count;
    if (m_smIn.full()) ++m_stats.fifoOverflows;
    else m_smIn.push(b);
    m_smInScores += b.count;
    if (m_smInScores > static_cast<std::uint32_t>(m_hw.softmaxFifoDepth)) ++m_stats.fifoOverflows;
  }
  // Phase A output: when the last beat of a (request, pass) arrives, its sum is ready.
  while (m_smPipeA.ready(m_cycle)) {
    const Beat b = m_smPipeA.front();
    m_smPipeA.pop();
    m_smAElems += b.count;
    if (b.last) {
      m_smTasksB.push_back({b.request, b.pass, m_smAElems, 0});
      m_smAElems = 0;
    }
  }
  if (m_hw.softmaxPassthrough) {
    tickSoftmaxPassthrough(busy, stalled);
  } else {
    // Phase B: emit up to `lanes` probabilities of the oldest ready request.
    if (!m_smTasksB.empty()) {
      SoftmaxTask& t = m_smTasksB.front();
      if (!holdCredit(t.request)) {
        stalled = true;
      } else {
        const std::uint32_t cnt = std::min<std::uint32_t>(static_cast<std::uint32_t>(m_hw.softmaxLanes), t.elements - t.emitted);
        t.emitted += cnt;
        const bool last = t.emitted == t.elements;
        m_smPipeB.push(Beat{t.request, t.pass, static_cast<std::uint16_t>(cnt), last}, m_cycle);
        ++m_smPipeBBeats;
        busy = true;
        m_act.busy(ModuleId::Softmax, t.request);
        if (last) {
          m_act.close(ModuleId::Softmax, t.request, t.pass);
          m_smTasksB.pop_front();
        }
      }
    }
    // Phase A input: one beat (<= lanes scores) per cycle from the input FIFO.
    if (!m_smIn.empty()) {
      const Beat b = takeSoftmaxBeat();
      m_smPipeA.push(b, m_cycle);
      busy = true;
      m_act.busy(ModuleId::Softmax, b.request);
    }
  }
  if (busy) m_act.set(ModuleId::Softmax, ModuleState::Busy);
  else if (stalled) m_act.set(ModuleId::Softmax, ModuleState::Stalled);
}

// Phase B / pass-through output credit: a beat may enter the requant hold buffer's pipeline
// only if it will find room there. The request the top-k engine waits for always flows (no
// deadlock behind later requests).
bool Simulator::holdCredit(std::uint32_t request) const {
  const std::uint32_t cap = static_cast<std::uint32_t>(m_hw.requantBufferBeats);
  const std::uint32_t holdRoom = m_holdBeats < cap ? cap - m_holdBeats : 0;
  return m_smPipeBBeats + 1 <= holdRoom || request == m_topkNext;
}

// Takes the next beat of at most softmax.lanes scores from the input FIFO (a wider beat is split
// over several cycles).
Beat Simulator::takeSoftmaxBeat() {
  Beat b = m_smIn.front();
  const std::uint32_t lanes = static_cast<std::uint32_t>(m_hw.softmaxLanes);
  if (b.count > lanes) {
    m_smIn.front().count = static_cast<std::uint16_t>(b.count - lanes);
    b.count = static_cast<std::uint16_t>(lanes);
    b.last = false;
  } else {
    m_smIn.pop();
  }
  m_smInScores -= b.count;
  m_stats.softmaxElements += b.count;
  return b;
}

// softmax.passthrough = 1 (RTL Softmax.scala): each beat of scores goes on as probabilities one
// register stage later, flow-controlled by the same credit as phase B.
void Simulator::tickSoftmaxPassthrough(bool& busy, bool& stalled) {
  if (m_smIn.empty()) return;
  if (!holdCredit(m_smIn.front().request)) {
    stalled = true;
    return;
  }
  const Beat b = takeSoftmaxBeat();
  m_smPipeB.push(b, m_cycle);
  ++m_smPipeBBeats;
  busy = true;
  m_act.busy(ModuleId::Softmax, b.request);
  if (b.last) m_act.close(ModuleId::Softmax, b.request, b.pass);
}

}  // namespace spatten::core
