#pragma once
// Conversion of core results (dense forward trace, SpAtten run report) into views::AnalysisData.
// Pure functions. Thread: any.

#include <vector>

#include "views/common/view_data.h"

namespace spatten::core {
struct ForwardTrace;
struct RunReport;
}  // namespace spatten::core

namespace spatten::app {

// Dense attention [layer * heads + head] as n x n matrices (GPT-2 masked entries stay 0).
std::vector<views::Matrix> denseProbsFromTrace(const core::ForwardTrace& trace, int layers,
                                               int heads);
// Fills iterations, requests, usedProbs, dram, fidelity and hasSpatten from a run report.
void addSpattenRun(views::AnalysisData& a, const core::RunReport& report);

}  // namespace spatten::app
