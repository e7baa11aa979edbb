#include "core/sim/units/topk_quickselect.h"

#include <algorithm>

#include "core/sim/snapshot.h"
#include "core/sim/units/topk_round_event.h"

namespace spatten::core {
namespace {

// Replays the recorded quick-select rounds before tk.round on the request's input: round 0 pops
// every element (FIFO_L); round i partitions its input into FIFO_L (< pivot) and FIFO_R
// (> pivot), and round i+1 pops the FIFO its `select` names. Cost O(n * rounds), only while the
// engine holds a request. Leaves the candidates empty when the input is unknown or inconsistent.
void roundCandidates(const Request& r, const TopKResult& res, TopkEngineSnapshot& tk) {
  if (!r.probs || r.probs->size() != tk.inputSize || tk.round >= res.rounds.size()) return;
  const std::vector<float>& v = *r.probs;
  std::vector<std::uint32_t> fifoL(v.size()), fifoR, nextL, nextR;
  for (std::uint32_t i = 0; i < fifoL.size(); ++i) fifoL[i] = i;
  for (std::uint32_t i = 0; i < tk.round; ++i) {
    const TopKRound& rd = res.rounds[i];
    const std::vector<std::uint32_t>& src = rd.select == 0 ? fifoL : fifoR;
    nextL.clear();
    nextR.clear();
    for (std::uint32_t x : src) {
      if (v[x] < rd.pivot)
        nextL.push_back(x);
      else if (v[x] > rd.pivot)
        nextR.push_back(x);
    }
    fifoL.swap(nextL);
    fifoR.swap(nextR);
  }
  std::vector<std::uint32_t>& cand = res.rounds[tk.round].select == 0 ? fifoL : fifoR;
  if (cand.size() != res.rounds[tk.round].inputSize) return;
  tk.roundValues.reserve(cand.size());
  for (std::uint32_t x : cand) tk.roundValues.push_back(v[x]);
  tk.roundCandidates = std::move(cand);
}

}  // namespace

QuickSelectEngine::QuickSelectEngine(std::shared_ptr<const Workload> workload, const HwConfig& hw)
    : LocalTopkEngine(std::move(workload), hw),
      m_fifoDepth(static_cast<std::uint32_t>(hw.topkFifoDepth)),
      m_filter(static_cast<std::uint32_t>(hw.topkParallelism)) {}

bool QuickSelectEngine::holds(std::uint32_t request) const {
  return nextRequest() <= request || m_request == request || m_filter.request() == request;
}

void QuickSelectEngine::tick(Io& io) {
  bool busy = false, stalled = false;
  m_filter.tick(io, *this, busy, stalled);
  if (m_phase == Phase::Rounds) {
    const RequestInfo& r = io.reqs[m_request];
    const auto& rounds = r.topk->rounds;
    if (m_round < rounds.size()) {
      ++m_roundCycle;
      busy = true;
      io.act.busy(ModuleId::TopkV, m_request);
      m_compares += std::min<std::uint64_t>(m_parallelism, rounds[m_round].inputSize);
      if (m_roundCycle >= m_roundCycles) {
        const TopKRound& rd = rounds[m_round];
        io.act.log(topkRoundEvent(ModuleId::TopkV, m_request, io.act.cycle(), m_roundCycles, rd,
                                  r.layer));
        ++m_round;
        m_roundCycle = 0;
        if (m_round < rounds.size()) m_roundCycles = roundCycles(rounds[m_round]);
      }
    } else if (m_filter.idle()) {  // k-th value known: hand over to the filter
      m_filter.accept(m_request);
      m_phase = Phase::Idle;
      m_request = kNone;
    } else {
      stalled = true;
    }
  }
  // Fill: take the next request (in order) once its final probabilities are decided.
  if (m_phase == Phase::Idle && takeNext(m_request)) {
    m_phase = Phase::Fill;
    m_roundCycle = 0;
  }
  if (m_phase == Phase::Fill) {
    const RequestInfo& r = io.reqs[m_request];
    const auto n = static_cast<std::uint32_t>(r.keys);
    const std::uint32_t taken = takeBeats(io, m_request, ~0u);
    ++m_roundCycle;  // the fill is part of round 0 (RTL: latency counted from the first beat)
    if (taken > 0 || n == 0) {
      busy = true;
      io.act.busy(ModuleId::TopkV, m_request);
    }
    if (state(m_request).filled >= n) {
      if (!r.topk) {
        if (m_filter.idle()) {
          m_filter.accept(m_request);
          m_phase = Phase::Idle;
          m_request = kNone;
        } else {
          stalled = true;
        }
      } else {
        m_phase = Phase::Rounds;
        m_round = 0;  // m_roundCycle keeps the fill cycles: round 0 compares while filling
        m_roundCycles = r.topk->rounds.empty() ? 0 : roundCycles(r.topk->rounds[0]);
      }
    }
  }
  if (busy)
    io.act.set(ModuleId::TopkV, ModuleState::Busy);
  else if (stalled)
    io.act.set(ModuleId::TopkV, ModuleState::Stalled);
}

void QuickSelectEngine::describe(SimSnapshot& snap, const RequestTable& reqs) const {
  const Workload& w = *m_workload;
  TopkEngineSnapshot& tk = snap.topk;
  tk.fifoCapacity =
      static_cast<std::uint32_t>(static_cast<std::uint64_t>(m_fifoDepth) * m_parallelism);
  ModuleSnapshot& m = snap.module(ModuleId::TopkV);
  tk.phase = m_phase == Phase::Fill ? "fill" : m_phase == Phase::Rounds ? "rounds" : "idle";
  if (m_request != kNone) {
    const RequestInfo& r = reqs[m_request];
    const PerRequest* s = findState(m_request);
    tk.request = requestRef(w, m_request, s ? s->finalPass : 0);
    tk.inputSize = static_cast<std::uint32_t>(r.keys);
    tk.k = static_cast<std::uint32_t>(r.vals);
    tk.filled = s ? s->filled : 0;
    if (r.topk) {
      tk.rounds = static_cast<std::uint32_t>(r.topk->rounds.size());
      // While filling, the engine works on round 0 (m_round still holds the last request's).
      tk.round = m_phase == Phase::Fill ? 0 : m_round;
      if (tk.round < r.topk->rounds.size()) {
        const TopKRound& rd = r.topk->rounds[tk.round];
        tk.select = rd.select;
        roundCandidates(w.requests[m_request], *r.topk, tk);
        tk.roundInput = rd.inputSize;
        tk.compared = std::min(rd.inputSize, m_roundCycle * m_parallelism);
        tk.leftSize = rd.leftSize;
        tk.rightSize = rd.rightSize;
        tk.eqCount = rd.eqCount;
        tk.pivot = rd.pivot;
        const std::uint32_t cmpCycles = (rd.inputSize + m_parallelism - 1) / m_parallelism;
        tk.zeStage = m_roundCycle > cmpCycles ? m_roundCycle - cmpCycles : 0;
      }
    }
    m.request = tk.request;
    m.progress = tk.filled;
    m.total = static_cast<std::uint64_t>(r.keys);
  }
  if (!m_filter.idle()) {
    tk.filterRequest = requestRef(w, m_filter.request());
    tk.filterPos = m_filter.position();
    const PerRequest* s = findState(m_filter.request());
    tk.emitted = s ? s->emitted : 0;
    if (m_request == kNone) m.request = tk.filterRequest;
  }
  m.fifos.push_back({"FIFO_L+FIFO_R (elements)", tk.roundInput,
                     static_cast<std::uint64_t>(m_fifoDepth) * m_parallelism});
}

}  // namespace spatten::core
