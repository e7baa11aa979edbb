// topk_kernels.h at the AVX2 level: 8 elements per step, the kept lanes moved to the front by a
// permutation from a table indexed by the comparison's mask (AVX2 has no compress), then stored
// whole at the current counts. Compiled with -mavx2 -mpopcnt (core/functional/CMakeLists.txt);
// called only when gemm::cpuRuns(Level::Avx2Fma) (every AVX2 CPU has POPCNT).

#include <immintrin.h>

#include <array>

#include "core/functional/topk_kernels.h"
#include "core/functional/topk_kernels_mask.h"

namespace spatten::core::topk_kernels::avx2 {

namespace {

// For each 8-bit mask: the lanes whose bit is set, ascending, then the others (their values are
// stored past the count and overwritten by the next step).
constexpr std::array<std::array<std::int32_t, 8>, 256> kCompress = [] {
  std::array<std::array<std::int32_t, 8>, 256> t{};
  for (int m = 0; m < 256; ++m) {
    int o = 0;
    for (int lane = 0; lane < 8; ++lane)
      if (m >> lane & 1) t[static_cast<std::size_t>(m)][static_cast<std::size_t>(o++)] = lane;
    for (int lane = 0; lane < 8; ++lane)
      if (!(m >> lane & 1)) t[static_cast<std::size_t>(m)][static_cast<std::size_t>(o++)] = lane;
  }
  return t;
}();

__m256i compressOf(unsigned mask) {
  return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(kCompress[mask].data()));
}

// The lanes of the last step that hold elements (all lanes of a full step).
__m256i liveLanes(std::size_t left) {
  const __m256i lane = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
  return _mm256_cmpgt_epi32(_mm256_set1_epi32(static_cast<int>(left < 8 ? left : 8)), lane);
}

}  // namespace

Split partition(const float* src, std::size_t n, float pivot, float* nl, float* nr) {
  const __m256 p = _mm256_set1_ps(pivot);
  std::size_t left = 0, right = 0;
  for (std::size_t i = 0; i < n; i += 8) {
    const __m256i live = liveLanes(n - i);
    const __m256 x = _mm256_maskload_ps(src + i, live);  // masked lanes read as 0, not memory
    const __m256 liveMask = _mm256_castsi256_ps(live);
    // Ordered comparisons: false for a NaN, as the scalar < and >.
    const auto lt = static_cast<unsigned>(
        _mm256_movemask_ps(_mm256_and_ps(_mm256_cmp_ps(x, p, _CMP_LT_OQ), liveMask)));
    const auto gt = static_cast<unsigned>(
        _mm256_movemask_ps(_mm256_and_ps(_mm256_cmp_ps(x, p, _CMP_GT_OQ), liveMask)));
    _mm256_storeu_ps(nl + left, _mm256_permutevar8x32_ps(x, compressOf(lt)));
    _mm256_storeu_ps(nr + right, _mm256_permutevar8x32_ps(x, compressOf(gt)));
    left += static_cast<std::size_t>(__builtin_popcount(lt));
    right += static_cast<std::size_t>(__builtin_popcount(gt));
  }
  return {left, right};
}

std::size_t filter(const float* v, std::size_t n, float kth, std::uint32_t eqKeep,
                   std::uint32_t* kept) {
  const __m256 k = _mm256_set1_ps(kth);
  __m256i index = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
  const __m256i step = _mm256_set1_epi32(8);
  std::size_t count = 0;
  for (std::size_t i = 0; i < n; i += 8) {
    const __m256i live = liveLanes(n - i);
    const __m256 x = _mm256_maskload_ps(v + i, live);
    const __m256 liveMask = _mm256_castsi256_ps(live);
    const auto gt = static_cast<unsigned>(
        _mm256_movemask_ps(_mm256_and_ps(_mm256_cmp_ps(x, k, _CMP_GT_OQ), liveMask)));
    unsigned eq = eqKeep > 0 ? static_cast<unsigned>(_mm256_movemask_ps(
                                   _mm256_and_ps(_mm256_cmp_ps(x, k, _CMP_EQ_OQ), liveMask)))
                             : 0u;
    if (eq != 0) eq = keepFirstEqual(eq, eqKeep);
    const unsigned keep = gt | eq;
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(kept + count),
                        _mm256_permutevar8x32_epi32(index, compressOf(keep)));
    count += static_cast<std::size_t>(__builtin_popcount(keep));
    index = _mm256_add_epi32(index, step);
  }
  return count;
}

}  // namespace spatten::core::topk_kernels::avx2
