#include "core/sim/chrome_trace.h"

#include <nlohmann/json.hpp>
#include <set>

namespace spatten::core {

std::string chromeTraceJson(const Simulator& sim) {
  using nlohmann::json;
  const auto& reqs = sim.workload().requests;
  json events = json::array();
  std::set<int> layers;
  sim.log().forEach([&](const Event& e) {
    const int layer = e.layer;
    layers.insert(layer);
    json ev;
    ev["pid"] = layer;
    ev["ts"] = e.cycle;
    ev["ph"] = "X";
    json args;
    args["request"] = e.request;
    if (e.request < reqs.size()) {
      const Request& r = reqs[e.request];
      args["iteration"] = r.iteration;
      args["head"] = r.head;
      args["query"] = r.query;
    }
    switch (e.kind) {
      case EventKind::ModuleBusy:
        ev["name"] = std::string(moduleName(static_cast<ModuleId>(e.module))) +
                     (e.flags ? " (LSB recompute)" : "") + " r" + std::to_string(e.request);
        ev["tid"] = e.module;
        ev["dur"] = e.duration;
        break;
      case EventKind::DramRequest:
        ev["name"] = std::string("DRAM ") + kDataKindLabels[e.module % kDataKinds];
        ev["tid"] = 100 + static_cast<int>(e.a);
        ev["dur"] = e.duration;
        args["channel"] = e.a;
        args["bank"] = e.b & 0xffffu;
        args["row"] = e.c;
        args["row_hit"] = (e.flags & 1) != 0;
        break;
      case EventKind::TopkRound:
        ev["name"] = "top-k round";
        ev["tid"] = e.module;
        ev["dur"] = e.duration;
        args["input"] = e.a;
        args["left"] = e.b;
        args["right"] = e.c;
        args["equal"] = e.extra;
        args["pivot"] = e.value;
        break;
      default:
        ev["ph"] = "i";
        ev["s"] = "t";
        ev["tid"] = e.module;
        ev["name"] = e.kind == EventKind::LsbRefetch ? "LSB refetch"
                     : e.kind == EventKind::Pruning  ? "pruning"
                                                     : "request done";
        args["a"] = e.a;
        args["b"] = e.b;
        break;
    }
    ev["args"] = std::move(args);
    events.push_back(std::move(ev));
  });
  for (int layer : layers) {
    events.push_back({{"ph", "M"},
                      {"name", "process_name"},
                      {"pid", layer},
                      {"tid", 0},
                      {"args", {{"name", "layer " + std::to_string(layer)}}}});
    for (int m = 0; m < kModuleCount; ++m)
      events.push_back({{"ph", "M"},
                        {"name", "thread_name"},
                        {"pid", layer},
                        {"tid", m},
                        {"args", {{"name", moduleName(static_cast<ModuleId>(m))}}}});
  }
  json out;
  out["traceEvents"] = std::move(events);
  out["displayTimeUnit"] = "ns";
  out["otherData"] = {{"time_unit", "1 ts unit = 1 accelerator cycle"},
                      {"clock_ghz", sim.hw().clockGhz},
                      {"cycles", sim.cycle()}};
  return out.dump();
}

}  // namespace spatten::core
