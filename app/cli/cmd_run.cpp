// `spatten-cli run`: a functional SpAtten run of a GPT-2 or BERT model on one text: cascade
// token/head pruning, local value pruning, (progressive) quantization, optional generation; writes
// alive sets, importance, requests, DRAM bytes against the dense baseline and fidelity as JSON
// (format in docs/cli.md, "run"), and optionally the official workload CSV.
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <Eigen/Core>
#include <fmt/format.h>

#include "app/cli/cli_common.h"
#include "app/cli/commands.h"
#include "core/model/model.h"
#include "core/spatten/run_config.h"
#include "core/spatten/run_report.h"
#include "core/spatten/workload_convert.h"
#include "core/tokenizer/tokenizer.h"
#include "core/util/error.h"
#include "core/workload/workload_csv.h"

namespace spatten::cli {
namespace {

struct RunCliOptions {
  std::string model;
  std::string text;
  std::string config;
  std::string preset;
  std::vector<std::string> sets;
  int generate = -1;
  bool dumpAttention = false;
  std::string workloadCsv;
  std::string json;
};

core::RunConfig effectiveConfig(const RunCliOptions& o, core::Family family) {
  core::RunConfig cfg;
  if (!o.preset.empty()) {
    cfg = core::presetConfig(o.preset);
  } else if (o.config.empty()) {
    cfg = core::presetConfig(family == core::Family::Gpt2 ? "spatten-gpt2" : "spatten-bert");
  }
  if (!o.config.empty()) cfg = core::loadConfigFile(o.config, cfg);
  for (const std::string& s : o.sets) core::applySet(cfg, s);
  if (o.generate >= 0) core::applySet(cfg, fmt::format("generate={}", o.generate));
  return cfg;
}

void runRun(const RunCliOptions& o) {
  Eigen::setNbThreads(1);
  if (!o.config.empty() && !o.preset.empty())
    throw core::Error("--config", "", "use either --config or --preset, not both");
  const auto model = core::Model::load(o.model);
  const auto tokenizer = core::loadTokenizer(o.model);
  const std::string family = core::familyName(model->family());
  if (tokenizer->family() != family)
    throw core::Error(o.model, "model_type",
                      fmt::format("the tokenizer is {} but config.json says {}", tokenizer->family(), family));
  const core::RunConfig cfg = effectiveConfig(o, model->family());

  const std::vector<core::Token> tokens = tokenizer->encode(o.text);
  std::vector<int> ids;
  core::ReportJsonOptions jo;
  for (const auto& t : tokens) {
    ids.push_back(t.id);
    jo.tokenTexts.push_back(t.text);
  }
  std::vector<int> maskPositions;
  if (model->family() == core::Family::Bert)
    if (const auto mask = tokenizer->specialId("[MASK]"))
      for (std::size_t i = 0; i < ids.size(); ++i)
        if (ids[i] == *mask) maskPositions.push_back(static_cast<int>(i));

  core::RunOptions ro;
  ro.inputName = "--text";
  ro.recordAttention = o.dumpAttention;
  const core::RunReport rep = core::runReport(*model, ids, cfg, ro, maskPositions);

  jo.dumpAttention = o.dumpAttention;
  jo.modelName = std::filesystem::path(o.model).filename().string();
  if (jo.modelName.empty()) jo.modelName = std::filesystem::path(o.model).parent_path().filename().string();
  nlohmann::ordered_json out = core::reportToJson(rep, jo);
  nlohmann::ordered_json gen = nlohmann::ordered_json::array();
  for (int id : rep.pruned.generatedIds) gen.push_back(tokenizer->tokenText(id));
  out["generated_text"] = gen;
  if (!o.workloadCsv.empty()) {
    const core::Workload w = core::toWorkload(rep.pruned, jo.modelName);
    writeTextFile(o.workloadCsv, core::workloadToCsv(w));
  }
  // nlohmann::json sorts keys: the file is byte-identical for the same configuration and seed.
  writeJsonFile(o.json, nlohmann::json::parse(out.dump()));
}

}  // namespace

void addRunCommand(CLI::App& app) {
  auto opts = std::make_shared<RunCliOptions>();
  CLI::App* cmd = app.add_subcommand(
      "run", "Functional SpAtten run (cascade pruning, local V pruning, progressive quantization)");
  cmd->add_option("--model", opts->model, "Model directory (Hugging Face layout)")->required();
  cmd->add_option("--text", opts->text, "Input text (GPT-2 prompt or BERT sentence)")->required();
  cmd->add_option("--config", opts->config, "Run configuration JSON (docs/run-config.md)");
  cmd->add_option("--preset", opts->preset, "Preset: dense, spatten-bert, spatten-gpt2");
  cmd->add_option("--set", opts->sets, "Override one field: key=value (repeatable)");
  cmd->add_option("--generate", opts->generate, "GPT-2 generation iterations (overrides the config)");
  cmd->add_flag("--dump-attention", opts->dumpAttention,
                "Include the attention probabilities actually used (every request)");
  cmd->add_option("--workload-csv", opts->workloadCsv, "Also write the request stream as RTL workload CSV");
  cmd->add_option("--json", opts->json, "Output JSON file")->required();
  cmd->callback([opts]() { runRun(*opts); });
}

}  // namespace spatten::cli
