#include "core/workload/workload.h"

#include <algorithm>

namespace spatten::core {

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
