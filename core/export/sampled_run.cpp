#include "core/export/sampled_run.h"

#include <algorithm>

namespace spatten::core {

void runSampled(Simulator& sim, const std::vector<CycleSink*>& sinks,
                const std::atomic<bool>* stop) {
  CycleSample s;
  while (!sim.finished()) {
    const std::size_t first = sim.log().size();
    sim.step();
    sim.sample(s);
    for (CycleSink* k : sinks) k->cycle(sim, s, first);
    if (stop && (sim.cycle() & 1023) == 0 && stop->load(std::memory_order_relaxed)) break;
  }
  for (CycleSink* k : sinks) k->finish(sim);
}

AliveCounter::AliveCounter(const Workload& w) : m_workload(&w), m_heads(w.requests.size(), 0) {
  const auto& reqs = w.requests;
  std::size_t begin = 0;
  for (std::size_t i = 1; i <= reqs.size(); ++i) {
    if (i < reqs.size() && reqs[i].iteration == reqs[begin].iteration &&
        reqs[i].layer == reqs[begin].layer)
      continue;
    std::vector<int> heads;
    for (std::size_t j = begin; j < i; ++j) heads.push_back(reqs[j].head);
    std::sort(heads.begin(), heads.end());
    const auto n =
        static_cast<std::uint32_t>(std::unique(heads.begin(), heads.end()) - heads.begin());
    std::fill(m_heads.begin() + static_cast<std::ptrdiff_t>(begin),
              m_heads.begin() + static_cast<std::ptrdiff_t>(i), n);
    begin = i;
  }
}

std::uint32_t AliveCounter::tokens(std::int64_t request) const {
  if (request < 0 || static_cast<std::size_t>(request) >= m_heads.size()) return 0;
  return static_cast<std::uint32_t>(
      std::max(0, m_workload->requests[static_cast<std::size_t>(request)].keyFetchNum));
}

std::uint32_t AliveCounter::heads(std::int64_t request) const {
  if (request < 0 || static_cast<std::size_t>(request) >= m_heads.size()) return 0;
  return m_heads[static_cast<std::size_t>(request)];
}

}  // namespace spatten::core
