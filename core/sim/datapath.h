#pragma once
// The SpAtten datapath of the paper's Fig. 8: its units, and the wiring between them (which port
// feeds which, datapath.cpp). One tick() is one cycle; the units tick in a fixed order,
// consumers before producers, so a FIFO slot freed in cycle c is reused in cycle c + 1.
// Value semantics: a copy is an independent datapath (the variant units are cloned and the copy
// is rewired). Thread: one owner thread.

#include <cstdint>
#include <memory>
#include <string>
#include <utility>

#include "core/sim/activity.h"
#include "core/sim/hw_config.h"
#include "core/sim/units/accumulators.h"
#include "core/sim/units/buffer_manager.h"
#include "core/sim/units/controller.h"
#include "core/sim/units/fetcher.h"
#include "core/sim/units/hbm2.h"
#include "core/sim/units/local_topk.h"
#include "core/sim/units/prob_v_unit.h"
#include "core/sim/units/qk_unit.h"
#include "core/sim/units/requant_unit.h"
#include "core/sim/units/request_table.h"
#include "core/sim/units/score_select.h"
#include "core/sim/units/select_plan.h"
#include "core/sim/units/softmax_unit.h"
#include "core/sim/units/token_head_topk.h"
#include "core/workload/workload.h"

namespace spatten::core {

struct SimStats;
struct SimSnapshot;
struct CycleSample;

class Datapath {
public:
  Datapath(std::shared_ptr<const Workload> workload, const HwConfig& hw, std::uint64_t seed);
  Datapath(const Datapath& o);
  Datapath(Datapath&& o) noexcept;
  Datapath& operator=(const Datapath& o);
  Datapath& operator=(Datapath&& o) noexcept;
  ~Datapath();

  void tick(Activity& act);  // one cycle
  bool finished() const;
  // A count that grows whenever the datapath completes work: a DRAM transaction, a score, a
  // probability, a multiply-accumulate of prob x V, an admitted or finished request. Busy states
  // alone (a channel refreshing forever, a unit waiting) do not count.
  std::uint64_t progress() const;
  // After progress() stood still for long (the simulator's watchdog): the hardware field whose
  // capacity holds the datapath up ("requant.buffer_beats" when the requant hold buffer is full)
  // with what it holds, or empty when no capacity is exhausted.
  std::pair<std::string, std::string> stallCause() const;

  // The request Q x K works on (the stepping cursor) and its pass; -1 before the first.
  std::int64_t currentRequest() const { return m_qk.current(); }
  int currentPass() const { return m_qk.currentPass(); }
  std::int64_t frontierRequest() const { return m_qk.frontier(); }

  // Requests the datapath may have read so far: [0, requestsRead()). The controller reads the
  // request it admits next (while it waits for buffer space) and, for head fusion, the one after;
  // a summarization head's lead also reads its whole group and the request after it
  // (Controller::readEnd).
  std::size_t requestsRead() const;
  // Continues on workload `w` instead of the current one: true when `w` is equal in everything
  // read so far (the requests before requestsRead(), the model shape, and what the units derive
  // from the workload for the requests admitted so far and the next two), so that the rest of
  // the run is exactly a run of `w` from cycle 0. False (nothing changed) otherwise, and always
  // for workloads with KV-cache policy selection jobs (select_plan.h), whose plan is global.
  bool rebind(std::shared_ptr<const Workload> w);

  void addStats(SimStats& s) const;
  void fillSnapshot(SimSnapshot& snap) const;
  // Fill levels and HBM2 counters of the sample (module states come from the Activity).
  void fillSample(CycleSample& s) const;

private:
  void wire();
  void retire();

  std::shared_ptr<const Workload> m_workload;
  std::shared_ptr<const SelectPlan> m_plan;  // the KV-cache policies' selections (immutable)
  RequestTable m_reqs;
  BufferManager m_keyBuffer, m_valueBuffer;
  Controller m_controller;
  Fetcher m_fetcher;
  Hbm2 m_hbm;
  QkUnit m_qk;
  std::unique_ptr<SoftmaxUnit> m_softmax;
  RequantUnit m_requant;
  std::unique_ptr<LocalTopkEngine> m_topk;
  ProbVUnit m_probV;
  TokenAccumulator m_tokenAcc;
  HeadAccumulator m_headAcc;
  TokenHeadTopk m_tokenHeadTopk;
  ScoreSelect m_select;
  Activity* m_act = nullptr;  // the cycle's activity, while tick() runs (for port handlers)
};

}  // namespace spatten::core
