#include "core/sim/units/score_select.h"

namespace spatten::core {

ScoreSelect::ScoreSelect(std::shared_ptr<const SelectPlan> plan) : m_plan(std::move(plan)) {
  m_left.reserve(m_plan->jobs.size());
  for (const SelectJob& j : m_plan->jobs) m_left.push_back(j.triggers);
  m_done.assign(m_plan->jobs.size(), 0);
}

void ScoreSelect::tick() {
  if (m_primed || !m_plan) return;
  m_primed = true;
  for (std::uint32_t j = 0; j < m_left.size(); ++j)
    if (m_left[j] == 0) start(j);
}

void ScoreSelect::accumulated(std::uint32_t request) {
  if (m_plan && request < m_plan->triggerOf.size() && m_plan->triggerOf[request] != kNone)
    trigger(m_plan->triggerOf[request]);
}

void ScoreSelect::estimated(std::uint32_t request) {
  if (m_plan && request < m_plan->gate.size() && m_plan->gate[request] != kNone)
    trigger(m_plan->gate[request]);
}

void ScoreSelect::trigger(std::uint32_t job) {
  if (m_left[job] == 0) return;
  if (--m_left[job] == 0) start(job);
}

void ScoreSelect::start(std::uint32_t job) {
  const SelectJob& j = m_plan->jobs[job];
  if (j.n == 0) {  // nothing to rank
    engineDone(job);
    return;
  }
  task.send({j.request, j.n, j.k, false, job, j.minSearch});
}

void ScoreSelect::engineDone(std::uint32_t job) {
  m_done[job] = 1;
  done.send(job);
}

bool ScoreSelect::released(std::uint32_t request) const {
  if (!m_plan || request >= m_plan->gate.size()) return true;
  const std::uint32_t job = m_plan->gate[request];
  return job == kNone || m_done[job] != 0;
}

}  // namespace spatten::core
