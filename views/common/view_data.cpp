#include "views/common/view_data.h"

#include <numeric>

namespace spatten::views {

const char* dramKindName(DramKind kind) {
  switch (kind) {
    case DramKind::KMsb: return "K MSB";
    case DramKind::KLsb: return "K LSB";
    case DramKind::V: return "V";
    case DramKind::Q: return "Q";
    case DramKind::Meta: return "Meta";
  }
  return "?";
}

double DramTraffic::total() const {
  double sum = 0;
  for (const auto& layer : bytesPerLayer) sum += std::accumulate(layer.begin(), layer.end(), 0.0);
  return sum;
}

Matrix usedAttention(const AnalysisData& a, int layer, int head) {
  const auto idx = static_cast<std::size_t>(layer * a.heads + head);
  if (idx < a.usedProbs.size()) return a.usedProbs[idx];
  const int n = static_cast<int>(a.tokens.size());
  Matrix m(n, n);
  for (const RequestInfo& r : a.requests) {
    if (r.layer != layer || r.head != head || r.query < 0 || r.query >= n) continue;
    const std::span<const float> row = r.fullRow.empty() ? r.msbRow : r.fullRow;
    float* out = &m.at(r.query, 0);
    for (std::size_t j = 0; j < r.keyIndex.size() && j < row.size(); ++j)
      if (r.keyIndex[j] >= 0 && r.keyIndex[j] < n) out[r.keyIndex[j]] = row[j];
  }
  return m;
}

double DramTraffic::denseTotal() const {
  return std::accumulate(denseBytesPerLayer.begin(), denseBytesPerLayer.end(), 0.0);
}

}  // namespace spatten::views
