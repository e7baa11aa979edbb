#include "core/export/vcd_writer.h"

#include <fmt/format.h>

#include <algorithm>
#include <bit>
#include <charconv>
#include <iterator>

#include "core/util/error.h"
#include "core/util/message_text.h"

namespace spatten::core {
namespace {

// Identifier codes: base-94 over the printable characters '!' .. '~'.
std::string vcdId(std::size_t n) {
  std::string s;
  do {
    s.push_back(static_cast<char>('!' + n % 94));
    n /= 94;
  } while (n > 0);
  return s;
}

int widthFor(std::uint64_t maxValue) {
  return std::max(1, static_cast<int>(std::bit_width(maxValue)));
}

// Fill levels in sample order, and their bounds (for the vector widths).
constexpr const char* kFifoNames[] = {"fetch_jobs",       "lane_fifos",        "hbm_ports",
                                      "qk_pipeline",      "softmax_fifo",      "hold_buffer",
                                      "probv_pipeline",   "token_acc_pending", "topk_tasks",
                                      "key_buffer_lines", "value_buffer_lines"};
constexpr int kFifoCount = 11;

}  // namespace

VcdOptions parseVcdWindow(const std::string& text, const std::string& option) {
  VcdOptions o;
  const std::size_t colon = text.find(':');
  auto num = [&](std::string_view s, std::uint64_t& v) {
    if (s.empty()) return;
    const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || p != s.data() + s.size())
      throw Error(option, "",
                  "window " + quoteText(text) +
                      " is not FROM:TO in cycles (e.g. "
                      "1000:5000, :5000 or 1000:)");
  };
  if (colon == std::string::npos)
    throw Error(option, "",
                "window " + quoteText(text) +
                    " is not FROM:TO in cycles (e.g. "
                    "1000:5000, :5000 or 1000:)");
  num(std::string_view(text).substr(0, colon), o.from);
  num(std::string_view(text).substr(colon + 1), o.to);
  if (o.to <= o.from)
    throw Error(option, "",
                fmt::format("window {}: TO must be greater than FROM", quoteText(text)));
  return o;
}

int VcdWriter::add(const std::string& name, int width) {
  Signal s;
  s.id = vcdId(m_signals.size());
  s.width = width;
  m_header.push_back(fmt::format("$var wire {} {} {} $end", width, s.id, name));
  m_signals.push_back(std::move(s));
  return static_cast<int>(m_signals.size()) - 1;
}

VcdWriter::VcdWriter(const Simulator& sim, std::ostream& out, VcdOptions options)
    : m_out(out), m_opt(std::move(options)), m_alive(sim.workload()) {
  const HwConfig& hw = sim.hw();
  const auto& reqs = sim.workload().requests;
  const int reqWidth = widthFor(reqs.empty() ? 1 : reqs.size() - 1);
  auto scope = [&](const std::string& name) {
    m_header.push_back("$scope module " + name + " $end");
  };
  auto up = [&] { m_header.push_back("$upscope $end"); };
  scope("spatten");
  m_busy = static_cast<int>(m_signals.size());
  for (int m = 0; m < kModuleCount; ++m) {
    scope(moduleName(static_cast<ModuleId>(m)));
    add("busy", 1);
    add("stalled", 1);
    add("request", reqWidth);
    up();
  }
  scope("fifo");
  m_fifos = static_cast<int>(m_signals.size());
  const std::uint64_t lanes = static_cast<std::uint64_t>(hw.fetchLanes) * hw.addrFifoDepth;
  const std::uint64_t bounds[kFifoCount] = {
      1u << 16,
      lanes,
      static_cast<std::uint64_t>(hw.hbmChannels) * 2,
      1u << 20,
      static_cast<std::uint64_t>(hw.softmaxFifoDepth) + hw.qkMultipliers,
      static_cast<std::uint64_t>(hw.requantBufferBeats) * 2,
      1u << 16,
      1u << 16,
      1u << 16,
      static_cast<std::uint64_t>(hw.keyBufferLines()),
      static_cast<std::uint64_t>(hw.valueBufferLines())};
  for (int i = 0; i < kFifoCount; ++i) add(kFifoNames[i], std::max(widthFor(bounds[i]), 8));
  up();
  scope("counters");
  m_counters = static_cast<int>(m_signals.size());
  add("alive_tokens", 32);
  add("alive_heads", 16);
  add("requests_in_flight", 32);       // admitted, not yet retired
  add("dram_requests_in_flight", 32);  // reads held by all channel controllers
  add("dram_bytes", 64);
  up();
  scope("hbm");
  m_channels = static_cast<int>(m_signals.size());
  m_channelCount = std::min(hw.hbmChannels, CycleSample::kMaxChannels);
  for (int c = 0; c < m_channelCount; ++c)
    add(fmt::format("ch{}_in_flight", c),
        widthFor(static_cast<std::uint64_t>(hw.hbmMaxOutstanding)));
  up();
  scope("pulse");
  m_pulses = static_cast<int>(m_signals.size());
  add("lsb_refetch", 1);
  add("topk_v_decision", 1);
  add("token_topk_decision", 1);
  add("head_topk_decision", 1);
  up();
  up();
  for (int m = 0; m < kModuleCount; ++m) set(m_busy + 3 * m + 2, kZ);
  std::string text;
  if (!m_opt.date.empty()) text += "$date " + m_opt.date + " $end\n";
  text += fmt::format("$version SpAtten Studio cycle simulator (hardware {}, seed {}) $end\n",
                      hw.name, sim.seed());
  text += "$comment 1 time unit = 1 accelerator cycle at " + fmt::format("{}", hw.clockGhz) +
          " GHz; values at #c are those at the end of cycle c $end\n";
  text += "$timescale 1ns $end\n";
  for (const std::string& l : m_header) text += l + "\n";
  text += "$enddefinitions $end\n";
  m_out.write(text.data(), static_cast<std::streamsize>(text.size()));
}

