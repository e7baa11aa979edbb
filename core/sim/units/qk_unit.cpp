#include "core/sim/units/qk_unit.h"

#include <algorithm>

#include "core/sim/snapshot.h"
#include "core/sim/stats.h"
#include "core/sim/units/data_ready.h"

namespace spatten::core {

QkUnit::QkUnit(const HwConfig& hw)
    : m_multipliers(hw.qkMultipliers),
      m_softmaxFifoDepth(static_cast<std::uint32_t>(hw.softmaxFifoDepth)),
      m_pipe(hw.qkPipelineDepth) {}

void QkUnit::recompute(const Recompute& r, const ScoreSelect& keysReleased) {
  auto it = m_tasks.begin();
  // The task at the front keeps the unit, unless it is a first pass that has not started and
  // whose keys are still gated by a selection (which may wait for this request).
  if (it != m_tasks.end() &&
      (it->pass != 0 || it->done > 0 || it->pages > 0 || keysReleased.released(it->request)))
    ++it;
  while (it != m_tasks.end() && it->pass == 1) ++it;
  m_tasks.insert(it, Task{r.request, 1, 0});
}

void QkUnit::tick(Activity& act, const RequestTable& reqs, const DataReady& data,
                  std::uint32_t softmaxRoom) {
  m_finishedLastTick = false;
  if (m_tasks.empty()) return;
  Task& t = m_tasks.front();
  const RequestInfo& s = reqs[t.request];
  m_current = t.request;
  m_currentPass = t.pass;
  if (t.pass == 0 && static_cast<std::int64_t>(t.request) > m_frontier) m_frontier = t.request;
  // Scores per cycle: one per D multipliers, at most what the softmax FIFO holds when empty (a
  // wider beat could never enter it).
  const auto perCycle =
      std::min(static_cast<std::uint32_t>(std::max(1, m_multipliers / s.d)), m_softmaxFifoDepth);
  if (estimate(act, t, s, data, perCycle)) return;
  const auto n = static_cast<std::uint32_t>(s.keys);
  const std::uint32_t count = std::min(perCycle, n - t.done);
  if (count > 0) {
    // Inputs: the query and the keys of this line (MSBs; for pass 1 also their LSBs).
    const std::uint32_t need = t.done + count;
    bool ready = data.complete(t.request, DataKind::Q) &&
                 data.readyVectors(s.kOwner, DataKind::KMsb) >= need;
    if (ready && t.pass == 1) ready = data.readyVectors(s.lsbOwner, DataKind::KLsb) >= need;
    if (!ready) return;  // idle: starved by DRAM
    if (m_pipe.elements() + count > softmaxRoom) {
      act.set(ModuleId::QxK, ModuleState::Stalled);
      return;
    }
    t.done += count;
    m_pipe.push(Beat{t.request, count, t.pass, t.done == n}, act.cycle());
    (t.pass == 0 ? m_macs : m_macsRecompute) +=
        static_cast<std::uint64_t>(count) * static_cast<std::uint64_t>(s.d);
    if (t.pass == 0) m_keysScored += count;
    act.set(ModuleId::QxK, ModuleState::Busy);
    act.busy(ModuleId::QxK, t.request);
  }
  if (t.done == n) {
    if (n == 0) {  // no keys: an empty last beat, so the request still flows
      m_pipe.push(Beat{t.request, 0, t.pass, true}, act.cycle());
      act.set(ModuleId::QxK, ModuleState::Busy);
    }
    act.close(ModuleId::QxK, t.request, t.pass);
    m_finishedLastTick = true;
    m_tasks.pop_front();
  }
}

bool QkUnit::estimate(Activity& act, Task& t, const RequestInfo& s, const DataReady& data,
                      std::uint32_t perCycle) {
  const auto pages = static_cast<std::uint32_t>(s.metaPages);
  if (t.pass != 0 || t.pages >= pages) return false;
  const std::uint32_t count = std::min(perCycle, pages - t.pages);
  // Inputs: the query and both metadata vectors (min, max) of every page of this line.
  if (!data.complete(t.request, DataKind::Q) ||
      data.readyVectors(t.request, DataKind::Meta) < 2 * (t.pages + count))
    return true;  // idle: starved by DRAM
  t.pages += count;
  m_macsMeta += static_cast<std::uint64_t>(count) * static_cast<std::uint64_t>(s.d);
  act.set(ModuleId::QxK, ModuleState::Busy);
  act.busy(ModuleId::QxK, t.request);
  if (t.pages == pages) estimated.send(t.request);
  return true;
}

void QkUnit::addStats(SimStats& s) const {
  s.qkMacsMeta = m_macsMeta;
  s.qkMacs = m_macs;
  s.qkMacsRecompute = m_macsRecompute;
  s.keysScored = m_keysScored;
}

void QkUnit::fillSnapshot(SimSnapshot& snap, const Workload& w, const RequestTable& reqs) const {
  ModuleSnapshot& m = snap.module(ModuleId::QxK);
  if (m_finishedLastTick) {
    m.request = requestRef(w, m_current, m_currentPass);
    m.progress = m.total = static_cast<std::uint64_t>(reqs[static_cast<std::uint32_t>(m_current)].keys);
  } else if (!m_tasks.empty()) {
    const Task& t = m_tasks.front();
    m.request = requestRef(w, t.request, t.pass);
    m.progress = t.done;
    m.total = static_cast<std::uint64_t>(reqs[t.request].keys);
  }
  m.fifos.push_back({"adder-tree pipeline (scores)", m_pipe.elements(), 0});
}

}  // namespace spatten::core
