#include "core/sim/units/local_topk.h"

#include <algorithm>
#include <bit>

#include "core/sim/snapshot.h"
#include "core/sim/stats.h"
#include "core/sim/units/dram_layout.h"

namespace spatten::core {

LocalTopkEngine::LocalTopkEngine(std::shared_ptr<const Workload> workload, const HwConfig& hw)
    : m_workload(std::move(workload)),
      m_parallelism(static_cast<std::uint32_t>(hw.topkParallelism)),
      m_roundOverhead(static_cast<std::uint32_t>(hw.topkRoundOverhead)),
      m_inputWidth(static_cast<std::uint32_t>(hw.topkInputWidth)),
      m_lanes(static_cast<std::uint32_t>(hw.softmaxLanes)),
      m_avMultipliers(hw.avMultipliers),
      m_heads(std::max(1, m_workload->model.heads)) {}

void LocalTopkEngine::decided(const Decided& d) {
  PerRequest& s = m_state.at(d.request);
  s.decided = true;
  s.finalPass = d.pass;
}

bool LocalTopkEngine::takeNext(std::uint32_t& request) {
  const PerRequest* s = m_state.find(m_next);
  if (!s || !s->decided) return false;
  request = m_next++;
  m_state.at(request).filled = 0;
  return true;
}

std::uint32_t LocalTopkEngine::takeBeats(Io& io, std::uint32_t request, std::uint32_t room) {
  PerRequest& s = m_state.at(request);
  const std::uint32_t taken = io.hold.take(request, s.finalPass, m_inputWidth, room);
  s.filled += taken;
  return taken;
}

bool LocalTopkEngine::startValueFetch(Io& io, std::uint32_t request) {
  const RequestInfo& r = io.reqs[request];
  PerRequest& s = m_state.at(request);
  if (r.resident || s.valueFetchStarted) return true;
  const int perLine = std::max(1, m_avMultipliers / r.d);
  const std::uint32_t lines =
      std::min(io.values.capacity(),
               static_cast<std::uint32_t>((std::max(1, r.vals) + perLine - 1) / perLine));
  if (!io.values.tryAllocate(request, lines)) return false;
  s.valueFetchStarted = true;
  std::vector<std::uint32_t> tokens;
  tokens.reserve(static_cast<std::size_t>(r.vals));
  if (r.topk) {
    for (std::uint32_t i : r.topk->kept) tokens.push_back((*r.tokens)[i]);
  } else {
    tokens.assign(r.tokens->begin(), r.tokens->begin() + r.vals);
  }
  FetchCommand c;
  c.owner = c.request = request;
  c.kind = DataKind::V;
  c.queue = FetchQueue::Value;
  c.layer = r.layer;
  c.issueLimit = 0;
  c.plan = planVectors(m_workload->requests[request], m_heads, DataKind::V, tokens);
  fetch.send(c);
  return true;
}

void LocalTopkEngine::emitIndices(Io& io, std::uint32_t request, std::uint32_t emitted) {
  PerRequest& s = m_state.at(request);
  s.emitted = emitted;
  indices.send({request, emitted});
  if (!io.reqs[request].resident) issueLimit.send({request, emitted});
}

void LocalTopkEngine::finish(Io& io, std::uint32_t request) {
  const RequestInfo& r = io.reqs[request];
  io.act.close(ModuleId::TopkV, request);
  Event ev;
  ev.kind = EventKind::Pruning;
  ev.cycle = io.act.cycle();
  ev.request = request;
  ev.a = static_cast<std::uint32_t>(r.vals);
  ev.b = static_cast<std::uint32_t>(r.keys);
  ev.module = static_cast<std::uint8_t>(ModuleId::TopkV);
  ev.layer = r.layer;
  io.act.log(ev);
  m_valuesKept += static_cast<std::uint64_t>(r.vals);
}

void LocalTopkEngine::addStats(SimStats& s) const {
  s.topkCompares = m_compares;
  s.valuesKept = m_valuesKept;
}

void LocalTopkEngine::fillSnapshot(SimSnapshot& snap, const RequestTable& reqs) const {
  snap.topk.parallelism = m_parallelism;
  snap.topk.zeStages = static_cast<std::uint32_t>(std::bit_width(m_parallelism) - 1);
  describe(snap, reqs);
}

}  // namespace spatten::core
