#pragma once
// Off the critical path (paper §IV-A: "in parallel with the critical path"; the RTL does not
// simulate them): module 1, the token importance accumulator (one add per key of a decided
// request, softmax.lanes per cycle: ceil(keys / lanes) cycles), and module 12, the head importance
// accumulator (|attention_out| of D values of a finished request: ceil(D / lanes) cycles). Each
// works through its requests one at a time, in arrival order.

#include <cstdint>
#include <deque>

#include "core/sim/activity.h"
#include "core/sim/units/port.h"
#include "core/sim/units/request_table.h"
#include "core/sim/units/select_plan.h"
#include "core/workload/workload.h"

namespace spatten::core {

struct SimSnapshot;

class Accumulator {
public:
  Accumulator() = default;
  explicit Accumulator(ModuleId id) : m_id(id) {}
  void add(const AccumulatorWork& w) { m_work.push_back(w); }
  // One cycle of work; returns the request finished in this cycle, or kNone.
  std::uint32_t tick(Activity& act);
  bool idle() const { return m_work.empty(); }
  std::uint32_t pending() const { return static_cast<std::uint32_t>(m_work.size()); }
  void fillSnapshot(SimSnapshot& snap, const Workload& w) const;

private:
  ModuleId m_id = ModuleId::TokenAcc;
  std::deque<AccumulatorWork> m_work;
};

// Module 1: accumulates a decided request's final probabilities; at the workload's cascade
// token-pruning points (CSV if_topk) it hands the token top-k its task. A request that updates a
// KV-cache policy's scores (Request::scoreUpdate) makes exactly its plan's score adds instead
// (select_plan.h: ceil(adds / lanes) cycles, none without adds) and, once done, tells the select
// unit. A request that accumulates importance (Request::accumulateImportance: SpAtten's cascade,
// CSV if_accumulate_importance) takes ceil(keys / lanes) cycles; any other request passes
// straight on (the accumulator is not enabled for it).
class TokenAccumulator {
public:
  TokenAccumulator() = default;
  TokenAccumulator(std::shared_ptr<const Workload> workload, int lanes,
                   std::shared_ptr<const SelectPlan> plan = nullptr)
      : m_workload(std::move(workload)),
        m_plan(std::move(plan)),
        m_lanes(lanes),
        m_acc(ModuleId::TokenAcc) {}
  void decided(const Decided& d, const RequestTable& reqs);  // port in
  void tick(Activity& act);
  bool idle() const { return m_acc.idle(); }
  std::uint32_t pending() const { return m_acc.pending(); }
  std::uint64_t scoreAdds() const { return m_scoreAdds; }  // policy score adds so far
  void fillSnapshot(SimSnapshot& snap) const { m_acc.fillSnapshot(snap, *m_workload); }
  // Continues on workload `w`, equal to the current one in everything read so far
  // (Datapath::rebind).
  void rebind(std::shared_ptr<const Workload> w, std::shared_ptr<const SelectPlan> plan) {
    m_workload = std::move(w);
    m_plan = std::move(plan);
  }
  OutPort<PruneTask> prune;            // -> token/head top-k
  OutPort<std::uint32_t> accumulated;  // -> select unit: a request's adds are done

private:
  void handOver(std::uint32_t request);

  std::shared_ptr<const Workload> m_workload;
  std::shared_ptr<const SelectPlan> m_plan;
  int m_lanes = 8;
  Accumulator m_acc;
  std::uint64_t m_scoreAdds = 0;
};

// Module 12: accumulates a finished request's attention output.
class HeadAccumulator {
public:
  HeadAccumulator() = default;
  HeadAccumulator(std::shared_ptr<const Workload> workload, int lanes)
      : m_workload(std::move(workload)), m_lanes(lanes), m_acc(ModuleId::HeadAcc) {}
  void finished(const Finished& f);  // port in
  void tick(Activity& act) { m_acc.tick(act); }
  bool idle() const { return m_acc.idle(); }
  void fillSnapshot(SimSnapshot& snap) const { m_acc.fillSnapshot(snap, *m_workload); }
  // Continues on workload `w`, equal to the current one in everything read so far
  // (Datapath::rebind).
  void rebind(std::shared_ptr<const Workload> w) { m_workload = std::move(w); }

private:
  std::shared_ptr<const Workload> m_workload;
  int m_lanes = 8;
  Accumulator m_acc;
};

}  // namespace spatten::core
