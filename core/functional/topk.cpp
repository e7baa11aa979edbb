#include "core/functional/topk.h"

#include <algorithm>

namespace spatten::core {

TopKResult topkSelect(const std::vector<float>& values, std::size_t k, std::mt19937_64& rng) {
  TopKResult res;
  const std::size_t n = values.size();
  k = std::min(k, n);
  if (k == 0) return res;
  // Algorithm 3 with a 0-indexed target: the element of rank `target` (0 = largest).
  std::vector<float> fifoL(values), fifoR, nextL, nextR;
  fifoL.reserve(n);
  fifoR.reserve(n);
  nextL.reserve(n);
  nextR.reserve(n);
  std::size_t target = k - 1;
  std::size_t numEqPivot = 0;
  float pivot = 0;
  bool first = true;
  for (;;) {
    int select;
    if (first || fifoR.size() + numEqPivot <= target) {  // pivot too large (or first round)
      if (!first) target -= fifoR.size() + numEqPivot;
      fifoR.clear();
      select = 0;
      pivot = fifoL[rng() % fifoL.size()];
    } else if (fifoR.size() > target) {  // pivot too small
      fifoL.clear();
      select = 1;
      pivot = fifoR[rng() % fifoR.size()];
    } else {  // rank `target` lies among the elements equal to the pivot
      res.kth = pivot;
      res.numEqKth = static_cast<std::uint32_t>(target - fifoR.size() + 1);
      break;
    }
    first = false;
    // STATE_RUN: pop every item of FIFO[select], compare with the pivot.
    std::vector<float>& src = select == 0 ? fifoL : fifoR;
    nextL.clear();
    nextR.clear();
    numEqPivot = 0;
    for (float x : src) {
      if (x < pivot) nextL.push_back(x);
      else if (x > pivot) nextR.push_back(x);
      else ++numEqPivot;
    }
    TopKRound r;
    r.pivot = pivot;
    r.select = static_cast<std::uint8_t>(select);
    r.inputSize = static_cast<std::uint32_t>(src.size());
    r.leftSize = static_cast<std::uint32_t>(nextL.size());
    r.rightSize = static_cast<std::uint32_t>(nextR.size());
    r.eqCount = static_cast<std::uint32_t>(numEqPivot);
    res.rounds.push_back(r);
    fifoL.swap(nextL);
    fifoR.swap(nextR);
  }
  // Filter + zero eliminator: keep x > kth and the first numEqKth elements equal to kth.
  res.kept.reserve(k);
  std::uint32_t eqLeft = res.numEqKth;
  for (std::size_t i = 0; i < n; ++i) {
    float x = values[i];
    if (x > res.kth || (x == res.kth && eqLeft > 0 && (--eqLeft, true)))
      res.kept.push_back(static_cast<std::uint32_t>(i));
  }
  return res;
}

}  // namespace spatten::core
