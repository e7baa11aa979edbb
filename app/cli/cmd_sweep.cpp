// `spatten-cli sweep`: a design-space sweep over registry parameters (run keys and hw.X keys) on a
// model and texts (functional runs + cycle simulation) or on an RTL workload CSV, one row per
// point in JSON Lines and CSV; --jobs threads, --shard slices, --resume after an interrupt.
// `spatten-cli sweep-merge` joins shard files into the one-process file. Formats in
// docs/sweeps.md; the computation in core/sweep.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <Eigen/Core>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "app/cli/cli_common.h"
#include "app/cli/commands.h"
#include "app/cli/functional_input.h"
#include "app/cli/output_files.h"
#include "app/cli/sweep_support.h"
#include "core/config/assign.h"
#include "core/config/registry.h"
#include "core/session/model_folder.h"
#include "core/session/session.h"
#include "core/sweep/grid.h"
#include "core/sweep/sweep_eval.h"
#include "core/sweep/sweep_rows.h"
#include "core/sweep/sweep_runner.h"
#include "core/util/error.h"
#include "core/util/file_read.h"
#include "core/util/json_read.h"
#include "core/workload/workload_csv.h"

namespace spatten::cli {
namespace {

using ojson = nlohmann::ordered_json;

struct SweepCliOptions {
  FunctionalInput functional;  // --model, --config, --preset, --generate
  TextInput text;
  std::string sentences;
  std::string workload;
  std::string session;  // a saved session (.spatten.json) as the base
  CLI::Option* generate = nullptr;
  std::string hw = "spatten";
  std::vector<std::string> sets;
  std::string seed = "1";
  std::vector<std::string> grids;
  std::string gridFile;
  int jobs = 1;
  std::string shard;
  bool resume = false;
  bool quiet = false;
  std::string jsonl, csv;
  CLI::Option* csvOption = nullptr;
};

core::Grid readGrid(const SweepCliOptions& o) {
  core::Grid grid;
  if (!o.gridFile.empty()) {
    const nlohmann::json doc = core::readJsonFile(o.gridFile, core::kTextFileLimit);
    grid = core::gridFromJson(doc, o.gridFile);
  }
  for (const std::string& g : o.grids) grid.add(core::parseGridAxis(g, "--grid"), "--grid");
  if (grid.axes.empty())
    throw core::Error("--grid", "", "give at least one axis: --grid KEY=FROM:TO:STEP, --grid "
                                    "KEY=V1,V2,... or --grid-file FILE.json");
  return grid;
}

std::vector<std::string> readSentences(const std::string& path) {
  const std::string text = core::readRegularFile(path, core::kTextFileLimit);
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t nl = text.find('\n', start);
    if (nl == std::string::npos) nl = text.size();
    std::string line = text.substr(start, nl - start);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!line.empty()) out.push_back(std::move(line));
    start = nl + 1;
  }
  if (out.empty()) throw core::Error(path, "", "no sentence in the file (one per line)");
  return out;
}

// The sweep's base and the "base" part of its definition. Keeps the model alive in `model`.
// A session file base (--session FILE, issue 16) belongs here: it would fill the same SweepBase
// (model, texts, run, hw, seed) from the session and describe it in `desc`.
// The texts of a model base, tokenized once, and their part of the header's base description.
void addTexts(core::SweepBase& base, const core::ModelFolder& model,
              const std::vector<std::string>& texts, ojson& desc) {
  std::string joined;
  for (const std::string& t : texts) {
    const core::EncodedText e = core::encodeText(*model.model, *model.tokenizer, t);
    base.texts.push_back({e.ids, e.maskPositions});
    joined += t + "\n";
  }
  desc["model"] = model.name;
  desc["family"] = core::familyName(model.model->family());
  desc["texts"] = texts.size();
  desc["texts_fnv1a64"] = core::fnv1a64(joined);
}

// A session file as the base: its model, text (or --sentences), run and hardware configurations
// and seed; --set overrides them (the options the session replaces are refused by CLI11).
core::SweepBase sessionBase(const SweepCliOptions& o, core::ModelFolder& model, ojson& desc) {
  const core::Session s = core::loadSession(o.session);
  core::SweepBase base;
  base.seed = s.run.seed;
  base.hw = s.hw;
  base.run = s.run;
  for (const std::string& a : o.sets) core::applyParameter(a, &base.run, &base.hw);
  model = core::loadModelFolder(s.model.string());
  base.model = model.model.get();
  base.modelName = model.name;
  desc = {{"session", std::filesystem::path(o.session).filename().string()}};
  addTexts(base, model, o.sentences.empty() ? std::vector<std::string>{s.text}
                                            : readSentences(o.sentences),
           desc);
  return base;
}

