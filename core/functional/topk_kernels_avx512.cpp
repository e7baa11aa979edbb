// topk_kernels.h at the AVX-512 level: 16 elements per step, compressed in registers (a
// compressing store to memory is microcoded on some CPUs) and stored whole at the current counts.
// Compiled with -mavx512f/vl/dq/bw (core/functional/CMakeLists.txt); called only when
// gemm::cpuRuns(Level::Avx512).

#include <immintrin.h>

#include "core/functional/topk_kernels.h"
#include "core/functional/topk_kernels_mask.h"

namespace spatten::core::topk_kernels::avx512 {

Split partition(const float* src, std::size_t n, float pivot, float* nl, float* nr) {
  const __m512 p = _mm512_set1_ps(pivot);
  std::size_t left = 0, right = 0;
  for (std::size_t i = 0; i < n; i += 16) {
    // The last step reads only the elements left (masked off lanes compare false).
    const auto live = static_cast<__mmask16>(n - i >= 16 ? 0xFFFFu : (1u << (n - i)) - 1);
    const __m512 x = _mm512_maskz_loadu_ps(live, src + i);
    // Ordered comparisons: false for a NaN, as the scalar < and >.
    const __mmask16 lt = _mm512_mask_cmp_ps_mask(live, x, p, _CMP_LT_OQ);
    const __mmask16 gt = _mm512_mask_cmp_ps_mask(live, x, p, _CMP_GT_OQ);
    _mm512_storeu_ps(nl + left, _mm512_maskz_compress_ps(lt, x));
    _mm512_storeu_ps(nr + right, _mm512_maskz_compress_ps(gt, x));
    left += static_cast<std::size_t>(__builtin_popcount(lt));
    right += static_cast<std::size_t>(__builtin_popcount(gt));
  }
  return {left, right};
}

std::size_t filter(const float* v, std::size_t n, float kth, std::uint32_t eqKeep,
                   std::uint32_t* kept) {
  const __m512 k = _mm512_set1_ps(kth);
  __m512i index = _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
  const __m512i step = _mm512_set1_epi32(16);
  std::size_t count = 0;
  for (std::size_t i = 0; i < n; i += 16) {
    const auto live = static_cast<__mmask16>(n - i >= 16 ? 0xFFFFu : (1u << (n - i)) - 1);
    const __m512 x = _mm512_maskz_loadu_ps(live, v + i);
    const __mmask16 gt = _mm512_mask_cmp_ps_mask(live, x, k, _CMP_GT_OQ);
    unsigned eq = eqKeep > 0 ? _mm512_mask_cmp_ps_mask(live, x, k, _CMP_EQ_OQ) : 0u;
    if (eq != 0) eq = keepFirstEqual(eq, eqKeep);
    const auto keep = static_cast<__mmask16>(gt | eq);
    _mm512_storeu_si512(kept + count, _mm512_maskz_compress_epi32(keep, index));
    count += static_cast<std::size_t>(__builtin_popcount(keep));
    index = _mm512_add_epi32(index, step);
  }
  return count;
}

}  // namespace spatten::core::topk_kernels::avx512
