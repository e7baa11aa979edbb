#include "core/export/chrome_trace_writer.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "core/export/perfetto_tracks.h"

namespace spatten::core {
namespace {

// Numbers exactly as nlohmann::json::dump() writes them (the format of chromeTraceJson).
std::string jsonNumber(double v) {
  return nlohmann::json(v).dump();
}

// Appends to a buffer that is handed to the stream in large pieces.
class Sink {
public:
  explicit Sink(std::ostream& out) : m_out(out) {}
  ~Sink() { flush(); }
  fmt::memory_buffer& buf() { return m_buf; }
  void maybeFlush() {
    if (m_buf.size() >= (1u << 20)) flush();
  }
  void flush() {
    m_out.write(m_buf.data(), static_cast<std::streamsize>(m_buf.size()));
    m_buf.clear();
  }

private:
  std::ostream& m_out;
  fmt::memory_buffer m_buf;
};

}  // namespace

void writeChromeTrace(const Simulator& sim, std::ostream& out, const ChromeTraceOptions& opt) {
  const PerfettoCounters* tracks = opt.tracks;
  const auto& reqs = sim.workload().requests;
  Sink sink(out);
  auto& b = sink.buf();
  // Keys in nlohmann's (sorted) order: displayTimeUnit, otherData, traceEvents.
  if (!tracks)
    fmt::format_to(std::back_inserter(b),
                   R"({{"displayTimeUnit":"ns","otherData":{{"clock_ghz":{},"cycles":{},)"
                   R"("time_unit":"1 ts unit = 1 accelerator cycle"}},"traceEvents":[)",
                   jsonNumber(sim.hw().clockGhz), sim.cycle());
  else
    fmt::format_to(std::back_inserter(b),
                   R"({{"displayTimeUnit":"ns","otherData":{{"clock_ghz":{},)"
                   R"("counter_window_cycles":{},"cycle_convention":"ts and dur are cycles of )"
                   R"(the accelerator clock counted from 0 (viewers label them microseconds); )"
                   R"(an event at ts c happened in cycle c; counters hold their value over the )"
                   R"(window that starts at ts","cycles":{},"hbm_channels":{},"seed":{},)"
                   R"("time_unit":"1 ts unit = 1 accelerator cycle"}},"traceEvents":[)",
                   jsonNumber(sim.hw().clockGhz), tracks->window(), sim.cycle(),
                   sim.hw().hbmChannels, sim.seed());
  bool first = true;
  std::set<int> layers;
  sim.log().forEach([&](const Event& e) {
    if (!opt.dramRequests && e.kind == EventKind::DramRequest) return;
    layers.insert(e.layer);
    auto o = std::back_inserter(b);
    if (!first) b.push_back(',');
    first = false;
    // args: keys sorted; request fields only for requests of the workload.
    const bool known = e.request < reqs.size();
    const Request* r = known ? &reqs[e.request] : nullptr;
    const int layer = e.layer, module = e.module;  // uint8_t would print as a character
    switch (e.kind) {
      case EventKind::ModuleBusy:
        b.append(std::string_view(R"({"args":{)"));
        if (known)
          fmt::format_to(o, R"("head":{},"iteration":{},"query":{},)", r->head, r->iteration,
                         r->query);
        fmt::format_to(o,
                       R"("request":{}}},"dur":{},"name":"{}{} r{}","ph":"X","pid":{},)"
                       R"("tid":{},"ts":{}}})",
                       e.request, e.duration, moduleName(static_cast<ModuleId>(e.module)),
                       e.flags ? " (LSB recompute)" : "", e.request, layer, module, e.cycle);
        break;
      case EventKind::DramRequest:
        fmt::format_to(o, R"({{"args":{{"bank":{},"channel":{},)", e.b & 0xffffu, e.a);
        if (known)
          fmt::format_to(o, R"("head":{},"iteration":{},"query":{},)", r->head, r->iteration,
                         r->query);
        fmt::format_to(o,
                       R"("request":{},"row":{},"row_hit":{}}},"dur":{},"name":"DRAM {}",)"
                       R"("ph":"X","pid":{},"tid":{},"ts":{}}})",
                       e.request, e.c, (e.flags & 1) != 0, e.duration,
                       kDataKindLabels[module % kDataKinds],
                       tracks ? kHbmTracePid : layer,
                       tracks ? static_cast<long long>(e.a) : 100 + static_cast<long long>(e.a),
                       e.cycle);
        break;
      case EventKind::TopkRound:
        fmt::format_to(o, R"({{"args":{{"equal":{},)", e.extra);
        if (known) fmt::format_to(o, R"("head":{},)", r->head);
        fmt::format_to(o, R"("input":{},)", e.a);
        if (known) fmt::format_to(o, R"("iteration":{},)", r->iteration);
        fmt::format_to(o, R"("left":{},"pivot":{},)", e.b, jsonNumber(e.value));
        if (known) fmt::format_to(o, R"("query":{},)", r->query);
        fmt::format_to(o,
                       R"("request":{},"right":{}}},"dur":{},"name":"top-k round","ph":"X",)"
                       R"("pid":{},"tid":{},"ts":{}}})",
                       e.request, e.c, e.duration, layer, module, e.cycle);
        break;
      default: {
        const char* name = e.kind == EventKind::LsbRefetch ? "LSB refetch"
                           : e.kind == EventKind::Pruning  ? "pruning"
                                                           : "request done";
        fmt::format_to(o, R"({{"args":{{"a":{},"b":{},)", e.a, e.b);
        if (known)
          fmt::format_to(o, R"("head":{},"iteration":{},"query":{},)", r->head, r->iteration,
                         r->query);
        fmt::format_to(o,
                       R"("request":{}}},"name":"{}","ph":"i","pid":{},"s":"t","tid":{},)"
                       R"("ts":{}}})",
                       e.request, name, layer, module, e.cycle);
        break;
      }
    }
    sink.maybeFlush();
  });
  for (int layer : layers) {
    auto o = std::back_inserter(b);
    if (!first) b.push_back(',');
    first = false;
    fmt::format_to(o,
                   R"({{"args":{{"name":"layer {}"}},"name":"process_name","ph":"M","pid":{},)"
                   R"("tid":0}})",
                   layer, layer);
    for (int m = 0; m < kModuleCount; ++m)
      fmt::format_to(o,
                     R"(,{{"args":{{"name":"{}"}},"name":"thread_name","ph":"M","pid":{},)"
                     R"("tid":{}}})",
                     moduleName(static_cast<ModuleId>(m)), layer, m);
  }
  if (tracks) {
    std::string extra;
    appendPerfettoTracks(sim, *tracks, extra);
    if (first && !extra.empty()) extra.erase(0, 1);  // no event before: drop the comma
    b.append(std::string_view(extra));
  }
  b.append(std::string_view("]}"));
}

}  // namespace spatten::core
