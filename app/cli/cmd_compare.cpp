// `spatten-cli compare`: SpAtten's cascade and the KV-cache policies at equal KV budget on a
// held-out text: fidelity, keys fetched, DRAM bytes by kind and stage, and the cycles and energy
// of each request stream through the cycle simulator (core/functional/policy_compare.h; format in
// docs/cli.md, "compare"; the table of the bundled GPT-2 in docs/policies.md).
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
#include "app/cli/output_files.h"
#include "core/config/assign.h"
#include "core/functional/policy_compare.h"
#include "core/session/model_folder.h"
#include "core/tokenizer/tokenizer.h"
#include "core/util/error.h"
#include "core/util/file_read.h"

namespace spatten::cli {
namespace {

struct CompareCliOptions {
  std::string model;
  std::string textFile;
  std::string policies = "spatten,h2o,streaming,tova,quest,snapkv";
  std::string budgets = "0.2,0.3,0.5";
  std::string preset;
  std::string config;
  std::vector<std::string> sets;  // run keys, or hw.* keys for the simulator
  std::string hw = "spatten";
  int window = 256;
  int prompt = 224;
  int windows = 64;
  bool noSimulate = false;
  bool quiet = false;
  std::string seed = "1";  // parsed strictly by parseSeed (CLI11 wraps "-1")
  std::string json;
};

std::vector<std::string> splitList(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream ss(s);
  for (std::string item; std::getline(ss, item, ',');)
    if (!item.empty()) out.push_back(item);
  return out;
}

std::vector<double> parseBudgets(const std::string& s) {
  std::vector<double> out;
  for (const std::string& item : splitList(s)) {
    std::size_t used = 0;
    double v = 0.0;
    try {
      v = std::stod(item, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used != item.size()) throw core::Error("--budget", item, "not a number");
    out.push_back(v);
  }
  return out;
}

// The numerics every row shares: the dense DRAM baseline's static 12-bit Q, K and V, nothing
// pruned, unless --preset / --config say otherwise (--set is applied by runCompare).
core::RunConfig baseConfig(const CompareCliOptions& o) {
  if (!o.preset.empty() && !o.config.empty())
    throw core::Error("--config", "", "use either --config or --preset, not both");
  core::RunConfig c = core::presetConfig("dense");
  c.k_msb_bits = 12;
  c.k_lsb_bits = 0;
  c.v_bits = 12;
  c.q_bits = 12;
  if (!o.preset.empty()) c = core::presetConfig(o.preset);
  if (!o.config.empty()) c = core::loadConfigFile(o.config, c);
  return c;
}

void runCompare(const CompareCliOptions& o) {
  Eigen::setNbThreads(1);
  OutputFiles outputs;  // validated before any work; written whole or not at all
  outputs.add("--json", o.json);
  const std::uint64_t seed = parseSeed(o.seed);
  const std::string text = core::readRegularFile(o.textFile, core::kTextFileLimit);
  const core::ModelFolder folder = core::loadModelFolder(o.model);
  const auto& model = folder.model;
  const auto& tokenizer = folder.tokenizer;
  core::CompareOptions co;
  co.policies = splitList(o.policies);
  co.budgets = parseBudgets(o.budgets);
  co.base = baseConfig(o);
  co.windowTokens = o.window;
  co.promptTokens = o.prompt;
  co.maxWindows = o.windows;
  co.simulate = !o.noSimulate;
  co.seed = seed;
  co.hw = core::HwConfig::load(o.hw);
  for (const std::string& s : o.sets) core::applyParameter(s, &co.base, &co.hw);
  std::vector<int> ids = core::encodeText(*model, *tokenizer, text).ids;
  if (model->family() == core::Family::Bert) {  // the windows get their own [CLS] ... [SEP]
    co.bertCls = tokenizer->specialId("[CLS]").value_or(-1);
    co.bertSep = tokenizer->specialId("[SEP]").value_or(-1);
    if (co.bertCls < 0 || co.bertSep < 0)
      throw core::Error(o.model, "vocab.txt", "no [CLS] / [SEP] token");
    if (ids.size() >= 2) ids = std::vector<int>(ids.begin() + 1, ids.end() - 1);
  }
  const auto progress = [&](const std::string& line) {
    if (!o.quiet) std::fprintf(stderr, "%s\n", line.c_str());
  };
  const core::CompareResult res = core::comparePolicies(*model, ids, co, progress);
  nlohmann::ordered_json j = core::compareToJson(res, co);
  j["model"]["name"] = folder.name;
  j["text"]["file"] = std::filesystem::path(o.textFile).filename().string();
  outputs.write("--json", jsonText(nlohmann::json::parse(j.dump())));  // sorted keys
  outputs.commit();
}

}  // namespace

void addCompareCommand(CLI::App& app) {
  auto o = std::make_shared<CompareCliOptions>();
  CLI::App* cmd = app.add_subcommand(
      "compare", "SpAtten and KV-cache policies at equal KV budget on a held-out text");
  cmd->add_option("--model", o->model, "Model directory (Hugging Face layout)")->required();
  cmd->add_option("--text-file", o->textFile, "Held-out text (UTF-8)")->required();
  cmd->add_option("--policies", o->policies,
                  "Comma list of spatten, streaming, h2o, tova, quest, snapkv, oracle")
      ->capture_default_str();
  cmd->add_option("--budget", o->budgets, "Comma list of KV budgets in (0, 1]")
      ->capture_default_str();
  cmd->add_option("--window", o->window, "Tokens per window (prompt + generation)")
      ->capture_default_str();
  cmd->add_option("--prompt", o->prompt,
                  "GPT-2: prompt tokens per window; the rest are "
                  "teacher-forced generation steps")
      ->capture_default_str();
  cmd->add_option("--windows", o->windows, "Windows of the text used (0 = all)")
      ->capture_default_str();
  cmd->add_option("--preset", o->preset,
                  "Numerics shared by every row (default: dense, static "
                  "12-bit Q/K/V)");
  cmd->add_option("--config", o->config, "Run configuration JSON shared by every row");
  cmd->add_option("--set", o->sets,
                  "Override: run key=value (sink=2, page=8, value_keep=0.5) "
                  "or hw.key=value (repeatable)");
  cmd->add_option("--hw", o->hw, "Hardware of the simulations: spatten | spatten-1of8 | FILE")
      ->capture_default_str();
  cmd->add_option("--seed", o->seed, "Seed of the simulator's random choices")
      ->capture_default_str();
  cmd->add_flag("--no-simulate", o->noSimulate, "Skip the cycle simulations (no cycles/energy)");
  cmd->add_flag("--quiet", o->quiet, "No progress lines on stderr");
  cmd->add_option("--json", o->json, "Output JSON file")->required();
  cmd->callback([o]() { runCompare(*o); });
}

}  // namespace spatten::cli
