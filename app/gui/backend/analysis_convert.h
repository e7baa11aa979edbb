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

// One head's attention probabilities (core::forward's headProbs: GPT-2's masked entries are 0).
views::Matrix matrixOf(const core::RowMatrix& probs);
// Fills iterations, requests, usedProbs, dram, fidelity and hasSpatten from a run report.
void addSpattenRun(views::AnalysisData& a, const std::shared_ptr<const core::RunReport>& report);

}  // namespace spatten::app
