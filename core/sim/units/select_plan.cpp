#include "core/sim/units/select_plan.h"

#include <algorithm>
#include <map>
#include <tuple>
#include <utility>

namespace spatten::core {
namespace {

using LayerHead = std::pair<int, int>;
using Cell = std::tuple<int, int, int>;  // (iteration, layer, head)

// A SnapKV generation request: ranks candidates without a score update of its own or pages.
bool snapGeneration(const Request& r, const std::map<LayerHead, bool>& votes) {
  return r.stage == Stage::Generation && r.scoreUpdate == ScoreUpdate::None &&
         r.metaFetchNum == 0 && r.selectCandidates > 0 && votes.count({r.layer, r.head}) != 0;
}

std::uint32_t clampKeep(long long k, int n) {
  return static_cast<std::uint32_t>(std::clamp<long long>(k, 0, std::max(0, n)));
}

class Planner {
public:
  explicit Planner(const Workload& w) : m_reqs(w.requests) {
    m_plan.gate.assign(m_reqs.size(), kNone);
    m_plan.triggerOf.assign(m_reqs.size(), kNone);
    m_plan.scoreAdds.assign(m_reqs.size(), 0);
  }

  SelectPlan run() {
    scan();
    for (std::size_t i = 0; i < m_reqs.size(); ++i) m_plan.scoreAdds[i] = adds(i);
    for (std::size_t i = 0; i < m_reqs.size(); ++i) plan(static_cast<std::uint32_t>(i));
    return std::move(m_plan);
  }

private:
  // Last request of every (iteration, layer, head); SnapKV's prefix P and top-k size per head.
  void scan() {
    for (std::size_t i = 0; i < m_reqs.size(); ++i) {
      const Request& r = m_reqs[i];
      m_last[{r.iteration, r.layer, r.head}] = static_cast<std::uint32_t>(i);
      if (r.scoreUpdate == ScoreUpdate::WindowVote) m_votes[{r.layer, r.head}] = true;
    }
    for (const Request& r : m_reqs) {
      if (!snapGeneration(r, m_votes)) continue;
      const LayerHead lh{r.layer, r.head};
      m_prefix.emplace(lh, r.selectCandidates);
      std::uint32_t fromPrefix = 0;
      if (r.keyIds)
        for (int t : *r.keyIds) fromPrefix += t < r.selectCandidates ? 1u : 0u;
      m_snapK[lh] = std::max(m_snapK[lh], fromPrefix);
    }
  }

  std::uint64_t adds(std::size_t i) const {
    const Request& r = m_reqs[i];
    const auto keys = static_cast<std::uint64_t>(std::max(0, r.keyFetchNum));
    const bool lastOfHead = m_last.at({r.iteration, r.layer, r.head}) == i;
    switch (r.scoreUpdate) {
      case ScoreUpdate::AccumulatePerHead:
        return keys;
      case ScoreUpdate::LayerSum:
        return r.stage == Stage::Generation || lastOfHead ? keys : 0;
      case ScoreUpdate::WindowVote: {
        const auto it = m_prefix.find({r.layer, r.head});
        if (it == m_prefix.end() || r.query < it->second) return 0;
        const auto p = static_cast<std::uint64_t>(it->second);
        return p + (lastOfHead ? p * static_cast<std::uint64_t>(std::max(0, r.poolKernel)) : 0);
      }
      default:
        return 0;
    }
  }

  std::uint32_t newJob(std::uint32_t request, std::uint32_t n, std::uint32_t k, bool minSearch) {
    m_plan.jobs.push_back({request, 0, n, k, minSearch});
    return static_cast<std::uint32_t>(m_plan.jobs.size() - 1);
  }

  void trigger(std::uint32_t request, std::uint32_t job) {
    if (m_plan.triggerOf[request] != kNone) return;  // one job per accumulated row
    m_plan.triggerOf[request] = job;
    ++m_plan.jobs[job].triggers;
  }

