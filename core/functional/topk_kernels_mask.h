#pragma once
// A step of the vector filters (topk_kernels_avx2.cpp, topk_kernels_avx512.cpp): which of the
// lanes equal to the k-th value are kept. `static`: each level's translation unit, compiled with
// its own instruction set, keeps its own copy (an inline function with external linkage could be
// replaced by the copy compiled for another level, see core/model/gemm.h).

#include <cstdint>

namespace spatten::core::topk_kernels {

// `eq`: the step's lanes equal to kth (bit i = lane i, in input order; callers skip the call for
// none, the common case). Returns its lowest set bits up to eqKeep of them (the first equal
// elements are kept) and lowers eqKeep by their number.
static inline unsigned keepFirstEqual(unsigned eq, std::uint32_t& eqKeep) {
  auto have = static_cast<std::uint32_t>(__builtin_popcount(eq));
  for (; have > eqKeep; --have) eq &= ~(1u << (31 - __builtin_clz(eq)));
  eqKeep -= have;
  return eq;
}

}  // namespace spatten::core::topk_kernels
