// Simulator::snapshot(): builds the immutable view handed to the GUI.
#include <bit>
#include <string>

#include "core/sim/simulator.h"

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
      if (v[x] < rd.pivot) nextL.push_back(x);
      else if (v[x] > rd.pivot) nextR.push_back(x);
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

SnapshotPtr Simulator::snapshot() const {
  auto snap = std::make_shared<SimSnapshot>();
  const auto& reqs = m_workload->requests;
  auto ref = [&](std::int64_t idx, int pass = 0) {
    RequestRef r;
    if (idx < 0 || idx >= static_cast<std::int64_t>(reqs.size())) return r;
    const Request& q = reqs[static_cast<std::size_t>(idx)];
    r.index = idx;
    r.iteration = q.iteration;
    r.layer = q.layer;
    r.head = q.head;
    r.query = q.query;
    r.pass = pass;
    return r;
  };
  snap->cycle = m_cycle;
  snap->finished = finished();
  snap->current = ref(m_qkCurrent, m_qkCurrentPass);
  snap->modules.resize(kModuleCount);
  for (int m = 0; m < kModuleCount; ++m) {
    auto& ms = snap->modules[static_cast<std::size_t>(m)];
    ms.id = static_cast<ModuleId>(m);
    ms.state = m_cycle == 0 ? ModuleState::Idle : m_act.state(static_cast<ModuleId>(m));
  }
  auto mod = [&](ModuleId id) -> ModuleSnapshot& { return snap->modules[static_cast<std::size_t>(id)]; };
  // Fetcher: the job at the head of the highest-priority non-empty queue.
  for (const std::deque<std::uint32_t>* q : {&m_fetchLsb, &m_fetchV, &m_fetchK}) {
    if (q->empty()) continue;
    const FetchJob& j = m_jobs[q->front()];
    mod(ModuleId::Fetcher).request = ref(j.request);
    mod(ModuleId::Fetcher).progress = j.issued;
    mod(ModuleId::Fetcher).total = j.plan ? j.plan->txAddr.size() : 0;
    break;
  }
  mod(ModuleId::Fetcher).fifos.push_back({"queued jobs", m_fetchLsb.size() + m_fetchV.size() + m_fetchK.size(), 0});
  std::uint64_t laneFill = 0;
  for (const auto& l : m_lanes) laneFill += l.size();
  mod(ModuleId::Fetcher).fifos.push_back({"address FIFOs (all lanes)", laneFill,
                                          static_cast<std::uint64_t>(m_hw.fetchLanes) * static_cast<std::uint64_t>(m_hw.addrFifoDepth)});
  std::uint64_t addrFill = 0, addrCap = 0;
  for (const Hbm2Channel& c : m_channels) {
    ChannelSnapshot cs;
    cs.addrFifo = static_cast<std::uint32_t>(c.inFifoSize());
    cs.addrFifoCapacity = static_cast<std::uint32_t>(c.inFifoCapacity());
    cs.outstanding = static_cast<std::uint32_t>(c.outstanding());
    cs.maxOutstanding = static_cast<std::uint32_t>(c.maxOutstanding());
    cs.bytes = m_stats.dramBytesPerChannel[snap->channels.size()];
    addrFill += cs.addrFifo;
    addrCap += cs.addrFifoCapacity;
    snap->channels.push_back(cs);
  }
  mod(ModuleId::Hbm).fifos.push_back({"controller ports (all channels)", addrFill, addrCap});
  if (!m_qkTasks.empty()) {
    const QkTask& t = m_qkTasks.front();
    const ReqState& s = req(t.request);
    mod(ModuleId::QxK).request = ref(t.request, t.pass);
    mod(ModuleId::QxK).progress = s.qkDone[t.pass];
    mod(ModuleId::QxK).total = static_cast<std::uint64_t>(s.keys);
  }
  mod(ModuleId::QxK).fifos.push_back({"adder-tree pipeline (scores)", m_qkPipeScores, 0});
  if (!m_smTasksB.empty()) {
    const SoftmaxTask& t = m_smTasksB.front();
    mod(ModuleId::Softmax).request = ref(t.request, t.pass);
    mod(ModuleId::Softmax).progress = t.emitted;
    mod(ModuleId::Softmax).total = t.elements;
  } else if (!m_smIn.empty()) {
    mod(ModuleId::Softmax).request = ref(m_smIn.front().request, m_smIn.front().pass);
  }
  mod(ModuleId::Softmax).fifos.push_back({"input FIFO (scores)", m_smInScores, static_cast<std::uint64_t>(m_hw.softmaxFifoDepth)});
  mod(ModuleId::Requant).fifos.push_back({"hold buffer (beats)", m_holdBeats, static_cast<std::uint64_t>(m_hw.requantBufferBeats)});
  if (!m_decisions.empty()) mod(ModuleId::Requant).request = ref(m_decisions.front().request, m_decisions.front().pass);
  // Top-k engine (module 10).
  TopkEngineSnapshot& tk = snap->topk;
  const auto P = static_cast<std::uint32_t>(m_hw.topkParallelism);
  tk.zeStages = static_cast<std::uint32_t>(std::bit_width(P) - 1);
  tk.phase = m_topk.phase == TopkEngineState::Phase::Fill     ? "fill"
             : m_topk.phase == TopkEngineState::Phase::Rounds ? "rounds"
                                                              : "idle";
  if (m_topk.request != kNone) {
    const ReqState& s = req(m_topk.request);
    tk.request = ref(m_topk.request, s.finalPass);
    tk.inputSize = static_cast<std::uint32_t>(s.keys);
    tk.k = static_cast<std::uint32_t>(s.vals);
    tk.filled = s.filled;
    if (s.topk) {
      tk.rounds = static_cast<std::uint32_t>(s.topk->rounds.size());
      // While filling, the engine works on round 0 (m_topk.round still holds the last request's).
      tk.round = m_topk.phase == TopkEngineState::Phase::Fill ? 0 : m_topk.round;
      if (tk.round < s.topk->rounds.size()) {
        const TopKRound& rd = s.topk->rounds[tk.round];
        tk.select = rd.select;
        roundCandidates(m_workload->requests[m_topk.request], *s.topk, tk);
        tk.roundInput = rd.inputSize;
        tk.compared = std::min(rd.inputSize, m_topk.roundCycle * P);
        tk.leftSize = rd.leftSize;
        tk.rightSize = rd.rightSize;
        tk.eqCount = rd.eqCount;
        tk.pivot = rd.pivot;
        const std::uint32_t cmpCycles = (rd.inputSize + P - 1) / P;
        tk.zeStage = m_topk.roundCycle > cmpCycles ? m_topk.roundCycle - cmpCycles : 0;
      }
    }
    mod(ModuleId::TopkV).request = tk.request;
    mod(ModuleId::TopkV).progress = s.filled;
    mod(ModuleId::TopkV).total = static_cast<std::uint64_t>(s.keys);
  }
  if (m_topk.filterRequest != kNone) {
    tk.filterRequest = ref(m_topk.filterRequest);
    tk.filterPos = m_topk.filterPos;
    tk.emitted = req(m_topk.filterRequest).vEmitted;
    if (m_topk.request == kNone) mod(ModuleId::TopkV).request = tk.filterRequest;
  }
  if (m_hw.topkModel == 1) {  // the RTL harness's TopKDummy: its head request
    if (!m_topk.held.empty()) {
      const TopkEngineState::Held& h = m_topk.held.front();
      const ReqState& s = req(h.request);
      tk.phase = h.released ? std::string("dummy pop")
                            : "dummy wait " + std::to_string(h.waited) + "/" +
                                  std::to_string(h.latency);
      tk.request = ref(h.request, s.finalPass);
      tk.inputSize = h.n;
      tk.k = static_cast<std::uint32_t>(s.vals);
      tk.filled = h.filled;
      tk.filterRequest = tk.request;
      tk.filterPos = h.popped;
      tk.emitted = s.vEmitted;
      mod(ModuleId::TopkV).request = tk.request;
      mod(ModuleId::TopkV).progress = h.popped;
      mod(ModuleId::TopkV).total = h.n;
    }
    mod(ModuleId::TopkV).fifos.push_back({"data FIFO (elements)", m_topk.heldElements,
                                          static_cast<std::uint64_t>(m_hw.topkDummyFifoElements)});
  } else {
    mod(ModuleId::TopkV).fifos.push_back({"FIFO_L+FIFO_R (elements)", tk.roundInput,
                                          static_cast<std::uint64_t>(m_hw.topkFifoDepth) * P});
  }
  if (m_avNext < m_nextAdmit) {
    const ReqState& s = req(m_avNext);
    mod(ModuleId::AttnV).request = ref(m_avNext);
    mod(ModuleId::AttnV).progress = s.avDone;
    mod(ModuleId::AttnV).total = static_cast<std::uint64_t>(s.vals);
  }
  mod(ModuleId::AttnV).fifos.push_back({"pipeline (beats)", m_avPipe.size(), static_cast<std::uint64_t>(m_avPipe.depth() + 1)});
  if (!m_tokenAccWork.empty()) mod(ModuleId::TokenAcc).request = ref(m_tokenAccWork.front().first);
  mod(ModuleId::TokenAcc).fifos.push_back({"pending requests", m_tokenAccWork.size(), 0});
  if (!m_headAccWork.empty()) mod(ModuleId::HeadAcc).request = ref(m_headAccWork.front().first);
  if (m_tokenTopk.active) mod(ModuleId::TopkToken).request = ref(m_tokenTopk.task.request);
  mod(ModuleId::TopkToken).fifos.push_back({"pending top-k tasks", m_tokenTopk.queue.size(), 0});
  snap->keyBufferUsedLines = m_keyLinesUsed;
  snap->keyBufferLines = static_cast<std::uint32_t>(m_hw.keyBufferLines());
  snap->valueBufferUsedLines = m_valLinesUsed;
  snap->valueBufferLines = static_cast<std::uint32_t>(m_hw.valueBufferLines());
  snap->inflightRequests = static_cast<std::uint32_t>(m_reqs.size());
  snap->keyBufferRequests = m_keyAllocs;
  snap->valueBufferRequests = m_valAllocs;
  snap->eventCount = m_act.events().size();
  snap->stats = m_stats;
  return snap;
}

}  // namespace spatten::core
