#include "core/workload/workload.h"

#include <algorithm>

namespace spatten::core {
namespace {

template <typename T>
bool sameVector(const std::shared_ptr<const std::vector<T>>& a,
                const std::shared_ptr<const std::vector<T>>& b) {
  if (a == b) return true;
  return a && b && *a == *b;
}

}  // namespace

// A new Request field must be compared below: this fails when the struct's size changes.
static_assert(sizeof(Request) == 152, "Request changed: update sameRequest()");

bool sameRequest(const Request& a, const Request& b) {
  return a.iteration == b.iteration && a.layer == b.layer && a.head == b.head &&
         a.query == b.query && a.stage == b.stage && a.d == b.d &&
         a.sentenceLength == b.sentenceLength && a.keyFetchNum == b.keyFetchNum &&
         a.keyMsbBits == b.keyMsbBits && a.keyLsbBits == b.keyLsbBits &&
         a.queryBits == b.queryBits && a.valueBits == b.valueBits &&
         a.requantThreshold == b.requantThreshold && a.refetchLsb == b.refetchLsb &&
         a.valueFetchNum == b.valueFetchNum && a.accumulateImportance == b.accumulateImportance &&
         a.rescalePreviousImportance == b.rescalePreviousImportance && a.topk == b.topk &&
         a.topkNum == b.topkNum && sameVector(a.probs, b.probs) && sameVector(a.keyIds, b.keyIds) &&
         a.pageSize == b.pageSize && a.metaFetchNum == b.metaFetchNum && a.metaBits == b.metaBits &&
         a.scoreUpdate == b.scoreUpdate && a.selectCandidates == b.selectCandidates &&
         a.poolKernel == b.poolKernel && a.csvKeyBits == b.csvKeyBits &&
         a.csvQueryBits == b.csvQueryBits && a.csvValueBits == b.csvValueBits &&
         a.csvIncrement == b.csvIncrement && a.csvIfRequant == b.csvIfRequant;
}

std::size_t firstDifference(const Workload& a, const Workload& b) {
  const std::size_t n = std::min(a.requests.size(), b.requests.size());
  std::size_t i = 0;
  while (i < n && sameRequest(a.requests[i], b.requests[i])) ++i;
  return i;
}

void Workload::inferModelInfo() {
  int layers = 0, heads = 0, d = model.d;
  for (const Request& r : requests) {
    layers = std::max(layers, r.layer + 1);
    heads = std::max(heads, r.head + 1);
    d = r.d;
  }
  model.layers = layers;
  model.heads = heads;
  model.d = d;
}

}  // namespace spatten::core
