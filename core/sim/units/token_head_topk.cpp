#include "core/sim/units/token_head_topk.h"

#include <algorithm>
#include <random>

#include "core/sim/snapshot.h"
#include "core/sim/stats.h"
#include "core/sim/units/topk_round_event.h"

namespace spatten::core {
namespace {

// Salts of the seeded importance streams (fixed: changing one changes every simulation).
constexpr std::uint64_t kImportanceSalt = 0xa11ce5;  // times (request + 1)
constexpr std::uint64_t kHeadSalt = 0x4ead;          // head pruning instead of token pruning
constexpr std::uint64_t kSelectSalt = 0x5e1ec7;      // a KV-cache policy's selection

}  // namespace

TokenHeadTopk::TokenHeadTopk(std::shared_ptr<const Workload> workload, const HwConfig& hw,
                             std::uint64_t seed)
    : m_workload(std::move(workload)),
      m_seed(seed),
      m_parallelism(static_cast<std::uint32_t>(hw.topkParallelism)),
      m_roundOverhead(static_cast<std::uint32_t>(hw.topkRoundOverhead)) {
  LayerHeads lh = layerHeads(*m_workload);
  m_layerHeads = std::move(lh.heads);
  m_nextLayerHeads = std::move(lh.nextHeads);
}

TokenHeadTopk::LayerHeads TokenHeadTopk::layerHeads(const Workload& w) {
  const auto& reqs = w.requests;
  LayerHeads out;
  out.heads.assign(reqs.size(), 0);
  out.nextHeads.assign(reqs.size(), 0);
  if (w.model.heads <= 0) return out;
  auto sameLayer = [&](std::size_t a, std::size_t b) {
    return reqs[a].layer == reqs[b].layer && reqs[a].iteration == reqs[b].iteration;
  };
  std::uint32_t runs = 0;  // runs of equal heads in the current (iteration, layer)
  for (std::size_t i = 0; i < reqs.size(); ++i) {
    if (i == 0 || !sameLayer(i, i - 1))
      runs = 1;
    else if (reqs[i].head != reqs[i - 1].head)
      ++runs;
    const bool end = i + 1 == reqs.size() || !sameLayer(i, i + 1);
    if (!end) continue;
    std::vector<int> seen;  // heads of the next (iteration, layer)
    for (std::size_t j = i + 1; j < reqs.size() && sameLayer(j, i + 1); ++j)
      if (std::find(seen.begin(), seen.end(), reqs[j].head) == seen.end())
        seen.push_back(reqs[j].head);
    out.heads[i] = runs;
    out.nextHeads[i] = static_cast<std::uint32_t>(seen.empty() ? 1 : seen.size());
  }
  return out;
}

void TokenHeadTopk::finished(const Finished& f) {
  if (m_nextLayerHeads[f.request] == 0) return;
  const std::uint32_t heads = m_layerHeads[f.request];
  m_queue.push_back({f.request, heads, std::min(heads, m_nextLayerHeads[f.request]), true});
}

void TokenHeadTopk::tick(Activity& act) {
  const std::uint32_t P = m_parallelism;
  if (!m_active && !m_queue.empty()) {
    m_task = m_queue.front();
    m_queue.erase(m_queue.begin());
    const bool select = m_task.job != kNone;
    std::mt19937_64 vr(m_seed ^ (kImportanceSalt * (m_task.request + 1)) ^
                       (m_task.heads ? kHeadSalt : 0) ^ (select ? kSelectSalt : 0));
    if (m_task.minSearch) {  // one pass through the comparator array, no quick-select rounds
      m_current = std::make_shared<const TopKResult>();
      m_filterLeft = (m_task.n + P - 1) / P + m_roundOverhead;
    } else {
      std::vector<float> importance(m_task.n);
      for (float& v : importance) v = static_cast<float>(vr() >> 40) * (1.0f / 16777216.0f);
      m_current = std::make_shared<const TopKResult>(topkSelect(importance, m_task.k, vr));
      m_filterLeft = (m_task.n + P - 1) / P;
    }
    m_active = true;
    m_round = 0;
    m_roundCycle = 0;
    if (select) ++m_selectTasks;
  }
  if (!m_active) return;
  act.set(ModuleId::TopkToken, ModuleState::Busy);
  act.busy(ModuleId::TopkToken, m_task.request);
  // Compares of this cycle go to the cascade's or the policy selection's count.
  std::uint64_t& compares = m_task.job != kNone ? m_selectCompares : m_compares;
  const auto& rounds = m_current->rounds;
  if (m_round < rounds.size()) {
    const std::uint32_t cycles = (rounds[m_round].inputSize + P - 1) / P + m_roundOverhead;
    compares += std::min<std::uint64_t>(P, rounds[m_round].inputSize);
    if (++m_roundCycle >= cycles) {
      const TopKRound& rd = rounds[m_round];
      act.log(topkRoundEvent(ModuleId::TopkToken, m_task.request, act.cycle(), cycles, rd));
      ++m_round;
      m_roundCycle = 0;
    }
    return;
  }
  if (m_filterLeft > 0) {
    --m_filterLeft;
    compares += m_task.minSearch ? 0 : P;
    return;
  }
  if (m_task.minSearch) compares += m_task.n;  // n - 1 comparisons and the eviction's
  act.close(ModuleId::TopkToken, m_task.request, m_task.heads ? 1 : 0);
  Event ev;
  ev.kind = EventKind::Pruning;
  ev.cycle = act.cycle();
  ev.request = m_task.request;
  ev.a = m_task.k;
  ev.b = m_task.n;
  ev.flags = m_task.heads ? 1 : m_task.job == kNone ? 0 : m_task.minSearch ? 3 : 2;
  ev.module = static_cast<std::uint8_t>(ModuleId::TopkToken);
  act.log(ev);
  m_active = false;
  m_current.reset();
  if (m_task.job != kNone) selected.send(m_task.job);
}

void TokenHeadTopk::addStats(SimStats& s) const {
  s.tokenTopkCompares = m_compares;
  s.selectCompares = m_selectCompares;
  s.selectTasks = m_selectTasks;
}

void TokenHeadTopk::fillSnapshot(SimSnapshot& snap) const {
  ModuleSnapshot& m = snap.module(ModuleId::TopkToken);
  if (m_active) m.request = requestRef(*m_workload, m_task.request);
  m.fifos.push_back({"pending top-k tasks", m_queue.size(), 0});
}

}  // namespace spatten::core