core::SweepBase makeBase(const SweepCliOptions& o, core::ModelFolder& model, ojson& desc) {
  if (!o.session.empty()) return sessionBase(o, model, desc);
  core::SweepBase base;
  base.seed = parseSeed(o.seed);
  checkGenerate(o.generate, o.functional.generate);
  base.hw = core::HwConfig::load(o.hw);
  std::vector<std::string> runSets;
  for (const std::string& s : o.sets) {
    const bool hwKey = core::hwParams().find(s.substr(0, s.find('='))) != nullptr;
    if (hwKey || !o.workload.empty())
      core::applyParameter(s, nullptr, &base.hw);
    else
      runSets.push_back(s);
  }
  if (!o.workload.empty()) {
    if (o.text.given() || !o.sentences.empty())
      throw core::Error(o.text.given() ? "--text" : "--sentences", "",
                        "only with --model, not --workload");
    const core::Workload w = core::loadWorkloadCsv(o.workload);
    desc = {{"workload", std::filesystem::path(o.workload).filename().string()},
            {"requests", w.requests.size()},
            {"workload_fnv1a64", core::fnv1a64(core::workloadToCsv(w))}};
    base.workload = std::make_shared<const core::Workload>(w);
    return base;
  }
  if (o.functional.model.empty())
    throw core::Error("--model", "", "give --model DIR with --text, --text-file or --sentences, "
                                     "or --workload FILE.csv");
  if (o.text.given() && !o.sentences.empty())
    throw core::Error("--sentences", "", "use either --sentences or --text / --text-file");
  if (!o.functional.config.empty() && !o.functional.preset.empty())
    throw core::Error("--config", "", "use either --config or --preset, not both");
  const std::vector<std::string> texts =
      o.sentences.empty() ? std::vector<std::string>{o.text.read(/*required=*/true)}
                          : readSentences(o.sentences);
  model = core::loadModelFolder(o.functional.model);
  FunctionalInput in = o.functional;
  in.sets = runSets;
  base.run = effectiveConfig(in, model.model->family());
  base.model = model.model.get();
  base.modelName = model.name;
  desc = ojson::object();
  addTexts(base, model, texts, desc);
  return base;
}

void runSweep(const SweepCliOptions& o) {
  Eigen::setNbThreads(1);
  OutputFiles outputs;  // validated before any work; written whole or not at all
  outputs.add("--jsonl", o.jsonl);
  if (o.csvOption->count() > 0) outputs.add("--csv", o.csv);
  const auto [shardIndex, shardCount] = parseShard(o.shard);
  const core::Grid grid = readGrid(o);
  core::ModelFolder model;
  ojson baseDesc;
  const core::SweepBase base = makeBase(o, model, baseDesc);
  if (!base.model)
    for (const core::GridAxis& a : grid.axes)
      if (!core::hwParams().find(a.key))
        throw core::Error("--grid", a.key,
                          "a run parameter; a --workload sweep varies hardware parameters only");
  const std::uint64_t points = grid.points();
  // Not a structured binding: the lambdas below use begin, and clang 14 (the asan and fuzz
  // presets) cannot capture structured bindings.
  const std::pair<std::uint64_t, std::uint64_t> shard =
      core::shardRange(points, shardIndex, shardCount);
  const std::uint64_t begin = shard.first, end = shard.second;
  // Every point's configuration checked before any work (cross-field rules of the registry).
  std::vector<core::PointConfig> configs;
  configs.reserve(end - begin);
  for (std::uint64_t p = begin; p < end; ++p) {
    try {
      configs.push_back(core::pointConfig(base, grid.point(p), "--grid"));
    } catch (const core::Error& e) {  // the configuration's message, and which point
      std::string msg = e.what();
      const std::string prefix = e.file() + ": " + e.field() + ": ";
      if (msg.rfind(prefix, 0) == 0) msg = msg.substr(prefix.size());
      throw core::Error(e.file(), e.field(), fmt::format("{} (grid point {})", msg, p));
    }
  }
  ojson def;
  def["format"] = "spatten-sweep 1";
  def["base"] = baseDesc;
  if (base.model) def["run"] = core::toJson(base.run);
  def["hw"] = ojson::parse(base.hw.toJson().dump());
  def["seed"] = base.seed;
  def["corpus"] = !o.sentences.empty();
  def["axes"] = grid.toJson();
  def["points"] = points;
  const std::string header = core::sweepHeader(def);
  const std::string journalHeader = ojson{{"sweep", def}, {"shard", {shardIndex, shardCount}}}.dump();
  SweepJournal journal(o.jsonl + ".partial", journalHeader, begin, o.resume);
  if (!o.quiet)
    std::fprintf(stderr,
                 "sweep: %llu point(s) from %llu of %llu (shard %llu/%llu), %zu already done, %d "
                 "job(s); rows kept in %s.partial until the end (--resume continues)\n",
                 static_cast<unsigned long long>(end - begin),
                 static_cast<unsigned long long>(begin), static_cast<unsigned long long>(points),
                 static_cast<unsigned long long>(shardIndex),
                 static_cast<unsigned long long>(shardCount), journal.rows().size(), o.jobs,
                 o.jsonl.c_str());
  core::SweepEvaluator evaluator(base);
  SweepProgress progress(end - begin, journal.rows().size(), o.quiet);
  const bool corpus = !o.sentences.empty();
  core::runPointsOrdered(
      begin + journal.rows().size(), end, o.jobs,
      [&](std::uint64_t p) {
        return core::sweepRow(p, grid.point(p), base.seed,
                              evaluator.evaluate(configs[p - begin]), corpus);
      },
      [&](std::uint64_t, std::string row) {
        journal.append(std::move(row));
        progress.advance();
      });
  progress.finish();
  outputs.write("--jsonl", core::sweepJsonl(header, journal.rows()));
  if (o.csvOption->count() > 0) outputs.write("--csv", core::sweepCsv(journal.rows()));
  outputs.commit();
  journal.remove();
}

