#include "core/sim/units/zero_eliminator.h"

#include <algorithm>
#include <bit>

namespace spatten::core {

ZeroEliminator::ZeroEliminator(std::uint32_t parallelism)
    : m_parallelism(parallelism),
      m_stages(static_cast<std::uint32_t>(std::bit_width(std::max(1u, parallelism)) - 1)) {}

void ZeroEliminator::tick(LocalTopkEngine::Io& io, LocalTopkEngine& engine, bool& busy,
                          bool& stalled) {
  if (m_request == kNone) return;
  if (!engine.startValueFetch(io, m_request)) {
    stalled = true;
    return;
  }
  const RequestInfo& r = io.reqs[m_request];
  const auto n = static_cast<std::uint32_t>(r.keys);
  std::uint32_t emitted = engine.state(m_request).emitted;
  if (!r.topk) {  // skipped: every index passes at once
    m_pos = n;
    emitted = static_cast<std::uint32_t>(r.vals);
  } else if (m_pos < n) {
    m_pos = std::min(n, m_pos + m_parallelism);
    const auto& kept = r.topk->kept;
    while (emitted < kept.size() && kept[emitted] < m_pos) ++emitted;
    engine.m_compares += m_parallelism;
  } else {
    ++m_tail;  // zero-eliminator drain
  }
  engine.emitIndices(io, m_request, emitted);
  busy = true;
  io.act.busy(ModuleId::TopkV, m_request);
  if (m_pos >= n && (m_tail >= m_stages || !r.topk)) {
    engine.finish(io, m_request);
    m_request = kNone;
    m_pos = m_tail = 0;
  }
}

}  // namespace spatten::core
