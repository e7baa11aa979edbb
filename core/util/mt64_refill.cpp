// Mt64Block's block refill, compiled for several instruction sets (GCC's target_clones: an
// ifunc resolved once at load time). Integer operations only, so every clone gives the same bits;
// tst_mt64_block checks the stream against std::mt19937_64 at whatever level this CPU runs.
#include "core/util/mt64_block.h"

namespace spatten::core::mt64_detail {

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && defined(__ELF__)
__attribute__((target_clones("avx512f", "avx2", "default")))
#endif
void refill(std::uint64_t* __restrict x, std::uint64_t* __restrict out) noexcept {
  std::size_t i = 0;
  for (; i < kN - kM; ++i) x[i] = twist(x[i], x[i + 1], x[i + kM]);
  for (; i < kN - 1; ++i) x[i] = twist(x[i], x[i + 1], x[i + kM - kN]);
  x[kN - 1] = twist(x[kN - 1], x[0], x[kM - 1]);
  for (std::size_t j = 0; j < kN; ++j) out[j] = temper(x[j]);
}

}  // namespace spatten::core::mt64_detail