void addOutputs(CLI::App* cmd, std::string& jsonl, std::string& csv, CLI::Option*& csvOption) {
  cmd->add_option("--jsonl", jsonl, "Output rows as JSON Lines (line 1: the sweep's header)")
      ->required();
  csvOption = cmd->add_option("--csv", csv, "Also write the rows as CSV");
}

}  // namespace

void addSweepCommand(CLI::App& app) {
  auto o = std::make_shared<SweepCliOptions>();
  CLI::App* cmd = app.add_subcommand(
      "sweep", "Design-space sweep over run and hardware parameters (docs/sweeps.md)");
  CLI::Option* model = cmd->add_option("--model", o->functional.model,
                                       "Model directory: functional runs on the text(s)");
  CLI::Option* wl =
      cmd->add_option("--workload", o->workload, "Workload CSV (RTL format): hardware axes only");
  wl->excludes(model);
  addTextOptions(cmd, o->text, "Input text (with --model)");
  cmd->add_option("--sentences", o->sentences,
                  "Corpus, one sentence per line: every point runs on each; rows give mean, std, "
                  "min, max");
  cmd->add_option("--config", o->functional.config, "Base run configuration JSON (with --model)");
  cmd->add_option("--preset", o->functional.preset, "Base run preset (with --model)");
  o->generate = cmd->add_option("--generate", o->functional.generate,
                                "GPT-2 generation iterations, 0..4096 (with --model)");
  cmd->add_option("--hw", o->hw, "Base hardware: spatten | spatten-1of8 | FILE.json")
      ->capture_default_str();
  cmd->add_option("--set", o->sets, "Override a base parameter: key=value or hw.key=value");
  cmd->add_option("--seed", o->seed, "Seed of the simulator's random choices")
      ->capture_default_str();
  cmd->add_option("--grid", o->grids,
                  "Axis: KEY=FROM:TO:STEP or KEY=V1,V2,... (repeatable; the last varies fastest)");
  cmd->add_option("--grid-file", o->gridFile,
                  "Axes as JSON: {\"axes\": [{\"key\": K, \"values\": [...]} or {\"key\": K, "
                  "\"from\": A, \"to\": B, \"step\": S}]} (before the --grid axes)");
  cmd->add_option("--jobs", o->jobs, "Threads, 1..256 (the output does not depend on it)")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
  cmd->add_option("--shard", o->shard, "Compute only slice I of N (1-based), e.g. 2/4");
  cmd->add_flag("--resume", o->resume, "Continue the interrupted sweep kept in JSONL.partial");
  cmd->add_flag("--quiet", o->quiet, "No progress on stderr");
  CLI::Option* session = cmd->add_option(
      "--session", o->session,
      "A saved session (.spatten.json) as the base: its model, text, run and hardware "
      "configurations and seed (--set overrides them; --sentences replaces the text)");
  for (const char* name : {"--model", "--workload", "--text", "--text-file", "--config", "--preset",
                           "--generate", "--hw", "--seed"})
    session->excludes(cmd->get_option(name));
  addOutputs(cmd, o->jsonl, o->csv, o->csvOption);
  cmd->callback([o]() { runSweep(*o); });
}

void addSweepMergeCommand(CLI::App& app) {
  struct MergeOptions {
    std::vector<std::string> shards;
    std::string jsonl, csv;
    CLI::Option* csvOption = nullptr;
  };
  auto o = std::make_shared<MergeOptions>();
  CLI::App* cmd = app.add_subcommand(
      "sweep-merge", "Join the JSONL files of sweep shards into the one-process file");
  cmd->add_option("shards", o->shards, "The shards' JSONL files (any order)")->required();
  addOutputs(cmd, o->jsonl, o->csv, o->csvOption);
  cmd->callback([o]() {
    OutputFiles outputs;
    outputs.add("--jsonl", o->jsonl);
    if (o->csvOption->count() > 0) outputs.add("--csv", o->csv);
    const auto [header, rows] = core::mergeSweepFiles(o->shards);
    outputs.write("--jsonl", core::sweepJsonl(header, rows));
    if (o->csvOption->count() > 0) outputs.write("--csv", core::sweepCsv(rows));
    outputs.commit();
  });
}

}  // namespace spatten::cli
