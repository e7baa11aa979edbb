#pragma once
// Shared helpers of the simulator tests: one generation request and a workload of requests.
#include <algorithm>
#include <memory>
#include <utility>
#include <vector>

#include "core/workload/workload.h"

namespace spatten::core::test {

// A generation request of head `head` in `layer`: `keys` alive keys out of a sentence of `len`
// tokens (len <= keys: all tokens; otherwise a seeded scattered subset as for an imported CSV),
// `vals` values kept, D = 64, `bits`-bit key MSBs and values, 4-bit key LSBs, 16-bit queries.
inline Request request(int layer, int head, int keys, int vals, int len, int bits, bool refetch) {
  Request r;
  r.layer = layer;
  r.head = head;
  r.d = 64;
  r.sentenceLength = std::max(len, 1);
  r.keyFetchNum = keys;
  r.valueFetchNum = vals;
  r.keyMsbBits = bits;
  r.keyLsbBits = 4;
  r.valueBits = bits;
  r.queryBits = 16;
  r.refetchLsb = refetch;
  return r;
}

inline std::shared_ptr<const Workload> workloadOf(std::vector<Request> reqs) {
  auto w = std::make_shared<Workload>();
  w->requests = std::move(reqs);
  w->inferModelInfo();
  return w;
}

}  // namespace spatten::core::test
