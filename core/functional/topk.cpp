#include "core/functional/topk.h"

#include <algorithm>
#include <memory>

namespace spatten::core {

namespace {

template <typename Rng>
TopKResult select(std::span<const float> values, std::size_t k, Rng& rng) {
  TopKResult res;
  const std::size_t n = values.size();
  k = std::min(k, n);
  if (k == 0) return res;
  // Algorithm 3 with a 0-indexed target: the element of rank `target` (0 = largest).
  // The FIFOs are arrays of n with a size: a round writes each popped item to the end of both
  // next FIFOs and advances the one it belongs to, which is the same order as push_back without
  // a branch on random data (mispredicted every other item). The first round reads the input
  // in place; the four FIFOs share one allocation, written before they are read.
  const auto fifos = std::make_unique_for_overwrite<float[]>(4 * n);
  float* bufL = fifos.get();
  float* bufR = bufL + n;
  float* nextBufL = bufR + n;
  float* nextBufR = nextBufL + n;
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
    float* nl = nextBufL;
    float* nr = nextBufR;
    std::size_t left = 0, right = 0;
    for (std::size_t i = 0; i < srcSize; ++i) {
      const float x = src[i];
      nl[left] = x;
      left += x < pivot ? 1 : 0;
      nr[right] = x;
      right += x > pivot ? 1 : 0;
    }
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
  // Filter + zero eliminator: keep x > kth and the first numEqKth elements equal to kth. Exactly
  // k are kept; each index is written at the end and kept by advancing (no branch on the data),
  // so the array has room for one more.
  res.kept.resize(k + 1);
  std::uint32_t* kept = res.kept.data();
  std::size_t count = 0;
  std::uint32_t eqLeft = res.numEqKth;
  for (std::size_t i = 0; i < n; ++i) {
    const float x = values[i];
    const bool eq = x == res.kth && eqLeft > 0;
    eqLeft -= eq ? 1 : 0;
    kept[count] = static_cast<std::uint32_t>(i);
    count += (x > res.kth || eq) ? 1 : 0;
  }
  res.kept.resize(count);
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
