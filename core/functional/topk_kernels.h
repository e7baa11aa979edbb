#pragma once
// The two data loops of the top-k engine's model (topk.cpp), compiled for several x86-64 levels
// and chosen at run time like the matrix products (core/model/gemm.h). They only compare and copy
// floats, so every level gives bit-identical results: unlike the products' level, this choice
// never changes a figure (tst_topk checks each level the CPU runs against the baseline).
// Thread: pure functions.

#include <cstddef>
#include <cstdint>

#include "core/model/gemm.h"  // gemm::Level, gemm::cpuRuns

namespace spatten::core::topk_kernels {

// Room the vector levels need past what they write: they store whole vectors (16 floats or
// indices at most) at the current count, so every output array holds its largest possible count
// plus kPad elements.
constexpr std::size_t kPad = 16;

struct Split {
  std::size_t left = 0, right = 0;
};
// One quick-select round: copies the elements of src[0, n) below `pivot` to nl and those above it
// to nr, each in input order (a NaN, or an element equal to the pivot, goes to neither); returns
// the two counts. nl and nr hold n + kPad floats and do not overlap src.
using PartitionFn = Split (*)(const float* src, std::size_t n, float pivot, float* nl, float* nr);
// The filter and zero eliminator: writes the indices i of v[0, n) with v[i] > kth, and of the
// first eqKeep elements with v[i] == kth, to kept in ascending order; returns their count. kept
// holds that count + kPad indices.
using FilterFn = std::size_t (*)(const float* v, std::size_t n, float kth, std::uint32_t eqKeep,
                                 std::uint32_t* kept);

struct Kernels {
  PartitionFn partition = nullptr;
  FilterFn filter = nullptr;
};
// The level's loops; null members when this build has none for it (not x86-64 GCC or Clang).
Kernels kernelsAt(gemm::Level level);
// The highest level this build has and this CPU runs (in a native build too: the loops depend
// on the vector width, which the compiler cannot widen by itself).
Kernels best();

}  // namespace spatten::core::topk_kernels
