#pragma once
// A bench for testing one datapath unit alone: a workload, the request descriptors the controller
// would have written, an Activity to tick with, and hand-driven stand-ins for the wires a unit
// reads (data readiness, the top-k engine's hold).
#include <map>
#include <memory>
#include <numeric>
#include <set>
#include <utility>
#include <vector>

#include "core/sim/activity.h"
#include "core/sim/units/data_ready.h"
#include "core/sim/units/request_table.h"
#include "tests/core/sim/sim_test_util.h"

namespace spatten::core::test {

struct StubData final : DataReady {
  std::map<std::pair<std::uint32_t, int>, std::uint32_t> ready;  // (owner, kind) -> vectors
  std::set<std::pair<std::uint32_t, int>> done;                  // complete fetches
  void arrive(std::uint32_t owner, DataKind k, std::uint32_t n) { ready[{owner, int(k)}] = n; }
  std::uint32_t readyVectors(std::uint32_t owner, DataKind k) const override {
    auto it = ready.find({owner, int(k)});
    return it == ready.end() ? 0 : it->second;
  }
  bool complete(std::uint32_t owner, DataKind k) const override {
    return done.count({owner, int(k)}) > 0;
  }
  bool has(std::uint32_t owner, DataKind k) const override {
    return ready.count({owner, int(k)}) > 0 || done.count({owner, int(k)}) > 0;
  }
};

struct StubHolder final : RequestHolder {
  std::set<std::uint32_t> held;
  bool holds(std::uint32_t r) const override { return held.count(r) > 0; }
};

struct UnitBench {
  std::shared_ptr<const Workload> workload;
  Activity act;
  RequestTable reqs;
  std::uint64_t cycle = 0;

  explicit UnitBench(std::vector<Request> rs)
      : workload(workloadOf(std::move(rs))), act(workload, LogLevel::Modules) {
    for (std::uint32_t i = 0; i < workload->requests.size(); ++i) {
      const Request& r = workload->requests[i];
      RequestInfo s;
      s.idx = i;
      s.layer = static_cast<std::uint8_t>(r.layer);
      s.keys = r.keyFetchNum;
      s.vals = std::min(r.valueFetchNum, r.keyFetchNum);
      s.d = r.d;
      s.refetch = r.refetchLsb;
      s.skipTopk = r.valueFetchNum >= r.keyFetchNum;
      s.kOwner = s.vOwner = s.lsbOwner = i;
      auto tokens = std::make_shared<std::vector<std::uint32_t>>(static_cast<std::size_t>(s.keys));
      std::iota(tokens->begin(), tokens->end(), 0u);
      s.tokens = tokens;
      reqs.push(s);
    }
  }
  // Starts cycle `cycle` (then ++cycle): call before ticking the unit.
  Activity& next() {
    act.beginCycle(cycle++);
    return act;
  }
  // ModuleBusy events of module m, as (first cycle, duration).
  std::vector<std::pair<std::uint64_t, std::uint32_t>> busy(ModuleId m) const {
    std::vector<std::pair<std::uint64_t, std::uint32_t>> out;
    act.events().forEach([&](const Event& e) {
      if (e.kind == EventKind::ModuleBusy && e.module == static_cast<std::uint8_t>(m))
        out.emplace_back(e.cycle, e.duration);
    });
    return out;
  }
};

}  // namespace spatten::core::test
