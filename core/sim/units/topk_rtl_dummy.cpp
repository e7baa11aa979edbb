#include "core/sim/units/topk_rtl_dummy.h"

#include <algorithm>
#include <string>

#include "core/sim/snapshot.h"

namespace spatten::core {

RtlDummyTopk::RtlDummyTopk(std::shared_ptr<const Workload> workload, const HwConfig& hw)
    : LocalTopkEngine(std::move(workload), hw),
      m_capacity(static_cast<std::uint32_t>(hw.topkDummyFifoElements)),
      m_partnerLatency(hw.topkDummyPartnerLatency != 0) {}

bool RtlDummyTopk::holds(std::uint32_t request) const {
  if (nextRequest() <= request) return true;
  return std::any_of(m_held.begin(), m_held.end(),
                     [&](const Held& h) { return h.request == request; });
}

void RtlDummyTopk::tick(Io& io) {
  bool busy = false, stalled = false;
  if (!m_held.empty()) {
    Held& h = m_held.front();
    const RequestInfo& r = io.reqs[h.request];
    if (!h.released && (h.filled > 0 || h.n == 0)) {
      if (h.waited >= h.latency) {
        h.released = true;
      } else {
        ++h.waited;
        busy = true;
        io.act.busy(ModuleId::TopkV, h.request);
      }
    }
    if (h.released) {
      if (!startValueFetch(io, h.request)) {
        stalled = true;
      } else if (h.popped < h.filled || h.n == 0) {
        const std::uint32_t pop = std::min(m_lanes, h.filled - h.popped);
        h.popped += pop;
        m_heldElements -= pop;
        emitIndices(io, h.request,
                    r.topk ? std::min(h.popped, static_cast<std::uint32_t>(r.vals))
                           : static_cast<std::uint32_t>(r.vals));
        busy = true;
        io.act.busy(ModuleId::TopkV, h.request);
        if (h.popped >= h.n) {  // every V index is out (vals < n whenever r.topk is set)
          finish(io, h.request);
          m_held.erase(m_held.begin());
        }
      }
    }
  }
  // Fill the newest request (in order) once its final probabilities are decided.
  std::uint32_t next;
  if ((m_held.empty() || m_held.back().filled >= m_held.back().n) && takeNext(next)) {
    const RequestInfo& r = io.reqs[next];
    Held h;
    h.request = next;
    h.n = static_cast<std::uint32_t>(r.keys);
    const bool partner = r.fuseRole == 2 && !m_partnerLatency;
    if (r.topk && !partner)
      for (const TopKRound& rd : r.topk->rounds)
        h.latency += (rd.inputSize + m_parallelism - 1) / m_parallelism + m_roundOverhead;
    m_held.push_back(h);
  }
  if (!m_held.empty() && m_held.back().filled < m_held.back().n) {
    Held& h = m_held.back();
    const std::uint32_t taken =
        takeBeats(io, h.request, std::min(m_lanes, m_capacity - m_heldElements));
    h.filled += taken;
    m_heldElements += taken;
    if (taken > 0) {
      busy = true;
      io.act.busy(ModuleId::TopkV, h.request);
    } else if (io.hold.elements(h.request, state(h.request).finalPass) > 0) {
      stalled = true;  // the data FIFO is full
    }
  }
  if (busy)
    io.act.set(ModuleId::TopkV, ModuleState::Busy);
  else if (stalled)
    io.act.set(ModuleId::TopkV, ModuleState::Stalled);
}

void RtlDummyTopk::describe(SimSnapshot& snap, const RequestTable& reqs) const {
  TopkEngineSnapshot& tk = snap.topk;
  tk.fifoCapacity = static_cast<std::uint32_t>(m_capacity);
  ModuleSnapshot& m = snap.module(ModuleId::TopkV);
  tk.phase = "idle";
  if (!m_held.empty()) {  // the head request
    const Held& h = m_held.front();
    const PerRequest* s = findState(h.request);
    tk.phase = h.released
                   ? std::string("dummy pop")
                   : "dummy wait " + std::to_string(h.waited) + "/" + std::to_string(h.latency);
    tk.request = requestRef(*m_workload, h.request, s ? s->finalPass : 0);
    tk.inputSize = h.n;
    tk.k = static_cast<std::uint32_t>(reqs[h.request].vals);
    tk.filled = h.filled;
    tk.filterRequest = tk.request;
    tk.filterPos = h.popped;
    tk.emitted = s ? s->emitted : 0;
    m.request = tk.request;
    m.progress = h.popped;
    m.total = h.n;
  }
  m.fifos.push_back({"data FIFO (elements)", m_heldElements, m_capacity});
}

}  // namespace spatten::core
