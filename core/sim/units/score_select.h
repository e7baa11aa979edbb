#pragma once
// The selection side of the KV-cache policies (docs/policies.md, "What the simulator needs"):
// counts the triggers of each selection job of the workload's SelectPlan (accumulations on
// module 1, Quest's estimate pass on Q x K), hands a job whose triggers are all done to the
// token/head top-k engine (modules 2/13) and, when the engine finishes it, tells the controller
// that the keys gated on it may be fetched. Jobs without triggers go to the engine in the first
// cycle. Pure bookkeeping: the work is on the accumulator, Q x K and the top-k engine.
// Thread: one owner thread (the datapath's).

#include <cstdint>
#include <memory>
#include <vector>

#include "core/sim/units/messages.h"
#include "core/sim/units/port.h"
#include "core/sim/units/select_plan.h"

namespace spatten::core {

class ScoreSelect {
public:
  ScoreSelect() = default;
  explicit ScoreSelect(std::shared_ptr<const SelectPlan> plan);

  // Ports in.
  void accumulated(std::uint32_t request);  // token accumulator finished the request's adds
  void estimated(std::uint32_t request);    // Q x K finished the request's page estimate
  void engineDone(std::uint32_t job);       // the top-k engine finished the job
  void tick();                              // first cycle: jobs without triggers start

  // Wire: may `request`'s keys be fetched (no gate, or its job is done).
  bool released(std::uint32_t request) const;
  const SelectPlan& plan() const { return *m_plan; }
  // Continues with the plan of an equal workload (Datapath::rebind: no jobs on either side).
  void rebind(std::shared_ptr<const SelectPlan> plan) { m_plan = std::move(plan); }

  OutPort<PruneTask> task;      // -> token/head top-k engine
  OutPort<std::uint32_t> done;  // -> controller: the job finished

private:
  void trigger(std::uint32_t job);
  void start(std::uint32_t job);

  std::shared_ptr<const SelectPlan> m_plan;
  std::vector<std::uint32_t> m_left;  // per job: triggers still to come
  std::vector<std::uint8_t> m_done;   // per job
  bool m_primed = false;
};

}  // namespace spatten::core
