// The wiring of Fig. 8 (drawn in docs/architecture.md) and the order of a cycle. wire() lists
// every control port; tick() hands every stream FIFO to its consumer.
#include "core/sim/datapath.h"

#include <algorithm>

#include "core/sim/cycle_sample.h"
#include "core/sim/snapshot.h"
#include "core/sim/stats.h"
#include "core/sim/units/variants.h"

namespace spatten::core {

Datapath::Datapath(std::shared_ptr<const Workload> workload, const HwConfig& hw, std::uint64_t seed)
    : m_workload(std::move(workload)),
      m_plan(std::make_shared<const SelectPlan>(planSelections(*m_workload))),
      m_keyBuffer(static_cast<std::uint32_t>(hw.keyBufferLines()),
                  static_cast<std::uint32_t>(hw.maxInflightRequests)),
      m_valueBuffer(static_cast<std::uint32_t>(hw.valueBufferLines()),
                    static_cast<std::uint32_t>(hw.maxInflightRequests)),
      m_controller(m_workload, hw, seed, *m_plan),
      m_fetcher(hw, m_workload->model.layers),
      m_hbm(hw),
      m_qk(hw),
      m_softmax(makeSoftmax(hw)),
      m_requant(m_workload, hw),
      m_topk(makeLocalTopkEngine(m_workload, hw)),
      m_probV(hw),
      m_tokenAcc(m_workload, hw.softmaxLanes, m_plan),
      m_headAcc(m_workload, hw.softmaxLanes),
      m_tokenHeadTopk(m_workload, hw, seed),
      m_select(m_plan) {
  wire();
}

Datapath::Datapath(const Datapath& o)
    : m_workload(o.m_workload),
      m_plan(o.m_plan),
      m_reqs(o.m_reqs),
      m_keyBuffer(o.m_keyBuffer),
      m_valueBuffer(o.m_valueBuffer),
      m_controller(o.m_controller),
      m_fetcher(o.m_fetcher),
      m_hbm(o.m_hbm),
      m_qk(o.m_qk),
      m_softmax(o.m_softmax->clone()),
      m_requant(o.m_requant),
      m_topk(o.m_topk->clone()),
      m_probV(o.m_probV),
      m_tokenAcc(o.m_tokenAcc),
      m_headAcc(o.m_headAcc),
      m_tokenHeadTopk(o.m_tokenHeadTopk),
      m_select(o.m_select) {
  wire();
}

Datapath::Datapath(Datapath&& o) noexcept
    : m_workload(std::move(o.m_workload)),
      m_plan(std::move(o.m_plan)),
      m_reqs(std::move(o.m_reqs)),
      m_keyBuffer(std::move(o.m_keyBuffer)),
      m_valueBuffer(std::move(o.m_valueBuffer)),
      m_controller(std::move(o.m_controller)),
      m_fetcher(std::move(o.m_fetcher)),
      m_hbm(std::move(o.m_hbm)),
      m_qk(std::move(o.m_qk)),
      m_softmax(std::move(o.m_softmax)),
      m_requant(std::move(o.m_requant)),
      m_topk(std::move(o.m_topk)),
      m_probV(std::move(o.m_probV)),
      m_tokenAcc(std::move(o.m_tokenAcc)),
      m_headAcc(std::move(o.m_headAcc)),
      m_tokenHeadTopk(std::move(o.m_tokenHeadTopk)),
      m_select(std::move(o.m_select)) {
  wire();
}

Datapath& Datapath::operator=(const Datapath& o) {
  if (this != &o) *this = Datapath(o);
  return *this;
}

Datapath& Datapath::operator=(Datapath&& o) noexcept {
  if (this == &o) return *this;
  m_workload = std::move(o.m_workload);
  m_plan = std::move(o.m_plan);
  m_reqs = std::move(o.m_reqs);
  m_keyBuffer = std::move(o.m_keyBuffer);
  m_valueBuffer = std::move(o.m_valueBuffer);
  m_controller = std::move(o.m_controller);
  m_fetcher = std::move(o.m_fetcher);
  m_hbm = std::move(o.m_hbm);
  m_qk = std::move(o.m_qk);
  m_softmax = std::move(o.m_softmax);
  m_requant = std::move(o.m_requant);
  m_topk = std::move(o.m_topk);
  m_probV = std::move(o.m_probV);
  m_tokenAcc = std::move(o.m_tokenAcc);
  m_headAcc = std::move(o.m_headAcc);
  m_tokenHeadTopk = std::move(o.m_tokenHeadTopk);
  m_select = std::move(o.m_select);
  wire();
  return *this;
}

Datapath::~Datapath() = default;

std::size_t Datapath::requestsRead() const {
  return std::min<std::size_t>(
      std::max<std::size_t>(std::size_t{m_controller.nextAdmit()} + 2, m_controller.readEnd()),
      m_workload->requests.size());
}

namespace {
template <typename T>
bool samePrefix(const std::vector<T>& a, const std::vector<T>& b, std::size_t n) {
  return a.size() >= n && b.size() >= n && std::equal(a.begin(), a.begin() + n, b.begin());
}
}  // namespace

bool Datapath::rebind(std::shared_ptr<const Workload> w) {
  if (!w) return false;
  if (w == m_workload) return true;
  const ModelInfo &a = m_workload->model, &b = w->model;
  if (a.layers != b.layers || a.heads != b.heads || a.d != b.d) return false;
  const std::size_t n = requestsRead();
  if (w->requests.size() < n) return false;
  for (std::size_t i = 0; i < n; ++i)
    if (!sameRequest(m_workload->requests[i], w->requests[i])) return false;
  // What the units derive from the workload is used only for the requests admitted so far and
  // the next two (a group lead's look ahead reads fields only).
  const std::size_t u = std::min<std::size_t>(n, std::size_t{m_controller.nextAdmit()} + 2);
  auto plan = std::make_shared<const SelectPlan>(planSelections(*w));
  if (!m_plan->jobs.empty() || !plan->jobs.empty() || !samePrefix(plan->gate, m_plan->gate, u) ||
      !samePrefix(plan->triggerOf, m_plan->triggerOf, u) ||
      !samePrefix(plan->scoreAdds, m_plan->scoreAdds, u))
    return false;
  std::vector<std::uint8_t> roles = Controller::fuseRoles(*w, m_controller.fuseHeads(), *plan);
  if (!samePrefix(roles, m_controller.fuseRoles(), u)) return false;
  TokenHeadTopk::LayerHeads heads = TokenHeadTopk::layerHeads(*w);
  const TokenHeadTopk::LayerHeads old = m_tokenHeadTopk.layerHeads();
  if (!samePrefix(heads.heads, old.heads, u) || !samePrefix(heads.nextHeads, old.nextHeads, u))
    return false;
  // Every check passed: nothing the run has used differs. Swap the workload in everywhere.
  m_workload = w;
  m_plan = plan;
  m_controller.rebind(w, std::move(roles));
  m_requant.rebind(w);
  m_topk->rebind(w);
  m_tokenAcc.rebind(w, plan);
  m_headAcc.rebind(w);
  m_tokenHeadTopk.rebind(w, std::move(heads));
  m_select.rebind(plan);
  return true;
}

// Which port feeds which (Fig. 8). Stream data (beats, transactions, the hold buffer) goes
// through the FIFOs handed to each unit's tick() below.
// Idempotent: every port is disconnected first (a moved-in variant unit still points at the
// datapath it came from).
void Datapath::wire() {
  m_controller.fetch.disconnect();
  m_controller.admittedOut.disconnect();
  m_controller.release.disconnect();
  m_requant.fetch.disconnect();
  m_requant.recompute.disconnect();
  m_requant.decided.disconnect();
  m_topk->fetch.disconnect();
  m_topk->issueLimit.disconnect();
  m_topk->indices.disconnect();
  m_probV.finished.disconnect();
  m_tokenAcc.prune.disconnect();
  m_tokenAcc.accumulated.disconnect();
  m_qk.estimated.disconnect();
  m_tokenHeadTopk.selected.disconnect();
  m_select.task.disconnect();
  m_select.done.disconnect();
  // Front end: fetch commands and new requests.
  m_controller.fetch.connect([this](const FetchCommand& c) { m_fetcher.command(c); });
  m_controller.admittedOut.connect([this](std::uint32_t r) { m_qk.admitted(r); });
  m_controller.release.connect(
      [this](const Controller::Release& r) { m_fetcher.release(r.owner, r.kindMask); });
  // Progressive quantization: LSB refetch (priority queue) and recomputation; final decisions.
  m_requant.fetch.connect([this](const FetchCommand& c) { m_fetcher.command(c); });
  m_requant.recompute.connect([this](const Recompute& r) { m_qk.recompute(r, m_select); });
  m_requant.decided.connect([this](const Decided& d) {
    m_controller.decided(d, m_reqs, m_keyBuffer);
    m_topk->decided(d);
    m_tokenAcc.decided(d, m_reqs);
  });
  // Local value pruning: V fetch, its issue limit, kept indices to prob x V.
  m_topk->fetch.connect([this](const FetchCommand& c) { m_fetcher.command(c); });
  m_topk->issueLimit.connect([this](const ValueIndices& v) { m_fetcher.valueIndices(v); });
  m_topk->indices.connect([this](const ValueIndices& v) { m_probV.indices(v); });
  // A request leaves: buffers and data released, head importance, head pruning at layer ends.
  m_probV.finished.connect([this](const Finished& f) {
    m_controller.finished(f, m_reqs, m_keyBuffer, m_valueBuffer);
    m_fetcher.finished(*m_act, f);
    m_headAcc.finished(f);
    m_tokenHeadTopk.finished(f);
  });
  // Cascade token pruning.
  m_tokenAcc.prune.connect([this](const PruneTask& t) { m_tokenHeadTopk.prune(t); });
  // KV-cache policies: score adds and Quest's estimate trigger selections on the top-k engine,
  // whose end releases the held key fetches.
  m_tokenAcc.accumulated.connect([this](std::uint32_t r) { m_select.accumulated(r); });
  m_qk.estimated.connect([this](std::uint32_t r) { m_select.estimated(r); });
  m_select.task.connect([this](const PruneTask& t) { m_tokenHeadTopk.prune(t); });
  m_tokenHeadTopk.selected.connect([this](std::uint32_t job) { m_select.engineDone(job); });
  m_select.done.connect([this](std::uint32_t) { m_controller.selectionDone(m_select); });
}

void Datapath::tick(Activity& act) {
  m_act = &act;
  m_select.tick();
  m_hbm.tick(act, m_fetcher);
  m_fetcher.receive(m_hbm.arrivals());
  m_tokenAcc.tick(act);
  m_headAcc.tick(act);
  m_tokenHeadTopk.tick(act);
  m_probV.tick(act, m_reqs, m_fetcher, *m_topk);
  LocalTopkEngine::Io io{act, m_reqs, m_requant.hold(), m_valueBuffer};
  m_topk->tick(io);
  m_requant.tick(act, m_reqs, m_softmax->probsOut(), m_fetcher, m_topk->nextRequest());
  m_softmax->tick(act, m_qk.scoresOut(), {m_requant.hold().room(), m_topk->nextRequest()});
  m_qk.tick(act, m_reqs, m_fetcher, m_softmax->inputRoom());
  m_fetcher.tickCrossbar(m_hbm);
  m_fetcher.tickIssue(act);
  m_controller.tick(act, m_reqs, m_keyBuffer, m_valueBuffer, m_select);
  retire();
  m_act = nullptr;
}

// A request leaves the table once prob x V has finished it and the top-k engine has released it.
void Datapath::retire() {
  const std::uint32_t before = m_reqs.base();
  while (!m_reqs.empty() && m_probV.finishedCount() > m_reqs.base() &&
         !m_topk->holds(m_reqs.base()))
    m_reqs.popFront();
  if (m_reqs.base() == before) return;
  m_requant.hold().retireBelow(m_reqs.base());
  m_topk->retireBelow(m_reqs.base());
  m_probV.retireBelow(m_reqs.base());
}

std::uint64_t Datapath::progress() const {
  return m_hbm.transactions() + m_qk.work() + m_softmax->work() + m_probV.work() +
         m_controller.admitted();
}

std::pair<std::string, std::string> Datapath::stallCause() const {
  const HoldBuffer& hold = m_requant.hold();
  if (hold.room() == 0)
    return {"requant.buffer_beats",
            "the requant hold buffer is full (" + std::to_string(hold.capacity()) +
                (hold.capacity() == 1 ? " beat" : " beats") +
                ") and no request can go on: with a buffer this small for this workload the "
                "datapath deadlocks (the RTL's holds 4096 beats)"};
  return {};
}

bool Datapath::finished() const {
  return m_controller.allAdmitted() && m_reqs.empty() && m_tokenHeadTopk.idle() &&
         m_tokenAcc.idle() && m_headAcc.idle() && m_hbm.idle() && m_fetcher.lanesEmpty();
}

void Datapath::addStats(SimStats& s) const {
  m_hbm.addStats(s);
  m_fetcher.addStats(s);
  m_qk.addStats(s);
  m_softmax->addStats(s);
  m_requant.addStats(s);
  m_topk->addStats(s);
  m_probV.addStats(s);
  m_tokenHeadTopk.addStats(s);
  s.scoreAdds = m_tokenAcc.scoreAdds();
  s.requestsAdmitted = m_controller.admitted();
}

void Datapath::fillSnapshot(SimSnapshot& snap) const {
  const Workload& w = *m_workload;
  m_fetcher.fillSnapshot(snap, w);
  m_hbm.fillSnapshot(snap);
  m_qk.fillSnapshot(snap, w, m_reqs);
  m_softmax->fillSnapshot(snap, w);
  m_requant.fillSnapshot(snap);
  m_topk->fillSnapshot(snap, m_reqs);
  m_probV.fillSnapshot(snap, w, m_reqs);
  m_tokenAcc.fillSnapshot(snap);
  m_headAcc.fillSnapshot(snap);
  m_tokenHeadTopk.fillSnapshot(snap);
  snap.keyBufferUsedLines = m_keyBuffer.used();
  snap.keyBufferLines = m_keyBuffer.capacity();
  snap.valueBufferUsedLines = m_valueBuffer.used();
  snap.valueBufferLines = m_valueBuffer.capacity();
  snap.inflightRequests = static_cast<std::uint32_t>(m_reqs.size());
  snap.keyBufferRequests = m_keyBuffer.requests();
  snap.valueBufferRequests = m_valueBuffer.requests();
}

void Datapath::fillSample(CycleSample& s) const {
  s.fetchJobs = m_fetcher.queuedJobs();
  s.laneFifo = m_fetcher.laneFill();
  s.qkPipeline = m_qk.pipelineScores();
  s.softmaxFifo = m_softmax->inputFill();
  s.holdBuffer = static_cast<std::uint32_t>(m_requant.hold().beats());
  s.probVPipeline = m_probV.pipelineBeats();
  s.tokenAccPending = m_tokenAcc.pending();
  s.topkTasks = m_tokenHeadTopk.tasks();
  s.keyBufferLines = m_keyBuffer.used();
  s.valueBufferLines = m_valueBuffer.used();
  s.inflightRequests = static_cast<std::uint32_t>(m_reqs.size());
  const std::size_t channels =
      std::min<std::size_t>(m_hbm.channelCount(), CycleSample::kMaxChannels);
  s.channels = static_cast<int>(channels);
  s.hbmPorts = 0;
  s.dramBytes = 0;
  for (std::size_t c = 0; c < channels; ++c) {
    const Hbm2Channel& ch = m_hbm.channel(c);
    s.hbmPorts += static_cast<std::uint32_t>(ch.inFifoSize());
    s.outstanding[c] = static_cast<std::uint16_t>(ch.outstanding());
    s.channelBytes[c] = m_hbm.channelBytes(c);
    s.dramBytes += s.channelBytes[c];
  }
}

}  // namespace spatten::core
