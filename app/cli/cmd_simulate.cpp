// spatten-cli simulate: runs the cycle-level simulator over a Workload, either imported from the
// official RTL workload CSV or produced by a functional SpAtten run of a model on a text, and
// writes the summary JSON (schema in docs/cli.md) and optionally a Chrome trace of the event log
// (with Perfetto counter tracks), a VCD and a DRAM request trace with its simulator configuration
// (formats in docs/formats.md).
#include <CLI/CLI.hpp>
#include <chrono>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "app/cli/cli_common.h"
#include "app/cli/commands.h"
#include "app/cli/functional_input.h"
#include "app/cli/output_files.h"
#include "core/config/assign.h"
#include "core/config/registry.h"
#include "core/export/chrome_trace_writer.h"
#include "core/export/dram_trace.h"
#include "core/export/perfetto_tracks.h"
#include "core/export/vcd_writer.h"
#include "core/sim/simulator.h"
#include "core/functional/workload_convert.h"
#include "core/util/error.h"
#include "core/workload/workload_csv.h"

namespace spatten::cli {
namespace {

struct SimulateOptions {
  std::string workload;
  FunctionalInput functional;  // used when --model is given instead of --workload
  TextInput text;
  CLI::Option* generate = nullptr;
  std::string hw = "spatten";
  std::vector<std::string> sets;
  std::string seed = "1";  // parsed strictly by parseSeed (CLI11 wraps "-1")
  std::string json;
  std::string trace;
  CLI::Option* traceOption = nullptr;
  bool logDram = false;
  bool traceCounters = false;
  std::uint32_t counterWindow = 256;
  std::string vcd, vcdWindow;
  std::string dramTrace, dramFormat = "dramsim3";
  bool timing = false;  // add host timing to the JSON (then not byte-identical across runs)
};

// The option name under which the DRAM trace's configuration file is registered.
const std::string kDramConfig = "--dram-trace (configuration)";

// `--set hw.<path>=...` goes to the hardware; everything else to the functional run.
bool isHardwareSet(const std::string& assignment) {
  return core::hwParams().find(assignment.substr(0, assignment.find('='))) != nullptr;
}

// Runs one simulation of `w`, streams the trace into `outputs` ("--trace") when requested and
// returns the CLI's JSON document.
nlohmann::json simulateWorkload(std::shared_ptr<const core::Workload> w, const core::HwConfig& hw,
                                const SimulateOptions& o, std::uint64_t seed,
                                OutputFiles& outputs) {
  const bool trace = o.traceOption->count() > 0;
  const bool vcd = !o.vcd.empty(), dram = !o.dramTrace.empty();
  // Logging only observes: the level never changes cycles. The VCD and the Perfetto tracks need
  // the busy intervals and pulses (Modules), a DRAM trace every DRAM request (Full).
  core::LogLevel level = core::LogLevel::Off;
  if (trace || vcd) level = core::LogLevel::Modules;
  if ((trace && o.logDram) || dram) level = core::LogLevel::Full;
  core::Simulator sim(w, hw, seed, level);
  std::unique_ptr<core::VcdWriter> vcdWriter;
  std::unique_ptr<core::PerfettoCounters> counters;
  std::vector<core::CycleSink*> sinks;
  if (vcd) {
    core::VcdOptions vo;
    if (!o.vcdWindow.empty()) vo = core::parseVcdWindow(o.vcdWindow, "--vcd-window");
    vcdWriter = std::make_unique<core::VcdWriter>(sim, outputs.open("--vcd"), vo);
    sinks.push_back(vcdWriter.get());
  }
  if (trace && o.traceCounters) {
    counters = std::make_unique<core::PerfettoCounters>(sim, o.counterWindow);
    sinks.push_back(counters.get());
  }
  const auto t0 = std::chrono::steady_clock::now();
  if (sinks.empty())
    sim.run();
  else
    core::runSampled(sim, sinks);
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  nlohmann::json j = core::statsToJson(sim.stats(), hw);
  j["workload"] = {{"source", w->model.name},
                   {"requests", w->requests.size()},
                   {"layers", w->model.layers},
                   {"heads", w->model.heads}};
  j["seed"] = seed;
  j["hw"] = hw.toJson();
  if (o.timing) {
    j["wall_seconds"] = wall;
    j["simulated_cycles_per_second"] = wall > 0 ? static_cast<double>(sim.cycle()) / wall : 0.0;
  }
  // Streamed event by event: no JSON tree of the whole log (5.27 GB for a 490 MB trace).
  if (trace) core::writeChromeTrace(sim, outputs.open("--trace"), {counters.get(), o.logDram});
  if (dram) {
    const core::DramTraceFormat f = core::parseDramTraceFormat(o.dramFormat, "--dram-format");
    const std::vector<core::DramRequestRecord> reqs = core::dramRequests(sim);
    core::writeDramTrace(reqs, hw, f, outputs.open("--dram-trace"));
    const std::string name = std::filesystem::path(o.dramTrace).filename().string();
    outputs.write(kDramConfig, core::dramConfigText(reqs, hw, f, name));
  }
  return j;
}

}  // namespace

void addSimulateCommand(CLI::App& app) {
  auto opts = std::make_shared<SimulateOptions>();
  CLI::App* cmd = app.add_subcommand(
      "simulate", "Cycle-level simulation of the SpAtten datapath over a workload");
  CLI::Option* wl =
      cmd->add_option("--workload", opts->workload, "Workload CSV (official SpAtten RTL format)");
  CLI::Option* model = cmd->add_option("--model", opts->functional.model,
                                       "Model directory: simulate a functional run on --text");
  wl->excludes(model);
  addTextOptions(cmd, opts->text, "Input text (with --model)");
  cmd->add_option("--config", opts->functional.config, "Run configuration JSON (with --model)");
  cmd->add_option("--preset", opts->functional.preset, "Run preset (with --model)");
  opts->generate = cmd->add_option("--generate", opts->functional.generate,
                                   "GPT-2 generation iterations, 0..4096 (with --model)");
  cmd->add_option("--hw", opts->hw, "Hardware: spatten | spatten-1of8 | FILE.json")
      ->capture_default_str();
  cmd->add_option("--set", opts->sets,
                  "Override a parameter: hw.topk.parallelism=32 (hardware) or token_keep_end=0.3 "
                  "(run, with --model); spatten-cli params lists them");
  cmd->add_option("--seed", opts->seed,
                  "Seed of every random choice (top-k pivots), 0..18446744073709551615")
      ->capture_default_str();
  cmd->add_option("--json", opts->json, "Output summary JSON")->required();
  opts->traceOption =
      cmd->add_option("--trace", opts->trace, "Output Chrome trace-event JSON (Perfetto)");
  cmd->add_flag("--timing", opts->timing,
                "Add host timing (wall_seconds, simulated_cycles_per_second) to the JSON; the "
                "output is then no longer byte-identical across runs");
  cmd->add_flag("--trace-dram", opts->logDram, "Include every DRAM request in the trace");
  cmd->add_flag("--trace-counters", opts->traceCounters,
                "Add Perfetto tracks to --trace: counters (DRAM bandwidth per channel, alive "
                "tokens/heads, FIFO levels), one track per HBM2 channel, top-k flow events");
  cmd->add_option("--trace-counter-window", opts->counterWindow,
                  "Cycles per counter sample of --trace-counters, 1..1000000")
      ->check(CLI::Range(1, 1000000))
      ->capture_default_str();
  cmd->add_option("--vcd", opts->vcd, "Output VCD waveform (GTKWave; 1 ns = 1 cycle)");
  cmd->add_option("--vcd-window", opts->vcdWindow,
                  "Cycles written to --vcd: FROM:TO (either may be empty, e.g. :20000)");
  cmd->add_option("--dram-trace", opts->dramTrace,
                  "Output DRAM request trace; its simulator configuration is written beside it "
                  "(FILE.ini for DRAMsim3, FILE.yaml for Ramulator 2)");
  cmd->add_option("--dram-format", opts->dramFormat, "DRAM trace format: dramsim3 | ramulator2")
      ->capture_default_str();
  cmd->callback([opts]() {
    // Every option and output checked before any work (docs/cli.md: nothing written on error).
    OutputFiles outputs;
    outputs.add("--json", opts->json);
    if (opts->traceOption->count() > 0) outputs.add("--trace", opts->trace);
    if (opts->traceCounters && opts->traceOption->count() == 0)
      throw core::Error("--trace-counters", "", "only with --trace FILE");
    if (!opts->vcdWindow.empty() && opts->vcd.empty())
      throw core::Error("--vcd-window", "", "only with --vcd FILE");
    if (!opts->vcdWindow.empty()) core::parseVcdWindow(opts->vcdWindow, "--vcd-window");
    if (!opts->vcd.empty()) outputs.add("--vcd", opts->vcd);
    const core::DramTraceFormat dramFormat =
        core::parseDramTraceFormat(opts->dramFormat, "--dram-format");
    if (!opts->dramTrace.empty()) {
      outputs.add("--dram-trace", opts->dramTrace);
      outputs.add(kDramConfig, core::dramConfigPath(opts->dramTrace, dramFormat));
    }
    const std::uint64_t seed = parseSeed(opts->seed);
    checkGenerate(opts->generate, opts->functional.generate);
    core::HwConfig hw = core::HwConfig::load(opts->hw);  // before the (long) functional run
    for (const std::string& s : opts->sets)
      if (isHardwareSet(s) || opts->functional.model.empty()) core::applyParameter(s, nullptr, &hw);
    // A hardware the DRAM tools cannot be configured for fails now, not after the run.
    if (!opts->dramTrace.empty()) core::dramConfigText({}, hw, dramFormat, "trace");
    std::shared_ptr<const core::Workload> w;
    if (!opts->workload.empty()) {
      if (opts->text.given()) throw core::Error("--text", "", "only with --model, not --workload");
      w = std::make_shared<const core::Workload>(core::loadWorkloadCsv(opts->workload));
    } else if (!opts->functional.model.empty()) {
      FunctionalInput in = opts->functional;
      in.text = opts->text.read(/*required=*/true);
      in.sets.clear();
      for (const std::string& s : opts->sets)
        if (!isHardwareSet(s)) in.sets.push_back(s);
      const FunctionalRun fr = runFunctional(in, /*recordAttention=*/true);
      w = std::make_shared<const core::Workload>(core::toWorkload(fr.report.pruned, fr.modelName));
    } else {
      throw core::Error("--workload", "", "give --workload FILE.csv or --model DIR --text TEXT");
    }
    const nlohmann::json j = simulateWorkload(w, hw, *opts, seed, outputs);
    outputs.write("--json", jsonText(j));
    outputs.commit();
  });
}

}  // namespace spatten::cli
