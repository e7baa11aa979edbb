#include "core/sim/units/softmax_unit.h"

#include "core/sim/snapshot.h"
#include "core/sim/stats.h"

namespace spatten::core {

SoftmaxUnit::SoftmaxUnit(const HwConfig& hw, int outputDepth)
    : m_lanes(static_cast<std::uint32_t>(hw.softmaxLanes)),
      m_out(outputDepth),
      m_fifoDepth(static_cast<std::uint32_t>(hw.softmaxFifoDepth)),
      m_in(static_cast<std::size_t>(hw.softmaxFifoDepth)) {}

void SoftmaxUnit::tick(Activity& act, BeatPipe& scoresIn, const HoldCredit& credit) {
  // Q x K adder-tree outputs enter the input FIFO (reserved by credits: never overflows).
  while (scoresIn.ready(act.cycle())) {
    const Beat b = scoresIn.pop();
    if (m_in.full())
      ++m_overflows;
    else
      m_in.push(b);
    m_inScores += b.count;
    if (m_inScores > m_fifoDepth) ++m_overflows;
  }
  bool busy = false, stalled = false;
  process(act, credit, busy, stalled);
  if (busy)
    act.set(ModuleId::Softmax, ModuleState::Busy);
  else if (stalled)
    act.set(ModuleId::Softmax, ModuleState::Stalled);
}

Beat SoftmaxUnit::takeBeat() {
  Beat b = m_in.front();
  if (b.count > m_lanes) {  // a wider beat is split over several cycles
    m_in.front().count = b.count - m_lanes;
    b.count = m_lanes;
    b.last = false;
  } else {
    m_in.pop();
  }
  m_inScores -= b.count;
  m_elements += b.count;
  return b;
}

void SoftmaxUnit::addStats(SimStats& s) const {
  s.softmaxElements = m_elements;
  s.fifoOverflows += m_overflows;
}

void SoftmaxUnit::describe(SimSnapshot& snap, const Workload& w) const {
  if (!m_in.empty())
    snap.module(ModuleId::Softmax).request = requestRef(w, m_in.front().request, m_in.front().pass);
}

void SoftmaxUnit::fillSnapshot(SimSnapshot& snap, const Workload& w) const {
  describe(snap, w);
  snap.module(ModuleId::Softmax).fifos.push_back({"input FIFO (scores)", m_inScores, m_fifoDepth});
}

}  // namespace spatten::core
