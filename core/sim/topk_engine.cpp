// Module 10, the local-value-pruning top-k engine (paper §IV-B/C, Alg. 3, Fig. 9/10).
//  * Fill: the request's final probabilities enter FIFO_L and the data FIFO, topk.input_width
//    elements per cycle (the RTL widens the 8-wide softmax output to 16). The fill cycles count
//    towards round 0 (the RTL's TopKDummy counts its latency from the first beat).
//  * Rounds: the functional quick-select (core/spatten/topk.h, seeded pivots) gives each round's
//    input size; a round takes ceil(size / P) cycles in the comparator arrays (P = parallelism)
//    plus topk.round_overhead cycles (pivot read, zero-eliminator drain), as the RTL's
//    TopKLatencyModel.
//  * Filter: separate comparators stream the data FIFO (P per cycle) against the k-th value,
//    a prefix sum keeps the first num_eq_kth equal elements, a log2(P)-stage zero eliminator
//    compacts the kept indices, which go to the value fetcher. The filter of request i overlaps
//    the fill and rounds of request i+1.
// Requests with value_fetch_num >= key_fetch_num skip the quick-select (RTL StageTopK) but still
// pass through the engine in order.
#include <algorithm>
#include <bit>

#include "core/sim/simulator.h"

namespace spatten::core {
namespace {
std::uint32_t zeStages(int p) {
  return static_cast<std::uint32_t>(std::bit_width(static_cast<unsigned>(std::max(1, p))) - 1);
}
}  // namespace

void Simulator::tickTopk() {
  const auto P = static_cast<std::uint32_t>(m_hw.topkParallelism);
  bool busy = false, stalled = false;
  TopkEngineState& e = m_topk;
  // Filter stage.
  if (e.filterRequest != kNone) {
    ReqState& s = req(e.filterRequest);
    if (startValueFetch(e.filterRequest)) {
      const auto n = static_cast<std::uint32_t>(s.keys);
      if (!s.topk) {  // skipped: every index passes at once
        e.filterPos = n;
        s.vEmitted = static_cast<std::uint32_t>(s.vals);
      } else if (e.filterPos < n) {
        e.filterPos = std::min(n, e.filterPos + P);
        const auto& kept = s.topk->kept;
        while (s.vEmitted < kept.size() && kept[s.vEmitted] < e.filterPos) ++s.vEmitted;
        m_stats.topkCompares += P;
      } else {
        ++e.filterTail;  // zero-eliminator drain
      }
      if (s.vJob != kNone) m_jobs[s.vJob].issueLimit = s.vEmitted;
      busy = true;
      m_act.busy(ModuleId::TopkV, e.filterRequest);
      if (e.filterPos >= n && (e.filterTail >= zeStages(m_hw.topkParallelism) || !s.topk)) {
        finishLocalTopk(e.filterRequest);
        e.filterRequest = kNone;
        e.filterPos = e.filterTail = 0;
      }
    } else {
      stalled = true;
    }
  }
  if (m_hw.topkModel == 1) {
    tickTopkDummy(busy, stalled);
    if (busy) m_act.set(ModuleId::TopkV, ModuleState::Busy);
    else if (stalled) m_act.set(ModuleId::TopkV, ModuleState::Stalled);
    return;
  }
  // Quick-select rounds.
  if (e.phase == TopkEngineState::Phase::Rounds) {
    ReqState& s = req(e.request);
    const auto& rounds = s.topk->rounds;
    if (e.round < rounds.size()) {
      ++e.roundCycle;
      busy = true;
      m_act.busy(ModuleId::TopkV, e.request);
      m_stats.topkCompares += std::min<std::uint64_t>(P, rounds[e.round].inputSize);
      if (e.roundCycle >= e.roundCycles) {
        const TopKRound& rd = rounds[e.round];
        Event ev;
        ev.kind = EventKind::TopkRound;
        ev.cycle = m_cycle + 1 - e.roundCycles;
        ev.duration = e.roundCycles;
        ev.request = e.request;
        ev.a = rd.inputSize;
        ev.b = rd.leftSize;
        ev.c = rd.rightSize;
        ev.extra = rd.eqCount;
        ev.value = rd.pivot;
        ev.flags = rd.select;
        ev.module = static_cast<std::uint8_t>(ModuleId::TopkV);
        ev.layer = s.layer;
        m_act.log(ev);
        ++e.round;
        e.roundCycle = 0;
        if (e.round < rounds.size())
          e.roundCycles = (rounds[e.round].inputSize + P - 1) / P + static_cast<std::uint32_t>(m_hw.topkRoundOverhead);
      }
    } else if (e.filterRequest == kNone) {  // k-th value known: hand over to the filter
      e.filterRequest = e.request;
      e.phase = TopkEngineState::Phase::Idle;
      e.request = kNone;
    } else {
      stalled = true;
    }
  }
  // Fill: take the next request (in order) once its final probabilities are decided.
  if (e.phase == TopkEngineState::Phase::Idle && m_topkNext < m_nextAdmit) {
    ReqState& s = req(m_topkNext);
    if (s.decided) {
      e.request = m_topkNext++;
      e.phase = TopkEngineState::Phase::Fill;
      e.roundCycle = 0;
      s.filled = 0;
    }
  }
  if (e.phase == TopkEngineState::Phase::Fill) {
    ReqState& s = req(e.request);
    const auto n = static_cast<std::uint32_t>(s.keys);
    const std::uint32_t before = s.filled;
    takeTopkBeats(s, ~0u);
    ++e.roundCycle;  // the fill is part of round 0 (RTL: latency counted from the first beat)
    if (s.filled != before || n == 0) {
      busy = true;
      m_act.busy(ModuleId::TopkV, e.request);
    }
    if (s.filled >= n) {
      if (!s.topk) {
        if (e.filterRequest == kNone) {
          e.filterRequest = e.request;
          e.phase = TopkEngineState::Phase::Idle;
          e.request = kNone;
        } else {
          stalled = true;
        }
      } else {
        e.phase = TopkEngineState::Phase::Rounds;
        e.round = 0;  // e.roundCycle keeps the fill cycles: round 0 compares while filling
        e.roundCycles = s.topk->rounds.empty() ? 0
            : (s.topk->rounds[0].inputSize + P - 1) / P + static_cast<std::uint32_t>(m_hw.topkRoundOverhead);
      }
    }
  }
  if (busy) m_act.set(ModuleId::TopkV, ModuleState::Busy);
  else if (stalled) m_act.set(ModuleId::TopkV, ModuleState::Stalled);
}

// Moves whole beats (at most softmax.lanes elements each) of the request's final probabilities
// from the requant hold buffer into the top-k input: up to topk.input_width elements per cycle
// (a first beat always goes if it fits), never more than `room` elements. Returns the elements
// taken; s.filled counts them.
std::uint32_t Simulator::takeTopkBeats(ReqState& s, std::uint32_t room) {
  const int p = s.finalPass;
  std::uint32_t take = static_cast<std::uint32_t>(m_hw.topkInputWidth), taken = 0;
  while (take > 0 && s.holdElems[p] > 0) {
    const std::uint32_t beatElems = std::min<std::uint32_t>(static_cast<std::uint32_t>(m_hw.softmaxLanes), s.holdElems[p]);
    if ((beatElems > take && taken > 0) || taken + beatElems > room) break;
    s.holdElems[p] -= beatElems;
    --s.holdBeats[p];
    --m_holdBeats;
    taken += beatElems;
    take = take > beatElems ? take - beatElems : 0;
  }
  s.filled += taken;
  return taken;
}

// Allocates request's value-buffer lines and queues its V fetch, once (prob x V may already have
// finished the request while module 10 still scans its tail). False while the value buffer has
// no room: lines, or the RTL BufferManager's limit of in-flight requests.
bool Simulator::startValueFetch(std::uint32_t request) {
  ReqState& s = req(request);
  if (s.resident || s.vJob != kNone || s.avAllIssued) return true;
  const int perLine = std::max(1, m_hw.avMultipliers / s.d);
  const auto cap = static_cast<std::uint32_t>(m_hw.valueBufferLines());
  const std::uint32_t lines =
      std::min(cap, static_cast<std::uint32_t>((std::max(1, s.vals) + perLine - 1) / perLine));
  if (m_valLinesUsed + lines > cap ||
      m_valAllocs >= static_cast<std::uint32_t>(m_hw.maxInflightRequests))
    return false;
  m_valLinesUsed += lines;
  s.valLines = lines;
  ++m_valAllocs;
  std::vector<std::uint32_t> vt;
  vt.reserve(static_cast<std::size_t>(s.vals));
  if (s.topk) {
    for (std::uint32_t i : s.topk->kept) vt.push_back((*s.tokens)[i]);
  } else {
    vt.assign(s.tokens->begin(), s.tokens->begin() + s.vals);
  }
  const Request& r = m_workload->requests[request];
  s.vJob = newJob(request, DataKind::V, planVectors(r, DataKind::V, vt), 0);
  enqueue(m_fetchV, s.vJob);
  return true;
}

// Every V index of `request` has left module 10: close its busy interval, log the decision.
void Simulator::finishLocalTopk(std::uint32_t request) {
  const ReqState& s = req(request);
  m_act.close(ModuleId::TopkV, request);
  Event ev;
  ev.kind = EventKind::Pruning;
  ev.cycle = m_cycle;
  ev.request = request;
  ev.a = static_cast<std::uint32_t>(s.vals);
  ev.b = static_cast<std::uint32_t>(s.keys);
  ev.module = static_cast<std::uint8_t>(ModuleId::TopkV);
  ev.layer = s.layer;
  m_act.log(ev);
  m_stats.valuesKept += static_cast<std::uint64_t>(s.vals);
}

bool Simulator::topkHolds(std::uint32_t request) const {
  if (m_topkNext <= request || m_topk.request == request || m_topk.filterRequest == request) return true;
  for (const TopkEngineState::Held& h : m_topk.held)
    if (h.request == request) return true;
  return false;
}

// topk.model = 1: the RTL's TopKDummy (notes §4.4 step 12) as the RTL harness drives it, the
// top-k the paper's Fig. 19 runs used. Beats (softmax.lanes elements) enter its data FIFO
// (topk.dummy_fifo_elements) one per cycle, in request order. The head request waits
// TopKLatencyModel's cycles (the rounds of the same seeded quick-select: ceil(size / P) +
// topk.round_overhead each), counted from the cycle its first beat is at the head; then its
// beats pop one per cycle (each pop clears the RTL's counter, so the next request's wait starts
// only after this one's last beat): the first `vals` elements go on as V indices, the rest are
// dropped. TestSpAtten gives the second request of a fused pair latency 0
// (topk.dummy_partner_latency = 0).
void Simulator::tickTopkDummy(bool& busy, bool& stalled) {
  TopkEngineState& e = m_topk;
  const auto P = static_cast<std::uint32_t>(m_hw.topkParallelism);
  const auto cap = static_cast<std::uint32_t>(m_hw.topkDummyFifoElements);
  const auto lanes = static_cast<std::uint32_t>(m_hw.softmaxLanes);
  if (!e.held.empty()) {
    TopkEngineState::Held& h = e.held.front();
    ReqState& s = req(h.request);
    if (!h.released && (h.filled > 0 || h.n == 0)) {
      if (h.waited >= h.latency) {
        h.released = true;
      } else {
        ++h.waited;
        busy = true;
        m_act.busy(ModuleId::TopkV, h.request);
      }
    }
    if (h.released) {
      if (!startValueFetch(h.request)) {
        stalled = true;
      } else if (h.popped < h.filled || h.n == 0) {
        const std::uint32_t pop = std::min(lanes, h.filled - h.popped);
        h.popped += pop;
        e.heldElements -= pop;
        s.vEmitted = s.topk ? std::min(h.popped, static_cast<std::uint32_t>(s.vals))
                            : static_cast<std::uint32_t>(s.vals);
        if (s.vJob != kNone) m_jobs[s.vJob].issueLimit = s.vEmitted;
        busy = true;
        m_act.busy(ModuleId::TopkV, h.request);
        if (h.popped >= h.n) {  // every V index is out (vals < n whenever s.topk is set)
          finishLocalTopk(h.request);
          e.held.erase(e.held.begin());
        }
      }
    }
  }
  // Fill the newest request (in order) once its final probabilities are decided.
  if (e.held.empty() || e.held.back().filled >= e.held.back().n) {
    if (m_topkNext < m_nextAdmit && req(m_topkNext).decided) {
      ReqState& s = req(m_topkNext);
      TopkEngineState::Held h;
      h.request = m_topkNext++;
      h.n = static_cast<std::uint32_t>(s.keys);
      const bool partner = m_fuseRole[h.request] == 2 && m_hw.topkDummyPartnerLatency == 0;
      if (s.topk && !partner)
        for (const TopKRound& rd : s.topk->rounds)
          h.latency +=
              (rd.inputSize + P - 1) / P + static_cast<std::uint32_t>(m_hw.topkRoundOverhead);
      s.filled = 0;
      e.held.push_back(h);
    }
  }
  if (e.held.empty() || e.held.back().filled >= e.held.back().n) return;
  TopkEngineState::Held& h = e.held.back();
  ReqState& s = req(h.request);
  const std::uint32_t before = h.filled;
  const std::uint32_t taken =
      takeTopkBeats(s, std::min(lanes, cap - e.heldElements));  // s.filled == h.filled
  h.filled += taken;
  e.heldElements += taken;
  if (h.filled != before) {
    busy = true;
    m_act.busy(ModuleId::TopkV, h.request);
  } else if (s.holdElems[s.finalPass] > 0) {
    stalled = true;  // the data FIFO is full
  }
}

}  // namespace spatten::core
