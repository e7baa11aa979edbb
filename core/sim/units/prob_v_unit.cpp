#include "core/sim/units/prob_v_unit.h"

#include <algorithm>

#include "core/sim/snapshot.h"
#include "core/sim/stats.h"
#include "core/sim/units/data_ready.h"

namespace spatten::core {

ProbVUnit::ProbVUnit(const HwConfig& hw)
    : m_multipliers(hw.avMultipliers), m_pipe(hw.avPipelineDepth) {}

void ProbVUnit::tick(Activity& act, const RequestTable& reqs, const DataReady& data,
                     const RequestHolder& topk) {
  const std::uint64_t cycle = act.cycle();
  while (m_pipe.ready(cycle)) {  // a request is done when its last beat leaves
    const Beat b = m_pipe.pop();
    if (!b.last) continue;
    act.close(ModuleId::AttnV, b.request);
    ++m_finished;
    Event e;
    e.kind = EventKind::RequestDone;
    e.cycle = cycle;
    e.request = b.request;
    e.layer = reqs[b.request].layer;
    act.log(e);
    finished.send({b.request});
  }
  if (m_next >= reqs.end()) return;
  const RequestInfo& s = reqs[m_next];
  const std::uint32_t* known = m_emitted.find(m_next);
  const std::uint32_t emitted = known ? *known : 0;
  if (emitted == 0 && s.vals > 0) return;  // no value index yet
  const auto n = static_cast<std::uint32_t>(s.vals);
  if (n == 0) {
    if (topk.holds(m_next)) return;  // the top-k engine has not released this request yet
    m_pipe.push(Beat{m_next, 0, 0, true}, cycle);
    ++m_next;
    return;
  }
  const auto perCycle = static_cast<std::uint32_t>(std::max(1, m_multipliers / s.d));
  const std::uint32_t count = std::min(perCycle, n - m_done);
  const std::uint32_t need = m_done + count;
  bool ready = emitted >= need;
  if (ready) {
    ready = s.resident ? data.complete(s.vOwner, DataKind::V)
                       : data.readyVectors(m_next, DataKind::V) >= need;
  }
  if (!ready) return;
  m_done += count;
  m_macs += static_cast<std::uint64_t>(count) * static_cast<std::uint64_t>(s.d);
  m_pipe.push(Beat{m_next, count, 0, m_done == n}, cycle);
  act.set(ModuleId::AttnV, ModuleState::Busy);
  act.busy(ModuleId::AttnV, m_next);
  if (m_done == n) {
    ++m_next;
    m_done = 0;
  }
}

void ProbVUnit::addStats(SimStats& s) const {
  s.avMacs = m_macs;
  s.requestsDone = m_finished;
}

void ProbVUnit::fillSnapshot(SimSnapshot& snap, const Workload& w, const RequestTable& reqs) const {
  ModuleSnapshot& m = snap.module(ModuleId::AttnV);
  if (m_next < reqs.end()) {
    m.request = requestRef(w, m_next);
    m.progress = m_done;
    m.total = static_cast<std::uint64_t>(reqs[m_next].vals);
  }
  m.fifos.push_back(
      {"pipeline (beats)", m_pipe.beats(), static_cast<std::uint64_t>(m_pipe.depth() + 1)});
}

}  // namespace spatten::core
