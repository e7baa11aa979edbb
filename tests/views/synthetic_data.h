#pragma once
// Hand-built AnalysisData / SimFrame for view tests (no model, no simulator).

#include <QString>

#include "views/common/sim_frame.h"
#include "views/common/view_data.h"

namespace spatten::testdata {

// 2 layers x 2 heads, 5 tokens "a".."e"; token 3 pruned from layer 1, head 1 pruned in layer 1.
// Attention row q: p[q][k] = (k + 1) / sum over keys <= q (causal). One pass, 6 requests
// (layer 0 queries 0..2 of head 0) of which request 1 refetched.
views::AnalysisPtr makeAnalysis();
views::SimFramePtr makeFrame(std::uint64_t cycle);

// Path of a test artifact (PNG/CSV for people to look at) in $SPATTEN_TEST_ARTIFACTS (created).
QString artifactPath(const QString& name);

}  // namespace spatten::testdata
