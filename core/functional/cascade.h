#pragma once
// Cascade token and head pruning primitives of docs/semantics.md: the ceil rule, the per-layer
// keep-ratio schedules, the budgets and the stable selections. Pure functions, no state.

#include <vector>

#include "core/functional/run_config.h"

namespace spatten::core {

// Smallest integer >= x - 1e-9 (so that ceil(0.2 * 10) == 2 everywhere).
long long ceilEps(double x);

// Keep ratio r_l for each of `layers` layers: the first ceil(skipFrac * L) layers keep 1, the
// rest interpolate linearly from `start` (first pruned layer) to `end` (last layer); a single
// pruned layer uses `end`. A non-empty `perLayer` overrides the schedule (must hold L entries;
// otherwise Error("<config>", listField, ...)).
std::vector<double> keepSchedule(int layers, double skipFrac, double start, double end,
                                 const std::vector<double>& perLayer, const char* listField);
std::vector<double> tokenKeepSchedule(const RunConfig& cfg, int layers);
std::vector<double> headKeepSchedule(const RunConfig& cfg, int layers);

// k_l = min(alive, max(numProtected, ceil(r * n))).
int tokenBudget(int alive, int numProtected, double keep, int n);
// k^h_l = min(alive, max(1, ceil(r * H))).
int headBudget(int alive, double keep, int totalHeads);

// Indices (into `scores`, ascending) of the k highest scores; ties go to the lower index.
std::vector<int> stableTopK(const std::vector<double>& scores, int k);

// New alive token set: every id of `protectedIds` that is alive plus the alive ids with the
// highest score[id] (ties to the lower id) until it holds `budget` ids. `alive` is ascending;
// result ascending. budget >= alive.size() returns `alive`.
std::vector<int> selectTokens(const std::vector<int>& alive, const std::vector<double>& score,
                              const std::vector<int>& protectedIds, int budget);

// New alive head set: the `budget` alive heads with the highest score (ties to the lower id).
std::vector<int> selectHeads(const std::vector<int>& alive, const std::vector<double>& score,
                             int budget);

// a ∩ b for ascending vectors.
std::vector<int> intersectSorted(const std::vector<int>& a, const std::vector<int>& b);

}  // namespace spatten::core
