#include "core/export/perfetto_tracks.h"

#include <fmt/format.h>

#include <algorithm>
#include <iterator>
#include <map>
#include <utility>

namespace spatten::core {
namespace {

constexpr int kCounterPid = kHbmTracePid + 1;  // process "datapath counters"
// Non-channel tracks, in order after the per-channel bandwidth tracks.
enum Extra {
  kAliveTokens,
  kAliveHeads,
  kSoftmaxFifo,
  kHoldBuffer,
  kLaneFifos,
  kHbmPorts,
  kKeyBuffer,
  kValueBuffer,
  kFetchJobs,
  kInflight,
  kDramInflight,
  kExtraCount
};

}  // namespace

PerfettoCounters::PerfettoCounters(const Simulator& sim, std::uint32_t window)
    : m_window(std::max<std::uint32_t>(1, window)),
      m_clockGhz(sim.hw().clockGhz),
      m_alive(sim.workload()) {
  const int channels = std::min(sim.hw().hbmChannels, CycleSample::kMaxChannels);
  for (int c = 0; c < channels; ++c)
    m_tracks.push_back({fmt::format("DRAM bandwidth ch{}", c), "GB/s", true, c});
  const Track extras[kExtraCount] = {{"alive tokens", "tokens", false, -1},
                                     {"alive heads", "heads", false, -1},
                                     {"softmax FIFO", "scores", false, -1},
                                     {"requant hold buffer", "beats", false, -1},
                                     {"fetcher lane FIFOs", "transactions", false, -1},
                                     {"HBM2 controller ports", "transactions", false, -1},
                                     {"key buffer", "lines", false, -1},
                                     {"value buffer", "lines", false, -1},
                                     {"fetch jobs queued", "jobs", false, -1},
                                     {"requests in flight", "requests", false, -1},
                                     {"DRAM reads in flight", "reads", false, -1}};
  for (const Track& t : extras) m_tracks.push_back(t);
  m_points.resize(m_tracks.size());
  m_acc.assign(m_tracks.size(), 0.0);
  m_lastBytes.assign(static_cast<std::size_t>(channels), 0);
}

void PerfettoCounters::cycle(const Simulator& sim, const CycleSample& s, std::size_t) {
  if (m_cyclesInWindow == m_window) closeWindow(m_windowStart);
  if (m_cyclesInWindow == 0) m_windowStart = s.cycle;
  const std::size_t channels = m_lastBytes.size();
  for (std::size_t c = 0; c < channels; ++c) {
    m_acc[c] += static_cast<double>(s.channelBytes[c] - m_lastBytes[c]);
    m_lastBytes[c] = s.channelBytes[c];
  }
  std::uint64_t dramInflight = 0;
  for (std::size_t c = 0; c < channels; ++c) dramInflight += s.outstanding[c];
  const std::int64_t cur = sim.currentRequest();
  const double v[kExtraCount] = {
      static_cast<double>(m_alive.tokens(cur)), static_cast<double>(m_alive.heads(cur)),
      static_cast<double>(s.softmaxFifo),       static_cast<double>(s.holdBuffer),
      static_cast<double>(s.laneFifo),          static_cast<double>(s.hbmPorts),
      static_cast<double>(s.keyBufferLines),    static_cast<double>(s.valueBufferLines),
      static_cast<double>(s.fetchJobs),         static_cast<double>(s.inflightRequests),
      static_cast<double>(dramInflight)};
  for (int i = 0; i < kExtraCount; ++i) {
    double& a = m_acc[channels + static_cast<std::size_t>(i)];
    a = i <= kAliveHeads ? v[i] : std::max(a, v[i]);  // alive: last value; levels: maximum
  }
  ++m_cyclesInWindow;
  m_lastCycle = s.cycle;
}

void PerfettoCounters::closeWindow(std::uint64_t start) {
  for (std::size_t t = 0; t < m_tracks.size(); ++t) {
    // Bandwidth: bytes per cycle x cycles per ns = GB/s, over the cycles of the window.
    const double v =
        m_tracks[t].mean ? m_acc[t] / static_cast<double>(m_cyclesInWindow) * m_clockGhz : m_acc[t];
    auto& pts = m_points[t];
    if (pts.empty() || pts.back().value != v) pts.push_back({start, v});
    m_acc[t] = 0;
  }
  m_cyclesInWindow = 0;
}

void PerfettoCounters::finish(const Simulator&) {
  if (m_cyclesInWindow > 0) closeWindow(m_windowStart);
  // A final point at the end so the last value has a visible extent.
  for (std::size_t t = 0; t < m_tracks.size(); ++t) {
    auto& pts = m_points[t];
    if (!pts.empty() && pts.back().cycle <= m_lastCycle) pts.push_back({m_lastCycle + 1, 0});
  }
}

void appendPerfettoTracks(const Simulator& sim, const PerfettoCounters& counters,
                          std::string& out) {
  auto o = std::back_inserter(out);
  const auto& tracks = counters.tracks();
  for (std::size_t t = 0; t < tracks.size(); ++t) {
    const int pid = tracks[t].channel >= 0 ? kHbmTracePid : kCounterPid;
    for (const PerfettoCounters::Point& p : counters.points()[t]) {
      if (tracks[t].mean)
        fmt::format_to(o, R"(,{{"args":{{"{}":{:.3f}}},"name":"{}","ph":"C","pid":{},"ts":{}}})",
                       tracks[t].unit, p.value, tracks[t].name, pid, p.cycle);
      else
        fmt::format_to(o, R"(,{{"args":{{"{}":{}}},"name":"{}","ph":"C","pid":{},"ts":{}}})",
                       tracks[t].unit, static_cast<std::uint64_t>(p.value), tracks[t].name, pid,
                       p.cycle);
    }
  }
  // Flows: token / head top-k decision -> first fetch of each head of the next layer.
  const auto& reqs = sim.workload().requests;
  std::vector<std::uint64_t> firstFetch(reqs.size(), ~0ull);
  sim.log().forEach([&](const Event& e) {
    if (e.kind == EventKind::ModuleBusy &&
        e.module == static_cast<std::uint8_t>(ModuleId::Fetcher) && e.request < reqs.size())
      firstFetch[e.request] = std::min(firstFetch[e.request], e.cycle);
  });
  // Groups of (iteration, layer) in workload order, with the first request of each head.
  std::vector<std::size_t> groupOf(reqs.size());
  std::vector<std::vector<std::size_t>> heads;
  for (std::size_t i = 0; i < reqs.size(); ++i) {
    if (i == 0 || reqs[i].iteration != reqs[i - 1].iteration || reqs[i].layer != reqs[i - 1].layer)
      heads.emplace_back();
    groupOf[i] = heads.size() - 1;
    if (i == 0 || groupOf[i - 1] != groupOf[i] || reqs[i].head != reqs[i - 1].head) {
      bool seen = false;
      for (std::size_t h : heads.back()) seen = seen || reqs[h].head == reqs[i].head;
      if (!seen) heads.back().push_back(i);
    }
  }
  std::uint64_t flowId = 0;
  sim.log().forEach([&](const Event& e) {
    // Cascade token (flags 0) and head (1) pruning only: a KV-cache policy's selection (2, 3)
    // chooses the keys of its own request, not the next layer's.
    if (e.kind != EventKind::Pruning ||
        e.module != static_cast<std::uint8_t>(ModuleId::TopkToken) || e.request >= reqs.size() ||
        e.flags > 1)
      return;
    const std::size_t g = groupOf[e.request];
    if (g + 1 >= heads.size()) return;
    const Request& from = reqs[e.request];
    const Request& next = reqs[heads[g + 1].front()];
    if (next.iteration != from.iteration) return;  // the last layer: nothing fetched after it
    const char* name = e.flags ? "head top-k" : "token top-k";
    for (std::size_t target : heads[g + 1]) {
      if (firstFetch[target] == ~0ull) continue;
      ++flowId;
      fmt::format_to(o,
                     R"(,{{"args":{{"kept":{},"of":{},"request":{}}},"cat":"pruning","id":{},)"
                     R"("name":"{}","ph":"s","pid":{},"tid":{},"ts":{}}})",
                     e.a, e.b, e.request, flowId, name, from.layer,
                     static_cast<int>(ModuleId::TopkToken), e.cycle);
      fmt::format_to(o,
                     R"(,{{"args":{{"request":{}}},"bp":"e","cat":"pruning","id":{},"name":"{}",)"
                     R"("ph":"f","pid":{},"tid":{},"ts":{}}})",
                     target, flowId, name, reqs[target].layer, static_cast<int>(ModuleId::Fetcher),
                     firstFetch[target]);
    }
  });
  // Names of the HBM2 process, its channel threads and the counter process.
  fmt::format_to(o,
                 R"(,{{"args":{{"name":"HBM2"}},"name":"process_name","ph":"M","pid":{},"tid":0}})",
                 kHbmTracePid);
  for (int c = 0; c < sim.hw().hbmChannels; ++c)
    fmt::format_to(o,
                   R"(,{{"args":{{"name":"channel {}"}},"name":"thread_name","ph":"M","pid":{},)"
                   R"("tid":{}}})",
                   c, kHbmTracePid, c);
  fmt::format_to(
      o,
      R"(,{{"args":{{"name":"datapath counters"}},"name":"process_name","ph":"M","pid":{},)"
      R"("tid":0}})",
      kCounterPid);
}

}  // namespace spatten::core
