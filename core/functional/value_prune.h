#pragma once
// Local value pruning (docs/semantics.md): per query row keep the ceil(value_keep * m) keys
// with the highest probability (at least 1; ties to the lower index). The selection goes
// through TopKSelector so the functional quick-select of Algorithm 3 (core/functional/topk.h)
// can be plugged in; any selector must return the stable "highest k, ties to lower index" set.

#include <cstdint>
#include <functional>
#include <memory>
#include <random>
#include <vector>

namespace spatten::core {

// Returns the positions (ascending) of the k largest values; ties to the lower position.
using TopKSelector = std::function<std::vector<int>(const std::vector<float>& values, int k)>;

// Stable selection by sorting (reference behaviour).
std::vector<int> stableTopKFloat(const std::vector<float>& values, int k);

// The selector used by the runner: the seeded quick-select of core/functional/topk.h (same result
// as stableTopKFloat). `seed` comes from RunConfig::seed; stateful, one per run.
TopKSelector makeValueSelector(std::uint64_t seed);
// The same over a caller-held pivot generator (the runner snapshots it between layers).
TopKSelector makeValueSelector(std::shared_ptr<std::mt19937_64> rng);

// ceil(valueKeep * m) clamped to [1, m] (m >= 1).
int valueKeepCount(double valueKeep, int m);

}  // namespace spatten::core
