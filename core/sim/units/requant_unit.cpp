#include "core/sim/units/requant_unit.h"

#include <algorithm>

#include "core/sim/snapshot.h"
#include "core/sim/stats.h"
#include "core/sim/units/data_ready.h"
#include "core/sim/units/dram_layout.h"

namespace spatten::core {

RequantUnit::RequantUnit(std::shared_ptr<const Workload> workload, const HwConfig& hw)
    : m_workload(std::move(workload)),
      m_heads(std::max(1, m_workload->model.heads)),
      m_decisionLatency(static_cast<std::uint32_t>(hw.requantDecisionLatency)),
      m_hold(static_cast<std::uint32_t>(hw.requantBufferBeats),
             static_cast<std::uint32_t>(hw.softmaxLanes)) {}

void RequantUnit::tick(Activity& act, const RequestTable& reqs, BeatPipe& probsIn,
                       const DataReady& data, std::uint32_t topkNext) {
  const std::uint64_t cycle = act.cycle();
  bool busy = false;
  while (probsIn.ready(cycle)) {
    const Beat b = probsIn.pop();
    m_hold.add(b);
    if (m_hold.beats() > m_hold.capacity() && b.request != topkNext) ++m_overflows;
    busy = true;
    act.busy(ModuleId::Requant, b.request);
    if (b.last) m_decisions.push_back({b.request, b.pass, cycle + m_decisionLatency});
  }
  while (!m_decisions.empty() && m_decisions.front().readyAt <= cycle) {
    const Decision d = m_decisions.front();
    m_decisions.pop_front();
    const RequestInfo& s = reqs[d.request];
    busy = true;
    if (d.pass == 0 && s.refetch) {
      // Discard the MSB-only probabilities; refetch the LSBs once per group; recompute.
      m_hold.discard(d.request, 0);
      ++m_refetches;
      std::uint64_t bytes = 0;
      if (!data.has(s.lsbOwner, DataKind::KLsb)) {
        FetchCommand c;
        c.owner = s.lsbOwner;
        c.request = d.request;
        c.kind = DataKind::KLsb;
        c.queue = FetchQueue::Lsb;
        c.layer = s.layer;
        c.plan = planVectors(m_workload->requests[d.request], m_heads, DataKind::KLsb, *s.tokens);
        bytes = c.plan->txAddr.size() * kTransactionBytes;
        fetch.send(c);
      }
      recompute.send({d.request});
      Event e;
      e.kind = EventKind::LsbRefetch;
      e.cycle = cycle;
      e.request = d.request;
      e.a = static_cast<std::uint32_t>(s.keys);
      e.b = static_cast<std::uint32_t>(bytes);
      e.module = static_cast<std::uint8_t>(ModuleId::Requant);
      e.layer = s.layer;
      act.log(e);
      continue;
    }
    act.close(ModuleId::Requant, d.request, d.pass);
    decided.send({d.request, d.pass});
  }
  if (busy) act.set(ModuleId::Requant, ModuleState::Busy);
}

void RequantUnit::addStats(SimStats& s) const {
  s.lsbRefetches = m_refetches;
  s.fifoOverflows += m_overflows;
}

void RequantUnit::fillSnapshot(SimSnapshot& snap) const {
  ModuleSnapshot& m = snap.module(ModuleId::Requant);
  m.fifos.push_back({"hold buffer (beats)", m_hold.beats(), m_hold.capacity()});
  if (!m_decisions.empty())
    m.request = requestRef(*m_workload, m_decisions.front().request, m_decisions.front().pass);
}

}  // namespace spatten::core
