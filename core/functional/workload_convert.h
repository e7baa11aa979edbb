#pragma once
// Bridges a functional run and the simulator's request stream (core/workload): one Request per
// (iteration, layer, alive head, query), convertible to the official SpAtten RTL workload CSV.

#include <string>

#include "core/functional/run_result.h"
#include "core/workload/workload.h"

namespace spatten::core {

// Requests in processing order. Bits as fetched (fetchBits(run.config)); CSV fields use -1 for
// floating point. The last request of each (iteration, layer) carries if_topk with the number of
// tokens kept by that layer's pruning. Attention rows are attached when the run recorded them.
Workload toWorkload(const RunResult& run, const std::string& modelName);

// toWorkload's requests for run.requests[from, end), appended to `out`. For a run cut at a layer
// boundary (RunOptions::layerDone) they are exactly those of the whole run's workload.
void appendRequests(const RunResult& run, std::size_t from, std::vector<Request>& out);

// DRAM bytes of a request stream under the same rules as countDram(RunResult): Summarization
// requests fetch their head's K/V once per (iteration, layer, head) (the largest key_fetch_num of
// the group is the resident set), Generation requests stream theirs. Used to replay CSVs.
DramReport countDram(const Workload& workload);

}  // namespace spatten::core
