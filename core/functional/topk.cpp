#include "core/functional/topk.h"

#include <algorithm>
#include <memory>

#include "core/functional/topk_kernels.h"

namespace spatten::core {

namespace {

template <typename Rng>
TopKResult select(std::span<const float> values, std::size_t k, Rng& rng) {
  TopKResult res;
  const std::size_t n = values.size();
  k = std::min(k, n);
  if (k == 0) return res;
  // Algorithm 3 with a 0-indexed target: the element of rank `target` (0 = largest).
  // The FIFOs are arrays with a size, filled by the round's partition in FIFO order (the same
  // order as push_back; topk_kernels.h, at the CPU's vector level). The first round reads the
  // input in place; the four FIFOs share one allocation, written before they are read.
  const topk_kernels::Kernels kernels = topk_kernels::best();
  const std::size_t fifo = n + topk_kernels::kPad;
  const auto fifos = std::make_unique_for_overwrite<float[]>(4 * fifo);
  float* bufL = fifos.get();
  float* bufR = bufL + fifo;
  float* nextBufL = bufR + fifo;
  float* nextBufR = nextBufL + fifo;
  std::size_t sizeL = n, sizeR = 0;
  std::size_t target = k - 1;
  std::size_t numEqPivot = 0;
  float pivot = 0;
  bool first = true;
  for (;;) {
    int select;
    if (first || sizeR + numEqPivot <= target) {  // pivot too large (or first round)
      if (!first) target -= sizeR + numEqPivot;
      sizeR = 0;
      select = 0;
      pivot = (first ? values.data() : bufL)[rng() % sizeL];
    } else if (sizeR > target) {  // pivot too small
      sizeL = 0;
      select = 1;
      pivot = bufR[rng() % sizeR];
    } else {  // rank `target` lies among the elements equal to the pivot
      res.kth = pivot;
      res.numEqKth = static_cast<std::uint32_t>(target - sizeR + 1);
      break;
    }
    // STATE_RUN: pop every item of FIFO[select], compare with the pivot.
    const float* src = first ? values.data() : select == 0 ? bufL : bufR;
    first = false;
    const std::size_t srcSize = select == 0 ? sizeL : sizeR;
    const auto [left, right] = kernels.partition(src, srcSize, pivot, nextBufL, nextBufR);
    numEqPivot = srcSize - left - right;  // neither less nor greater (NaN too)
    TopKRound r;
    r.pivot = pivot;
    r.select = static_cast<std::uint8_t>(select);
    r.inputSize = static_cast<std::uint32_t>(srcSize);
    r.leftSize = static_cast<std::uint32_t>(left);
    r.rightSize = static_cast<std::uint32_t>(right);
    r.eqCount = static_cast<std::uint32_t>(numEqPivot);
    res.rounds.push_back(r);
    std::swap(bufL, nextBufL);
    std::swap(bufR, nextBufR);
    sizeL = left;
    sizeR = right;
  }
  // Filter + zero eliminator: keep x > kth and the first numEqKth elements equal to kth (exactly
  // k, or fewer when kth is a NaN).
  res.kept.resize(k + topk_kernels::kPad);
  res.kept.resize(kernels.filter(values.data(), n, res.kth, res.numEqKth, res.kept.data()));
  return res;
}

}  // namespace

TopKResult topkSelect(std::span<const float> values, std::size_t k, Mt64Block& rng) {
  return select(values, k, rng);
}

TopKResult topkSelect(const std::vector<float>& values, std::size_t k, std::mt19937_64& rng) {
  return select(std::span<const float>(values), k, rng);
}

TopKResult topkSelect(const std::vector<float>& values, std::size_t k, Mt64Block& rng) {
  return select(std::span<const float>(values), k, rng);
}

}  // namespace spatten::core
