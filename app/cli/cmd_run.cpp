// `spatten-cli run`: a functional SpAtten run of a GPT-2 or BERT model on one text: cascade
// token/head pruning, local value pruning, (progressive) quantization, optional generation; writes
// alive sets, importance, requests, DRAM bytes against the dense baseline and fidelity as JSON
// (format in docs/cli.md, "run"), and optionally the official workload CSV.
#include <memory>
#include <string>
#include <vector>

#include "app/cli/cli_common.h"
#include "app/cli/commands.h"
#include "app/cli/functional_input.h"
#include "app/cli/output_files.h"
#include "core/functional/run_report.h"
#include "core/functional/workload_convert.h"
#include "core/workload/workload_csv.h"

namespace spatten::cli {
namespace {

struct RunCliOptions {
  FunctionalInput in;
  TextInput text;
  CLI::Option* generate = nullptr;
  bool dumpAttention = false;
  std::string workloadCsv;
  CLI::Option* workloadCsvOption = nullptr;
  std::string json;
};

void runRun(const RunCliOptions& o) {
  OutputFiles outputs;  // every output validated before any work
  outputs.add("--json", o.json);
  if (o.workloadCsvOption->count() > 0) outputs.add("--workload-csv", o.workloadCsv);
  checkGenerate(o.generate, o.in.generate);
  FunctionalInput in = o.in;
  in.text = o.text.read(/*required=*/true);
  const FunctionalRun fr = runFunctional(in, o.dumpAttention);
  const core::RunReport& rep = fr.report;
  core::ReportJsonOptions jo;
  for (const auto& t : fr.tokens) jo.tokenTexts.push_back(t.text);
  jo.modelName = fr.modelName;
  nlohmann::ordered_json out = core::reportToJson(rep, jo);
  nlohmann::ordered_json gen = nlohmann::ordered_json::array();
  for (int id : rep.pruned.generatedIds) gen.push_back(fr.tokenizer->tokenText(id));
  out["generated_text"] = gen;
  if (o.workloadCsvOption->count() > 0) {
    const core::Workload w = core::toWorkload(rep.pruned, jo.modelName);
    outputs.write("--workload-csv", core::workloadToCsv(w));
  }
  core::writeRunJson(outputs.open("--json"), out, rep.pruned, o.dumpAttention);
  outputs.commit();
}

}  // namespace

void addRunCommand(CLI::App& app) {
  auto opts = std::make_shared<RunCliOptions>();
  CLI::App* cmd = app.add_subcommand(
      "run", "Functional SpAtten run (cascade pruning, local V pruning, progressive quantization)");
  cmd->add_option("--model", opts->in.model, "Model directory (Hugging Face layout)")->required();
  addTextOptions(cmd, opts->text, "Input text (GPT-2 prompt or BERT sentence)");
  cmd->add_option("--config", opts->in.config, "Run configuration JSON (docs/run-config.md)");
  cmd->add_option("--preset", opts->in.preset, "Preset: dense, spatten-bert, spatten-gpt2");
  cmd->add_option("--set", opts->in.sets, "Override one field: key=value (repeatable)");
  opts->generate = cmd->add_option("--generate", opts->in.generate,
                                   "GPT-2 generation iterations, 0..4096 (overrides the config)");
  cmd->add_flag("--dump-attention", opts->dumpAttention,
                "Include the attention probabilities actually used (every request)");
  opts->workloadCsvOption = cmd->add_option("--workload-csv", opts->workloadCsv,
                                            "Also write the request stream as RTL workload CSV");
  cmd->add_option("--json", opts->json, "Output JSON file")->required();
  cmd->callback([opts]() { runRun(*opts); });
}

}  // namespace spatten::cli
