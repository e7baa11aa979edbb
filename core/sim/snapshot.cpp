#include "core/sim/snapshot.h"

namespace spatten::core {

RequestRef requestRef(const Workload& w, std::int64_t index, int pass) {
  RequestRef r;
  if (index < 0 || index >= static_cast<std::int64_t>(w.requests.size())) return r;
  const Request& q = w.requests[static_cast<std::size_t>(index)];
  r.index = index;
  r.iteration = q.iteration;
  r.layer = q.layer;
  r.head = q.head;
  r.query = q.query;
  r.pass = pass;
  return r;
}

}  // namespace spatten::core
