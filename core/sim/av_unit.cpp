// Module 11, attention prob x V: each cycle reads one value-SRAM line (av.multipliers / D value
// vectors) and the matching probabilities, multiplies and reduces them into D partial sums
// (av.pipeline_depth cycles of latency). A request completes when its last line has left the
// pipeline; then its value-buffer lines are released and the request retires (in order).
#include <algorithm>

#include "core/sim/simulator.h"

namespace spatten::core {

void Simulator::tickAv() {
  // Pipeline output: a request is done when its last beat leaves.
  while (m_avPipe.ready(m_cycle)) {
    const Beat b = m_avPipe.front();
    m_avPipe.pop();
    if (!b.last) continue;
    ReqState& s = req(b.request);
    m_act.close(ModuleId::AttnV, b.request);
    GroupState& g = m_groups[s.group];
    if (s.valLines) {
      m_valLinesUsed -= s.valLines;
      s.valLines = 0;
      --m_valAllocs;
    }
    m_headAccWork.emplace_back(b.request, static_cast<std::uint32_t>(
        (s.d + m_hw.softmaxLanes - 1) / m_hw.softmaxLanes));
    if (--g.unfinished == 0) {
      m_valLinesUsed -= g.valLines;
      m_keyLinesUsed -= g.keyLines;
      for (std::uint32_t jb : {g.kJob, g.vJob, g.lsbJob}) freeJob(jb);
      g = GroupState{};
      m_freeGroups.push_back(static_cast<std::uint32_t>(&g - m_groups.data()));
    }
    for (std::uint32_t jb : {s.qJob, s.vJob, s.lsbJob}) freeJob(jb);
    s.qJob = s.vJob = s.lsbJob = kNone;
    s.avAllIssued = true;
    ++m_stats.requestsDone;
    Event e;
    e.kind = EventKind::RequestDone;
    e.cycle = m_cycle;
    e.request = b.request;
    e.layer = s.layer;
    m_act.log(e);
    m_act.close(ModuleId::Fetcher, b.request);
    if (m_layerEndHeads[b.request] > 0 && m_workload->model.heads > 0) {
      // Module 13: head top-k after the last head of the layer (shares engine 2).
      const Request& r = m_workload->requests[b.request];
      std::uint32_t heads = 0;
      for (std::int64_t j = b.request; j >= 0; --j) {
        const Request& o = m_workload->requests[static_cast<std::size_t>(j)];
        if (o.layer != r.layer || o.iteration != r.iteration) break;
        if (j == static_cast<std::int64_t>(b.request) || o.head != m_workload->requests[static_cast<std::size_t>(j + 1)].head) ++heads;
      }
      m_tokenTopk.queue.push_back({b.request, heads, std::min(heads, m_layerEndHeads[b.request]), true});
    }
  }
  if (m_avNext >= m_nextAdmit) return;
  ReqState& s = req(m_avNext);
  if (s.vEmitted == 0 && s.vals > 0) return;  // no value index yet
  const auto n = static_cast<std::uint32_t>(s.vals);
  const std::uint32_t perCycle = static_cast<std::uint32_t>(std::max(1, m_hw.avMultipliers / s.d));
  if (n == 0) {
    if (topkHolds(m_avNext)) return;  // the top-k engine has not released this request yet
    m_avPipe.push(Beat{m_avNext, 0, 0, true}, m_cycle);
    ++m_avNext;
    return;
  }
  const std::uint32_t count = std::min(perCycle, n - s.avDone);
  const std::uint32_t need = s.avDone + count;
  bool ready = s.vEmitted >= need;
  if (ready) {
    if (s.resident) ready = m_jobs[m_groups[s.group].vJob].complete();
    else ready = s.vJob != kNone && m_jobs[s.vJob].readyVectors >= need;
  }
  if (!ready) return;
  s.avDone += count;
  m_stats.avMacs += static_cast<std::uint64_t>(count) * static_cast<std::uint64_t>(s.d);
  m_avPipe.push(Beat{m_avNext, 0, static_cast<std::uint16_t>(count), s.avDone == n}, m_cycle);
  m_act.set(ModuleId::AttnV, ModuleState::Busy);
  m_act.busy(ModuleId::AttnV, m_avNext);
  if (s.avDone == n) ++m_avNext;
}

void Simulator::retireRequests() {
  // A request leaves once prob x V is done and module 10 has finished scanning it.
  while (!m_reqs.empty() && m_reqs.front().avAllIssued && !topkHolds(m_reqBase)) {
    m_reqs.pop_front();
    ++m_reqBase;
  }
}

}  // namespace spatten::core
