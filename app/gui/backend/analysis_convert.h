#pragma once
// Conversion of core results (dense attention heads, SpAtten run report) into views::AnalysisData.
// Pure functions. Thread: any.

#include <memory>
#include <vector>

#include "core/model/tensor_types.h"
#include "views/common/view_data.h"

namespace spatten::core {
struct RunReport;
}  // namespace spatten::core

namespace spatten::app {

// One head's attention probabilities (core::ForwardOptions::headProbs: GPT-2's masked entries
// are 0).
views::Matrix matrixOf(const core::RowMatrix& probs);
// Writes one call of core::RunOptions::headProbs into `m` (a length x length matrix, allocated
// with zeros on the first call): row queryPos[i], column keys[j] = probs(i, j).
void addHeadRows(views::Matrix& m, int length, const std::vector<int>& queryPos,
                 const std::vector<int>& keys, const core::RowMatrix& probs);
// Fills iterations, requests, dram, fidelity and hasSpatten from a run report (not usedProbs:
// views::usedAttention builds a head's from the requests).
void addSpattenRun(views::AnalysisData& a, const std::shared_ptr<const core::RunReport>& report);

}  // namespace spatten::app
