// Module 9, progressive quantization: tracks the running max of each request's probabilities
// while they wait in the hold buffer (requant.buffer_beats beats, RTL RequantDecision FIFO);
// requant.decision_latency cycles after the last one it decides. If the request needs its key
// LSBs (max < threshold; the decision itself comes from the workload), the MSB-only
// probabilities are discarded, the fetcher refetches the LSBs (priority queue) and Q x K plus
// softmax run again (pass 1). Later requests wait in the hold buffer: the top-k engine takes
// requests strictly in order.
#include <algorithm>

#include "core/sim/simulator.h"

namespace spatten::core {

void Simulator::tickRequant() {
  bool busy = false;
  while (m_smPipeB.ready(m_cycle)) {
    const Beat b = m_smPipeB.front();
    m_smPipeB.pop();
    --m_smPipeBBeats;
    ReqState& s = req(b.request);
    ++s.holdBeats[b.pass];
    s.holdElems[b.pass] += b.count;
    ++m_holdBeats;
    if (m_holdBeats > static_cast<std::uint32_t>(m_hw.requantBufferBeats) && b.request != m_topkNext)
      ++m_stats.fifoOverflows;
    busy = true;
    m_act.busy(ModuleId::Requant, b.request);
    if (b.last)
      m_decisions.push_back({b.request, b.pass,
                             m_cycle + static_cast<std::uint64_t>(m_hw.requantDecisionLatency)});
  }
  while (!m_decisions.empty() && m_decisions.front().readyAt <= m_cycle) {
    const Decision d = m_decisions.front();
    m_decisions.pop_front();
    ReqState& s = req(d.request);
    GroupState& g = m_groups[s.group];
    busy = true;
    if (d.pass == 0 && s.refetch) {
      // Discard the MSB-only probabilities; refetch the LSBs once per group; recompute.
      m_holdBeats -= s.holdBeats[0];
      s.holdBeats[0] = 0;
      s.holdElems[0] = 0;
      ++m_stats.lsbRefetches;
      // (A fused pair's heads have their own LSB planes: profile (4 bit, fused 1).)
      std::uint64_t bytes = 0;
      std::uint32_t& lsbJob = lsbJobSlot(s);
      if (lsbJob == kNone) {
        const Request& r = m_workload->requests[d.request];
        lsbJob = newJob(d.request, DataKind::KLsb, planVectors(r, DataKind::KLsb, *g.tokens), kNone);
        enqueue(m_fetchLsb, lsbJob);
        bytes = m_jobs[lsbJob].plan->txAddr.size() * 32;
      }
      // Insert the re-issue ahead of every first-pass task still waiting in Q x K.
      auto it = m_qkTasks.begin();
      if (it != m_qkTasks.end()) ++it;  // the task in progress keeps the unit
      while (it != m_qkTasks.end() && it->pass == 1) ++it;
      m_qkTasks.insert(it, QkTask{d.request, 1});
      Event e;
      e.kind = EventKind::LsbRefetch;
      e.cycle = m_cycle;
      e.request = d.request;
      e.a = static_cast<std::uint32_t>(s.keys);
      e.b = static_cast<std::uint32_t>(bytes);
      e.module = static_cast<std::uint8_t>(ModuleId::Requant);
      e.layer = s.layer;
      m_act.log(e);
      continue;
    }
    s.decided = true;
    --m_keyAllocs;
    s.finalPass = d.pass;
    m_act.close(ModuleId::Requant, d.request, d.pass);
    if (--g.undecided == 0) {  // the key lines are no longer read
      m_keyLinesUsed -= g.keyLines;
      g.keyLines = 0;
    }
    // Module 1 accumulates the final probabilities (off the critical path).
    m_tokenAccWork.emplace_back(d.request, static_cast<std::uint32_t>(
        std::max(1, (s.keys + m_hw.softmaxLanes - 1) / m_hw.softmaxLanes)));
  }
  if (busy) m_act.set(ModuleId::Requant, ModuleState::Busy);
}

}  // namespace spatten::core
