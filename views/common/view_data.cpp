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

double DramTraffic::denseTotal() const {
  return std::accumulate(denseBytesPerLayer.begin(), denseBytesPerLayer.end(), 0.0);
}

}  // namespace spatten::views
