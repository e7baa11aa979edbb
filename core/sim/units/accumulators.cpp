#include "core/sim/units/accumulators.h"

#include <algorithm>

#include "core/sim/snapshot.h"

namespace spatten::core {

std::uint32_t Accumulator::tick(Activity& act) {
  if (m_work.empty()) return kNone;
  AccumulatorWork& w = m_work.front();
  act.set(m_id, ModuleState::Busy);
  act.busy(m_id, w.request);
  if (--w.cycles != 0) return kNone;
  const std::uint32_t done = w.request;
  act.close(m_id, done);
  m_work.pop_front();
  return done;
}

void Accumulator::fillSnapshot(SimSnapshot& snap, const Workload& w) const {
  ModuleSnapshot& m = snap.module(m_id);
  if (!m_work.empty()) m.request = requestRef(w, m_work.front().request);
  if (m_id == ModuleId::TokenAcc) m.fifos.push_back({"pending requests", m_work.size(), 0});
}

void TokenAccumulator::decided(const Decided& d, const RequestTable& reqs) {
  if (m_workload->requests[d.request].scoreUpdate != ScoreUpdate::None) {
    const std::uint64_t adds = m_plan ? m_plan->scoreAdds[d.request] : 0;
    m_scoreAdds += adds;
    const auto lanes = static_cast<std::uint64_t>(m_lanes);
    if (adds == 0)
      handOver(d.request);
    else
      m_acc.add({d.request, static_cast<std::uint32_t>((adds + lanes - 1) / lanes)});
    return;
  }
  // Only rows that accumulate importance (SpAtten's cascade; CSV if_accumulate_importance) use
  // the accumulator; the others pass straight on.
  if (!m_workload->requests[d.request].accumulateImportance) {
    handOver(d.request);
    return;
  }
  const int keys = reqs[d.request].keys;
  m_acc.add({d.request, static_cast<std::uint32_t>(std::max(1, (keys + m_lanes - 1) / m_lanes))});
}

void TokenAccumulator::tick(Activity& act) {
  const std::uint32_t done = m_acc.tick(act);
  if (done != kNone) handOver(done);
}

// The request's adds are done: the select unit may start a selection, and at the workload's
// cascade token-pruning points (if_topk) the token top-k gets its task.
void TokenAccumulator::handOver(std::uint32_t request) {
  accumulated.send(request);
  const Request& r = m_workload->requests[request];
  if (r.topk && r.topkNum >= 0) {
    const auto n = static_cast<std::uint32_t>(std::max(r.keyFetchNum, r.sentenceLength));
    prune.send(
        {request, n, std::min<std::uint32_t>(n, static_cast<std::uint32_t>(r.topkNum)), false});
  }
}

void HeadAccumulator::finished(const Finished& f) {
  const int d = m_workload->requests[f.request].d;
  m_acc.add({f.request, static_cast<std::uint32_t>((d + m_lanes - 1) / m_lanes)});
}

}  // namespace spatten::core
