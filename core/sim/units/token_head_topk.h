#pragma once
// Modules 2 and 13, the cascade token / head pruning top-k engine: at the workload's token
// pruning points (n = max(keys, L) tokens, keep topk) and after the last request of each layer
// (n = heads of the layer, keep the next layer's heads) it selects on seeded pseudo-random
// importance with the same cycle model as module 10 (quick-select rounds of ceil(size / P) +
// topk.round_overhead cycles, then ceil(n / P) filter cycles). Runs beside the critical path and
// never stalls it (between layers the host computes the FC layers anyway). It also runs the
// KV-cache policies' selections (PruneTask::job, from the select unit): a top-k with the same
// cycle model, or a min-search (ceil(n / P) + topk.round_overhead cycles, n compares); these are
// on the critical path, since the keys they choose wait for them.

#include <cstdint>
#include <memory>
#include <vector>

#include "core/functional/topk.h"
#include "core/sim/activity.h"
#include "core/sim/hw_config.h"
#include "core/sim/units/messages.h"
#include "core/sim/units/port.h"
#include "core/workload/workload.h"

namespace spatten::core {

struct SimStats;
struct SimSnapshot;

class TokenHeadTopk {
public:
  TokenHeadTopk() = default;
  TokenHeadTopk(std::shared_ptr<const Workload> workload, const HwConfig& hw, std::uint64_t seed);

  void prune(const PruneTask& t) { m_queue.push_back(t); }  // port in (token accumulator)
  void finished(const Finished& f);  // port in (prob x V): head pruning after a layer's last head
  void tick(Activity& act);
  bool idle() const { return !m_active && m_queue.empty(); }
  std::uint32_t tasks() const { return static_cast<std::uint32_t>(m_queue.size()) + m_active; }
  OutPort<std::uint32_t> selected;  // -> select unit: a policy selection job finished

  void addStats(SimStats& s) const;
  void fillSnapshot(SimSnapshot& snap) const;

  // Per request of `w`: at the end of an (iteration, layer), the heads of that layer and of the
  // next; 0 elsewhere.
  struct LayerHeads {
    std::vector<std::uint32_t> heads, nextHeads;
  };
  static LayerHeads layerHeads(const Workload& w);
  LayerHeads layerHeads() const { return {m_layerHeads, m_nextLayerHeads}; }
  // Continues on workload `w` with its layer heads `lh` (Datapath::rebind checked them).
  void rebind(std::shared_ptr<const Workload> w, LayerHeads lh) {
    m_workload = std::move(w);
    m_layerHeads = std::move(lh.heads);
    m_nextLayerHeads = std::move(lh.nextHeads);
  }

private:
  std::shared_ptr<const Workload> m_workload;
  std::uint64_t m_seed = 0;
  std::uint32_t m_parallelism = 16, m_roundOverhead = 3;
  // Per request: at a layer end, the heads of that layer and of the next (else 0).
  std::vector<std::uint32_t> m_layerHeads, m_nextLayerHeads;
  std::vector<PruneTask> m_queue;
  PruneTask m_task;
  std::shared_ptr<const TopKResult> m_current;
  std::uint32_t m_round = 0, m_roundCycle = 0, m_filterLeft = 0;
  bool m_active = false;
  std::uint64_t m_compares = 0, m_selectCompares = 0, m_selectTasks = 0;
};

}  // namespace spatten::core
