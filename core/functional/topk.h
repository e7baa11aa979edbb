#pragma once
// Functional model of SpAtten's top-k engine: the paper's Algorithm 3 (quick-select with a random
// pivot, FIFO_L / FIFO_R, num_eq_pivot), followed by the filter that keeps every element greater
// than the k-th largest plus the first num_eq_kth elements equal to it, in input order.
//
// Contract: the kept indices equal a stable "highest k, ties to the lower index" selection for
// every input (the filter keeps the *first* equal elements, i.e. the lowest indices).
// The pivot of each round is FIFO[rng() % size] (never std::uniform_int_distribution).
// The recorded rounds drive the cycle model of the engine (core/sim/topk_engine.h) and the GUI.

#include <cstdint>
#include <random>
#include <span>
#include <vector>

#include "core/util/mt64_block.h"

namespace spatten::core {

struct TopKRound {
  float pivot = 0;
  std::uint8_t select = 0;   // 0: the round pops FIFO_L, 1: it pops FIFO_R
  std::uint32_t inputSize = 0;  // elements popped (compared) in this round
  std::uint32_t leftSize = 0;   // pushed to FIFO_L (item < pivot)
  std::uint32_t rightSize = 0;  // pushed to FIFO_R (item > pivot)
  std::uint32_t eqCount = 0;    // num_eq_pivot
};

struct TopKResult {
  std::vector<std::uint32_t> kept;  // indices into the input, ascending (input order)
  float kth = 0;                    // the k-th largest value (0 when k == 0)
  std::uint32_t numEqKth = 0;       // elements equal to kth that are kept
  std::vector<TopKRound> rounds;
};

// k is clamped to [0, values.size()]. k == 0 returns nothing and runs no round.
TopKResult topkSelect(const std::vector<float>& values, std::size_t k, std::mt19937_64& rng);
// The same with the same stream from Mt64Block (the simulator's per-request pivots: its seeding
// and first block cost a fraction of std::mt19937_64's).
TopKResult topkSelect(const std::vector<float>& values, std::size_t k, Mt64Block& rng);
// The same over any contiguous input, read in place (the simulator's seeded inputs and workload
// scores are not copied into a vector first).
TopKResult topkSelect(std::span<const float> values, std::size_t k, Mt64Block& rng);

}  // namespace spatten::core
