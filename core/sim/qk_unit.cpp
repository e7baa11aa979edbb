// Module 7, Q x K: each cycle reads one key-SRAM line (qk.multipliers / D keys), multiplies it
// with the broadcast query and reduces it in the adder tree: multipliers/D scores per cycle,
// qk.pipeline_depth cycles of latency. Pass 1 recomputes a request after its LSB refetch (the
// re-issue has priority, as the RTL's arbiter). Credit-based flow control into the softmax FIFO:
// a line is read only if the FIFO has room for it and for every score still in the pipeline.
#include <algorithm>

#include "core/sim/simulator.h"

namespace spatten::core {

void Simulator::tickQk() {
  if (m_qkTasks.empty()) return;
  const QkTask t = m_qkTasks.front();
  ReqState& s = req(t.request);
  m_qkCurrent = t.request;
  m_qkCurrentPass = t.pass;
  const std::uint32_t perCycle = static_cast<std::uint32_t>(std::max(1, m_hw.qkMultipliers / s.d));
  const std::uint32_t n = static_cast<std::uint32_t>(s.keys);
  std::uint32_t& done = s.qkDone[t.pass];
  const std::uint32_t count = std::min(perCycle, n - done);
  if (count > 0) {
    // Inputs: the query and the keys of this line (MSBs; for pass 1 also their LSBs).
    const GroupState& g = m_groups[s.group];
    const std::uint32_t need = done + count;
    bool ready = m_jobs[s.qJob].complete() && m_jobs[g.kJob].readyVectors >= need;
    const std::uint32_t lsbJob = lsbJobSlot(s);
    if (ready && t.pass == 1) ready = lsbJob != kNone && m_jobs[lsbJob].readyVectors >= need;
    if (!ready) return;  // idle: starved by DRAM
    const std::uint32_t room = static_cast<std::uint32_t>(m_hw.softmaxFifoDepth) - m_smInScores;
    if (m_qkPipeScores + count > room) {
      m_act.set(ModuleId::QxK, ModuleState::Stalled);
      return;
    }
    done += count;
    Beat b{t.request, t.pass, static_cast<std::uint16_t>(count), done == n};
    m_qkPipe.push(b, m_cycle);
    m_qkPipeScores += count;
    (t.pass == 0 ? m_stats.qkMacs : m_stats.qkMacsRecompute) +=
        static_cast<std::uint64_t>(count) * static_cast<std::uint64_t>(s.d);
    if (t.pass == 0) m_stats.keysScored += count;
    m_act.set(ModuleId::QxK, ModuleState::Busy);
    m_act.busy(ModuleId::QxK, t.request);
  }
  if (done == n) {
    if (n == 0) {  // no keys: emit an empty last beat so the request still flows
      m_qkPipe.push(Beat{t.request, t.pass, 0, true}, m_cycle);
      m_act.set(ModuleId::QxK, ModuleState::Busy);
    }
    m_act.close(ModuleId::QxK, t.request, t.pass);
    m_qkTasks.pop_front();
  }
}

}  // namespace spatten::core
