#include "core/functional/topk_kernels.h"

namespace spatten::core::topk_kernels {

#ifdef SPATTEN_TOPK_LEVELS  // x86-64 with GCC or Clang: core/functional/CMakeLists.txt
namespace avx2 {
Split partition(const float* src, std::size_t n, float pivot, float* nl, float* nr);
std::size_t filter(const float* v, std::size_t n, float kth, std::uint32_t eqKeep,
                   std::uint32_t* kept);
}  // namespace avx2
namespace avx512 {
Split partition(const float* src, std::size_t n, float pivot, float* nl, float* nr);
std::size_t filter(const float* v, std::size_t n, float kth, std::uint32_t eqKeep,
                   std::uint32_t* kept);
}  // namespace avx512
#endif

namespace {

// Each element is written at the end of both outputs and kept by advancing the count it belongs
// to: no branch on the data (a branch on random data mispredicts every other element).
Split partitionScalar(const float* src, std::size_t n, float pivot, float* nl, float* nr) {
  std::size_t left = 0, right = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const float x = src[i];
    nl[left] = x;
    left += x < pivot ? 1 : 0;
    nr[right] = x;
    right += x > pivot ? 1 : 0;
  }
  return {left, right};
}

std::size_t filterScalar(const float* v, std::size_t n, float kth, std::uint32_t eqKeep,
                         std::uint32_t* kept) {
  std::size_t count = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const float x = v[i];
    const bool eq = x == kth && eqKeep > 0;
    eqKeep -= eq ? 1 : 0;
    kept[count] = static_cast<std::uint32_t>(i);
    count += (x > kth || eq) ? 1 : 0;
  }
  return count;
}

}  // namespace

Kernels kernelsAt(gemm::Level level) {
  switch (level) {
    case gemm::Level::Baseline:
      return {&partitionScalar, &filterScalar};
#ifdef SPATTEN_TOPK_LEVELS
    case gemm::Level::Avx2Fma:
      return {&avx2::partition, &avx2::filter};
    case gemm::Level::Avx512:
      return {&avx512::partition, &avx512::filter};
#endif
    default:
      return {};
  }
}

Kernels best() {
  for (gemm::Level l : {gemm::Level::Avx512, gemm::Level::Avx2Fma}) {
    const Kernels k = kernelsAt(l);
    if (k.partition != nullptr && gemm::cpuRuns(l)) return k;
  }
  return kernelsAt(gemm::Level::Baseline);
}

}  // namespace spatten::core::topk_kernels