VcdWriter::~VcdWriter() = default;

void VcdWriter::set(int signal, std::uint64_t v) {
  Signal& s = m_signals[static_cast<std::size_t>(signal)];
  if (s.value != v) {
    s.value = v;
    s.dirty = true;
  }
}

void VcdWriter::cycle(const Simulator& sim, const CycleSample& s, std::size_t firstEvent) {
  for (int m = 0; m < kModuleCount; ++m) {
    const auto i = static_cast<std::size_t>(m);
    set(m_busy + 3 * m, s.state[i] == ModuleState::Busy);
    set(m_busy + 3 * m + 1, s.state[i] == ModuleState::Stalled);
    set(m_busy + 3 * m + 2, s.request[i] < 0 ? kZ : static_cast<std::uint64_t>(s.request[i]));
  }
  const std::uint32_t fifos[kFifoCount] = {s.fetchJobs,      s.laneFifo,        s.hbmPorts,
                                           s.qkPipeline,     s.softmaxFifo,     s.holdBuffer,
                                           s.probVPipeline,  s.tokenAccPending, s.topkTasks,
                                           s.keyBufferLines, s.valueBufferLines};
  for (int i = 0; i < kFifoCount; ++i) set(m_fifos + i, fifos[i]);
  const std::int64_t cur = sim.currentRequest();
  set(m_counters, m_alive.tokens(cur));
  set(m_counters + 1, m_alive.heads(cur));
  set(m_counters + 2, s.inflightRequests);
  std::uint64_t inFlight = 0;
  for (int c = 0; c < m_channelCount; ++c) {
    inFlight += s.outstanding[static_cast<std::size_t>(c)];
    set(m_channels + c, s.outstanding[static_cast<std::size_t>(c)]);
  }
  set(m_counters + 3, inFlight);
  set(m_counters + 4, s.dramBytes);
  bool pulse[4] = {false, false, false, false};
  const EventLog& log = sim.log();
  for (std::size_t i = firstEvent; i < log.size(); ++i) {
    const Event& e = log[i];
    if (e.kind == EventKind::LsbRefetch) pulse[0] = true;
    if (e.kind != EventKind::Pruning) continue;
    if (e.module == static_cast<std::uint8_t>(ModuleId::TopkV)) pulse[1] = true;
    // Heads (flags 1) or tokens (0; 2, 3: a KV-cache policy's key selection).
    if (e.module == static_cast<std::uint8_t>(ModuleId::TopkToken))
      pulse[e.flags == 1 ? 3 : 2] = true;
  }
  for (int i = 0; i < 4; ++i) set(m_pulses + i, pulse[i]);
  if (s.cycle < m_opt.from || s.cycle >= m_opt.to) return;
  m_last = s.cycle;
  if (!m_started) {
    m_started = true;
    m_buf += fmt::format("#{}\n$dumpvars\n", s.cycle);
    flush(true);
    m_buf += "$end\n";
    return;
  }
  bool any = false;
  for (const Signal& sig : m_signals) any = any || sig.dirty;
  if (!any) return;
  m_buf += fmt::format("#{}\n", s.cycle);
  flush(false);
}

void VcdWriter::flush(bool force) {
  for (Signal& s : m_signals) {
    if (!s.dirty && !force) continue;
    s.dirty = false;
    if (s.width == 1) {
      m_buf += s.value ? '1' : '0';
    } else if (s.value == kZ) {
      m_buf += "bz ";
    } else {
      m_buf += 'b';
      fmt::format_to(std::back_inserter(m_buf), "{:b} ", s.value);
    }
    m_buf += s.id;
    m_buf += '\n';
  }
  if (m_buf.size() >= (1u << 20)) {
    m_out.write(m_buf.data(), static_cast<std::streamsize>(m_buf.size()));
    m_buf.clear();
  }
}

void VcdWriter::finish(const Simulator& sim) {
  // The end of the last written cycle (or of the window) closes the dump.
  if (m_started)
    m_buf += fmt::format("#{}\n", std::min(m_opt.to, std::max(m_last + 1, sim.cycle())));
  m_out.write(m_buf.data(), static_cast<std::streamsize>(m_buf.size()));
  m_buf.clear();
}

}  // namespace spatten::core
