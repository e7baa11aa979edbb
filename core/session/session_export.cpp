#include "core/session/session_export.h"

#include <algorithm>
#include <memory>
#include <sstream>

#include "core/export/chrome_trace_writer.h"
#include "core/export/dram_trace.h"
#include "core/export/perfetto_tracks.h"
#include "core/export/sampled_run.h"
#include "core/export/vcd_writer.h"
#include "core/functional/workload_convert.h"
#include "core/session/text_run.h"
#include "core/sim/simulator.h"
#include "core/sim/stats.h"
#include "core/util/error.h"
#include "core/util/file_write.h"
#include "core/workload/workload_csv.h"

namespace spatten::core {
namespace fs = std::filesystem;
namespace {

constexpr std::uint32_t kCounterWindow = 256;  // cycles per Perfetto counter sample (CLI default)

bool wants(const std::vector<std::string>& formats, const char* f) {
  return std::find(formats.begin(), formats.end(), f) != formats.end();
}

}  // namespace

const std::vector<std::string>& sessionDataFormats() {
  static const std::vector<std::string> kFormats = {"json",       "perfetto", "vcd",
                                                    "ramulator2", "dramsim3", "workload"};
  return kFormats;
}

std::vector<std::string> sessionDataFiles(const std::string& format) {
  if (format == "json") return {"run.json"};
  if (format == "perfetto") return {"trace.perfetto.json"};
  if (format == "vcd") return {"run.vcd"};
  if (format == "workload") return {"workload.csv"};
  if (format == "ramulator2" || format == "dramsim3") {
    const std::string trace = "dram." + format + ".trace";
    const DramTraceFormat f = parseDramTraceFormat(format, "--formats");
    return {trace, dramConfigPath(trace, f)};
  }
  std::string allowed;
  for (const std::string& f : sessionDataFormats()) allowed += (allowed.empty() ? "" : ", ") + f;
  throw Error("--formats", format, "unknown data format (allowed: " + allowed + ")");
}

std::vector<std::string> writeSessionExports(const Session& s, const fs::path& dir,
                                             const std::vector<std::string>& formats) {
  for (const std::string& f : formats) sessionDataFiles(f);  // unknown names before any work
  TextRun run = runOnText(
      s.model.string(), s.text, [&s](Family) { return s.run; }, true, "text");
  auto w = std::make_shared<const Workload>(toWorkload(run.report.pruned, run.modelName));
  const bool vcd = wants(formats, "vcd"), perfetto = wants(formats, "perfetto");
  const bool dram = wants(formats, "ramulator2") || wants(formats, "dramsim3");
  LogLevel level = LogLevel::Off;
  if (vcd || perfetto) level = LogLevel::Modules;
  if (dram) level = LogLevel::Full;
  Simulator sim(w, s.hw, s.run.seed, level);
  std::ostringstream vcdText;
  std::unique_ptr<VcdWriter> vcdWriter;
  std::unique_ptr<PerfettoCounters> counters;
  std::vector<CycleSink*> sinks;
  if (vcd) {
    vcdWriter = std::make_unique<VcdWriter>(sim, vcdText);
    sinks.push_back(vcdWriter.get());
  }
  if (perfetto) {
    counters = std::make_unique<PerfettoCounters>(sim, kCounterWindow);
    sinks.push_back(counters.get());
  }
  if (sinks.empty())
    sim.run();
  else
    runSampled(sim, sinks);
  vcdWriter.reset();  // flushes its end

  // Every document is complete in memory before the first file is replaced.
  std::vector<std::pair<std::string, std::string>> files;
  if (wants(formats, "json")) {
    nlohmann::json j = statsToJson(sim.stats(), s.hw);
    j["workload"] = {{"source", w->model.name},
                     {"requests", w->requests.size()},
                     {"layers", w->model.layers},
                     {"heads", w->model.heads}};
    j["seed"] = s.run.seed;
    j["hw"] = s.hw.toJson();
    j["run"] = toJson(s.run);
    j["text"] = s.text;
    files.emplace_back("run.json",
                       j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
  }
  if (perfetto) {
    std::ostringstream out;
    writeChromeTrace(sim, out, {counters.get(), false});
    files.emplace_back("trace.perfetto.json", out.str());
  }
  if (vcd) files.emplace_back("run.vcd", vcdText.str());
  if (dram) {
    const std::vector<DramRequestRecord> reqs = dramRequests(sim);
    for (const char* name : {"ramulator2", "dramsim3"}) {
      if (!wants(formats, name)) continue;
      const DramTraceFormat f = parseDramTraceFormat(name, "--formats");
      const std::vector<std::string> names = sessionDataFiles(name);
      std::ostringstream out;
      writeDramTrace(reqs, s.hw, f, out);
      files.emplace_back(names[0], out.str());
      files.emplace_back(names[1], dramConfigText(reqs, s.hw, f, names[0]));
    }
  }
  if (wants(formats, "workload")) files.emplace_back("workload.csv", workloadToCsv(*w));
  std::vector<std::string> written;
  for (const auto& [name, text] : files) {
    writeFileAtomic(dir / name, text);
    written.push_back(name);
  }
  return written;
}

}  // namespace spatten::core
