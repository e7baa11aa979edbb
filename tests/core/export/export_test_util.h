#pragma once
// Shared helpers of the export tests: a small workload that exercises every event kind
// (refetches, value pruning, token and head top-k over three layers) and a temporary directory.
#include <QTemporaryDir>
#include <fstream>
#include <sstream>
#include <string>

#include "../sim/sim_test_util.h"
#include "core/sim/simulator.h"

namespace spatten::core::test {

inline std::shared_ptr<const Workload> exportWorkload() {
  std::vector<Request> reqs;
  for (int layer = 0; layer < 3; ++layer)
    for (int head = 0; head < 4; ++head) {
      Request r = request(layer, head, 60 + 9 * head - 10 * layer, 11, 90, 6, head == 1);
      r.topk = head == 3;
      r.topkNum = head == 3 ? 40 - 10 * layer : -1;
      r.accumulateImportance = true;
      reqs.push_back(r);
    }
  return workloadOf(reqs);
}

inline std::string readAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

inline void writeAll(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

}  // namespace spatten::core::test
