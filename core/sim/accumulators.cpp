// Off the critical path: module 1 (token importance accumulator: one add per kept key, softmax.lanes
// per cycle), module 12 (head importance accumulator: |attention_out| of D values), and the cascade
// token/head top-k engine (modules 2/13, same cycle model as module 10) that runs at the
// workload's if_topk rows and after every layer. They never stall the critical path (the paper:
// "in parallel with the critical path"; the RTL does not simulate them either).
#include <algorithm>
#include <random>

#include "core/sim/simulator.h"

namespace spatten::core {

void Simulator::tickAccumulators() {
  if (!m_tokenAccWork.empty()) {
    auto& [request, work] = m_tokenAccWork.front();
    m_act.set(ModuleId::TokenAcc, ModuleState::Busy);
    m_act.busy(ModuleId::TokenAcc, request);
    if (--work == 0) {
      const Request& r = m_workload->requests[request];
      m_act.close(ModuleId::TokenAcc, request);
      if (r.topk && r.topkNum >= 0) {
        const auto n = static_cast<std::uint32_t>(std::max(r.keyFetchNum, r.sentenceLength));
        m_tokenTopk.queue.push_back({request, n, std::min<std::uint32_t>(n, static_cast<std::uint32_t>(r.topkNum)), false});
      }
      m_tokenAccWork.pop_front();
    }
  }
  if (!m_headAccWork.empty()) {
    auto& [request, work] = m_headAccWork.front();
    m_act.set(ModuleId::HeadAcc, ModuleState::Busy);
    m_act.busy(ModuleId::HeadAcc, request);
    if (--work == 0) {
      m_act.close(ModuleId::HeadAcc, request);
      m_headAccWork.pop_front();
    }
  }
  // Token / head top-k engine.
  TokenTopkState& t = m_tokenTopk;
  const auto P = static_cast<std::uint32_t>(m_hw.topkParallelism);
  if (!t.active && !t.queue.empty()) {
    t.task = t.queue.front();
    t.queue.erase(t.queue.begin());
    std::mt19937_64 vr(m_seed ^ (0xa11ce5ull * (t.task.request + 1)) ^ (t.task.heads ? 0x4ead : 0));
    std::vector<float> importance(t.task.n);
    for (float& v : importance) v = static_cast<float>(vr() >> 40) * (1.0f / 16777216.0f);
    t.current = std::make_shared<const TopKResult>(topkSelect(importance, t.task.k, vr));
    t.active = true;
    t.round = 0;
    t.roundCycle = 0;
    t.filterLeft = (t.task.n + P - 1) / P;
  }
  if (!t.active) return;
  m_act.set(ModuleId::TopkToken, ModuleState::Busy);
  m_act.busy(ModuleId::TopkToken, t.task.request);
  const auto& rounds = t.current->rounds;
  if (t.round < rounds.size()) {
    const std::uint32_t cycles = (rounds[t.round].inputSize + P - 1) / P +
                                 static_cast<std::uint32_t>(m_hw.topkRoundOverhead);
    m_stats.tokenTopkCompares += std::min<std::uint64_t>(P, rounds[t.round].inputSize);
    if (++t.roundCycle >= cycles) {
      const TopKRound& rd = rounds[t.round];
      Event ev;
      ev.kind = EventKind::TopkRound;
      ev.cycle = m_cycle + 1 - cycles;
      ev.duration = cycles;
      ev.request = t.task.request;
      ev.a = rd.inputSize;
      ev.b = rd.leftSize;
      ev.c = rd.rightSize;
      ev.extra = rd.eqCount;
      ev.value = rd.pivot;
      ev.flags = rd.select;
      ev.module = static_cast<std::uint8_t>(ModuleId::TopkToken);
      m_act.log(ev);
      ++t.round;
      t.roundCycle = 0;
    }
    return;
  }
  if (t.filterLeft > 0) {
    --t.filterLeft;
    m_stats.tokenTopkCompares += P;
    return;
  }
  m_act.close(ModuleId::TopkToken, t.task.request, t.task.heads ? 1 : 0);
  Event ev;
  ev.kind = EventKind::Pruning;
  ev.cycle = m_cycle;
  ev.request = t.task.request;
  ev.a = t.task.k;
  ev.b = t.task.n;
  ev.flags = t.task.heads ? 1 : 0;
  ev.module = static_cast<std::uint8_t>(ModuleId::TopkToken);
  m_act.log(ev);
  t.active = false;
  t.current.reset();
}

}  // namespace spatten::core