  void plan(std::uint32_t i) {
    const Request& r = m_reqs[i];
    const LayerHead lh{r.layer, r.head};
    // Rows of the current step (per layer, per head) for the next step's jobs.
    if (m_layerIter[r.layer] != r.iteration) {
      m_prevLayerRows[r.layer] = std::move(m_layerRows[r.layer]);
      m_layerRows[r.layer].clear();
      m_layerIter[r.layer] = r.iteration;
    }
    if (m_headIter.count(lh) == 0 || m_headIter[lh] != r.iteration) {
      m_prevHeadRow[lh] = m_headRow.count(lh) ? m_headRow[lh] : kNone;
      m_prevHeadStage[lh] = m_headStage.count(lh) ? m_headStage[lh] : Stage::Generation;
      m_headIter[lh] = r.iteration;
    }
    if (m_plan.scoreAdds[i] > 0 || r.scoreUpdate == ScoreUpdate::AccumulatePerHead) {
      m_layerRows[r.layer].push_back(i);
      m_headRow[lh] = i;
      m_headStage[lh] = r.stage;
    }
    if (r.scoreUpdate == ScoreUpdate::WindowVote && m_plan.scoreAdds[i] > 0) {
      if (m_snapJob.count(lh) == 0)
        m_snapJob[lh] = newJob(i, static_cast<std::uint32_t>(m_prefix.at(lh)), m_snapK[lh], false);
      trigger(i, m_snapJob[lh]);
    }
    if (r.stage != Stage::Generation || r.selectCandidates <= 0) return;
    const auto n = static_cast<std::uint32_t>(r.selectCandidates);
    std::uint32_t job = kNone;
    if (r.metaFetchNum > 0) {  // Quest: its own estimate triggers it (Q x K)
      job = newJob(i, n, std::min(n, std::max(1u, pagesFetched(r)) - 1), false);
      m_plan.jobs[job].triggers = 1;
    } else if (r.scoreUpdate == ScoreUpdate::AccumulatePerHead) {
      const bool first = m_prevHeadStage[lh] == Stage::Summarization;
      const std::uint32_t keep =
          clampKeep(r.keyFetchNum - (r.sentenceLength - r.selectCandidates), r.selectCandidates);
      job = newJob(i, n, first ? keep : 0, !first);
      if (m_prevHeadRow[lh] != kNone) trigger(m_prevHeadRow[lh], job);
    } else if (r.scoreUpdate == ScoreUpdate::LayerSum) {
      const std::tuple<int, int> key{r.iteration, r.layer};
      auto it = m_tovaJob.find(key);
      if (it == m_tovaJob.end()) {
        bool first = true;
        for (std::uint32_t j : m_prevLayerRows[r.layer])
          first = first && m_reqs[j].stage == Stage::Summarization;
        job = newJob(i, n, first ? clampKeep(r.keyFetchNum - 1LL, r.selectCandidates) : 0, !first);
        for (std::uint32_t j : m_prevLayerRows[r.layer]) trigger(j, job);
        m_tovaJob.emplace(key, job);
      } else {
        job = it->second;
      }
    } else if (snapGeneration(r, m_votes) && m_snapJob.count(lh) != 0) {
      job = m_snapJob[lh];
      if (m_reqs[m_plan.jobs[job].request].stage != Stage::Generation) m_plan.jobs[job].request = i;
    }
    m_plan.gate[i] = job;
  }

  const std::vector<Request>& m_reqs;
  SelectPlan m_plan;
  std::map<Cell, std::uint32_t> m_last;
  std::map<LayerHead, bool> m_votes;
  std::map<LayerHead, int> m_prefix;
  std::map<LayerHead, std::uint32_t> m_snapK, m_snapJob;
  std::map<int, int> m_layerIter;
  std::map<int, std::vector<std::uint32_t>> m_layerRows, m_prevLayerRows;
  std::map<LayerHead, int> m_headIter;
  std::map<LayerHead, std::uint32_t> m_headRow, m_prevHeadRow;
  std::map<LayerHead, Stage> m_headStage, m_prevHeadStage;
  std::map<std::tuple<int, int>, std::uint32_t> m_tovaJob;
};

}  // namespace

std::uint32_t pagesFetched(const Request& r) {
  if (!r.keyIds || r.pageSize <= 0) return 0;
  std::uint32_t pages = 0;
  int last = -1;
  for (int t : *r.keyIds) {
    const int p = t / r.pageSize;
    if (p != last) ++pages;
    last = p;
  }
  return pages;
}

SelectPlan planSelections(const Workload& w) {
  return Planner(w).run();
}

}  // namespace spatten::core
