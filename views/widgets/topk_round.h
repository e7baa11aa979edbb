#pragma once
// What the top-k view draws of the current quick-select round (paper Fig. 9 / Alg. 3), derived
// from SimFrame::topk only: the round's candidates in FIFO order with their side of the pivot, the
// comparator batch of this cycle and the zero eliminator's compaction of that batch into the
// FIFO_L / FIFO_R write ports. Pure functions, any thread.

#include <cstdint>
#include <vector>

#include "views/common/sim_frame.h"

namespace spatten::views {

struct TopKRoundData {
  bool known = false;                  // the frame carries the candidate set
  std::vector<std::uint32_t> indices;  // key positions in the request (FIFO order)
  std::vector<float> values;
  std::vector<int> side;       // -1: < pivot (FIFO_L), 0: = pivot (counted), +1: > pivot (FIFO_R)
  std::uint32_t compared = 0;  // candidates already through the comparators
  // This cycle's comparator batch: candidate positions [batchBegin, batchEnd) (at most P).
  std::uint32_t batchBegin = 0, batchEnd = 0;
  // Zero eliminator output for the batch: candidate positions bound for each FIFO, compacted
  // (the comparator lanes that did not write that FIFO are squeezed out; input order kept).
  std::vector<std::uint32_t> toLeft, toRight;
  std::uint32_t left() const;   // candidates < pivot (must equal TopKFrame::leftSize)
  std::uint32_t right() const;  // candidates > pivot (TopKFrame::rightSize)
  std::uint32_t equal() const;  // candidates = pivot (TopKFrame::eqCount)
};

TopKRoundData topkRoundData(const TopKFrame& t);

// Value axis of the candidate bars: a bar of value v is fraction(v) of the plot height.
struct TopKScale {
  bool log = true;
  double lo = 0, hi = 1;      // axis range (values)
  std::vector<double> ticks;  // values with a labelled tick
  double fraction(double v) const;
};
TopKScale topkScale(const std::vector<float>& values);

}  // namespace spatten::views
