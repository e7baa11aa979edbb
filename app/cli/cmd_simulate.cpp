// spatten-cli simulate: runs the cycle-level simulator over a Workload, either imported from the
// official RTL workload CSV or produced by a functional SpAtten run of a model on a text, and
// writes the summary JSON (schema in docs/cli.md) and optionally a Chrome trace of the event log.
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "app/cli/cli_common.h"
#include "app/cli/commands.h"
#include "app/cli/functional_input.h"
#include "core/sim/chrome_trace.h"
#include "core/sim/simulator.h"
#include "core/spatten/workload_convert.h"
#include "core/util/error.h"
#include "core/workload/workload_csv.h"

namespace spatten::cli {
namespace {

struct SimulateOptions {
  std::string workload;
  FunctionalInput functional;  // used when --model is given instead of --workload
  std::string hw = "spatten";
  std::vector<std::string> sets;
  std::uint64_t seed = 1;
  std::string json;
  std::string trace;
  bool logDram = false;
  bool timing = false;  // add host timing to the JSON (then not byte-identical across runs)
};

// Runs one simulation of `w` and returns the CLI's JSON document.
nlohmann::json simulateWorkload(std::shared_ptr<const core::Workload> w, const SimulateOptions& o,
                                std::string* traceOut) {
  core::HwConfig hw = core::HwConfig::load(o.hw);
  for (const std::string& s : o.sets)
    if (s.rfind("hw.", 0) == 0 || o.functional.model.empty()) hw.set(s);
  const core::LogLevel level = traceOut ? (o.logDram ? core::LogLevel::Full : core::LogLevel::Modules)
                                        : core::LogLevel::Off;
  core::Simulator sim(w, hw, o.seed, level);
  const auto t0 = std::chrono::steady_clock::now();
  sim.run();
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  nlohmann::json j = core::statsToJson(sim.stats(), hw);
  j["workload"] = {{"source", w->model.name}, {"requests", w->requests.size()},
                   {"layers", w->model.layers}, {"heads", w->model.heads}};
  j["seed"] = o.seed;
  j["hw"] = hw.toJson();
  if (o.timing) {
    j["wall_seconds"] = wall;
    j["simulated_cycles_per_second"] = wall > 0 ? static_cast<double>(sim.cycle()) / wall : 0.0;
  }
  if (traceOut) *traceOut = core::chromeTraceJson(sim);
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
  cmd->add_option("--text", opts->functional.text, "Input text (with --model)");
  cmd->add_option("--config", opts->functional.config, "Run configuration JSON (with --model)");
  cmd->add_option("--preset", opts->functional.preset, "Run preset (with --model)");
  cmd->add_option("--generate", opts->functional.generate, "GPT-2 generation iterations (with --model)");
  cmd->add_option("--hw", opts->hw, "Hardware: spatten | spatten-1of8 | FILE.json")
      ->capture_default_str();
  cmd->add_option("--set", opts->sets, "Override a parameter: hw.topk.parallelism=32 (hardware) or token_keep_end=0.3 (run, with --model)");
  cmd->add_option("--seed", opts->seed, "Seed of every random choice (top-k pivots)")
      ->capture_default_str();
  cmd->add_option("--json", opts->json, "Output summary JSON")->required();
  cmd->add_option("--trace", opts->trace, "Output Chrome trace-event JSON (Perfetto)");
  cmd->add_flag("--timing", opts->timing,
                "Add host timing (wall_seconds, simulated_cycles_per_second) to the JSON; the "
                "output is then no longer byte-identical across runs");
  cmd->add_flag("--trace-dram", opts->logDram, "Include every DRAM request in the trace");
  cmd->callback([opts]() {
    std::shared_ptr<const core::Workload> w;
    if (!opts->workload.empty()) {
      w = std::make_shared<const core::Workload>(core::loadWorkloadCsv(opts->workload));
    } else if (!opts->functional.model.empty()) {
      if (opts->functional.text.empty()) throw core::Error("--text", "", "required with --model");
      FunctionalInput in = opts->functional;
      in.sets.clear();
      for (const std::string& s : opts->sets)
        if (s.rfind("hw.", 0) != 0) in.sets.push_back(s);
      const FunctionalRun fr = runFunctional(in, /*recordAttention=*/true);
      w = std::make_shared<const core::Workload>(core::toWorkload(fr.report.pruned, fr.modelName));
    } else {
      throw core::Error("--workload", "", "give --workload FILE.csv or --model DIR --text TEXT");
    }
    std::string trace;
    nlohmann::json j = simulateWorkload(w, *opts, opts->trace.empty() ? nullptr : &trace);
    if (!opts->trace.empty()) writeTextFile(opts->trace, trace);
    writeJsonFile(opts->json, j);
  });
}

}  // namespace spatten::cli
