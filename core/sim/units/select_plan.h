#pragma once
// What a KV-cache policy's key selection costs on chip (docs/policies.md, "What the simulator
// needs", items 3-6), derived once from the workload (immutable; shared by the controller, the
// token accumulator and the select unit):
//  * scoreAdds: the adds a request makes into the policy's on-chip scores on module 1 (the token
//    accumulator, softmax.lanes adds per cycle): H2O keyFetchNum (prefill rows too); TOVA
//    keyFetchNum of a generation row, and in the prefill only the last prompt query's row (the
//    first eviction uses it); SnapKV P per observation-window query (P = the prefix, the
//    selectCandidates of the head's generation requests) plus P x poolKernel pooling adds on the
//    head's last window query; 0 otherwise.
//  * jobs: a selection on the token/head top-k engine (modules 2/13), either a quick-select top-k
//    (keep k of n scores) or a min-search over n (the one eviction of a step: ceil(n / P) cycles
//    of the comparator array plus topk.round_overhead). A job starts once its triggers are done
//    and releases the key fetch of every request gated on it:
//      Quest    per request: its estimate pass on Q x K (1 trigger); top-k of the pages fetched
//               but the last among selectCandidates page scores;
//      H2O      per (step, layer, head): the accumulation of the head's previous request; the
//               first generation step cuts the prefill (top-k), later steps evict (min-search);
//      TOVA     per (step, layer): the accumulation of every row of the layer's previous step;
//               top-k at the first step, min-search after;
//      SnapKV   per (layer, head): the accumulation (and pooling) of the window votes; one top-k
//               of the most prefix keys any of the head's generation requests fetches.
//    The oracle (not buildable) and StreamingLLM (address generation only) have no jobs.

#include <cstdint>
#include <vector>

#include "core/sim/units/messages.h"
#include "core/workload/workload.h"

namespace spatten::core {

struct SelectJob {
  std::uint32_t request = 0;   // the first request gated on it (busy intervals, events)
  std::uint32_t triggers = 0;  // accumulations or estimates it waits for
  std::uint32_t n = 0, k = 0;  // scores ranked; kept (top-k)
  bool minSearch = false;
};

struct SelectPlan {
  std::vector<std::uint32_t> gate;       // per request: the job its key fetch waits for, or kNone
  std::vector<std::uint32_t> triggerOf;  // per request: the job its accumulation triggers, or kNone
  std::vector<std::uint64_t> scoreAdds;  // per request
  std::vector<SelectJob> jobs;
};

SelectPlan planSelections(const Workload& w);

// Distinct pages among r's key ids (r.pageSize > 0), 0 without them.
std::uint32_t pagesFetched(const Request& r);

}  // namespace spatten::core
