// `spatten-cli infer`: tokenize a text, run the dense forward pass of a GPT-2 or BERT model and
// write tokens, every head's attention probabilities and the final logits as JSON
// (format in docs/cli.md).
#include <fmt/format.h>

#include <Eigen/Core>
#include <cstdlib>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "app/cli/cli_common.h"
#include "app/cli/commands.h"
#include "app/cli/output_files.h"
#include "core/model/forward.h"
#include "core/model/model.h"
#include "core/session/model_folder.h"
#include "core/tokenizer/tokenizer.h"
#include "core/util/error.h"

namespace spatten::cli {
namespace {

struct InferOptions {
  std::string model;
  TextInput text;
  std::string json;
};

// The shortest decimal that reads back as the same float (keeps the JSON small).
double tidy(float v) { return std::strtod(fmt::format("{}", v).c_str(), nullptr); }

nlohmann::json matrixJson(const core::RowMatrix& m) {
  nlohmann::json rows = nlohmann::json::array();
  for (Eigen::Index r = 0; r < m.rows(); ++r) {
    nlohmann::json row = nlohmann::json::array();
    for (Eigen::Index c = 0; c < m.cols(); ++c) row.push_back(tidy(m(r, c)));
    rows.push_back(std::move(row));
  }
  return rows;
}

void runInfer(const InferOptions& o) {
  Eigen::setNbThreads(1);
  OutputFiles outputs;  // validated before any work
  outputs.add("--json", o.json);
  const std::string text = o.text.read(/*required=*/true);
  const core::ModelFolder folder = core::loadModelFolder(o.model);
  const auto& model = folder.model;
  const auto& tokenizer = folder.tokenizer;
  const core::EncodedText encoded = core::encodeText(*model, *tokenizer, text);
  const std::vector<core::Token>& tokens = encoded.tokens;
  const std::vector<int>& ids = encoded.ids;

  core::ForwardOptions opt;
  opt.inputName = "--text";
  // BERT: the logits of the last [MASK] (maskPositions is empty for GPT-2).
  const int maskPos = encoded.maskPositions.empty() ? -1 : encoded.maskPositions.back();
  if (maskPos >= 0 && model->hasLogits()) opt.logitPositions = {maskPos};
  const core::ForwardTrace trace = core::forward(*model, ids, opt);

  const auto& cfg = model->config();
  nlohmann::json out;
  out["model"] = {{"family", core::familyName(model->family())},
                  {"layers", cfg.layers},
                  {"heads", cfg.heads},
                  {"d_model", cfg.dModel},
                  {"vocab", cfg.vocabSize}};
  nlohmann::json toks = nlohmann::json::array();
  for (const auto& t : tokens) toks.push_back({{"id", t.id}, {"text", t.text}});
  out["tokens"] = std::move(toks);
  nlohmann::json attention = nlohmann::json::array();
  for (const auto& layer : trace.layers) {
    nlohmann::json heads = nlohmann::json::array();
    for (const auto& h : layer.heads) heads.push_back(matrixJson(h.probs));
    attention.push_back(std::move(heads));
  }
  out["attention"] = std::move(attention);
  if (trace.logits.rows() > 0)
    out["logits_last"] = matrixJson(trace.logits.bottomRows(1))[0];
  else
    out["logits_last"] = nullptr;  // BERT without [MASK] in the text or without an MLM head
  if (model->family() == core::Family::Bert)
    out["mask_position"] = maskPos >= 0 ? nlohmann::json(maskPos) : nlohmann::json(nullptr);
  outputs.write("--json", jsonText(out));
  outputs.commit();
}

}  // namespace

void addInferCommand(CLI::App& app) {
  auto opts = std::make_shared<InferOptions>();
  CLI::App* cmd = app.add_subcommand(
      "infer", "Run the dense forward pass; write tokens, attention and logits as JSON");
  cmd->add_option("--model", opts->model,
                  "Model directory (config.json, model.safetensors, tokenizer files)")
      ->required();
  addTextOptions(cmd, opts->text, "Input text (UTF-8)");
  cmd->add_option("--json", opts->json, "Output JSON file (written atomically)")->required();
  cmd->callback([opts] { runInfer(*opts); });
}

}  // namespace spatten::cli
