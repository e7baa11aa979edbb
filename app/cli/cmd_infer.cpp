// `spatten-cli infer`: tokenize a text, run the dense forward pass of a GPT-2 or BERT model and
// write tokens, every head's attention probabilities and the final logits as JSON
// (format in docs/cli.md).
#include <fmt/format.h>

#include <Eigen/Core>
#include <memory>
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <string_view>

#include "app/cli/cli_common.h"
#include "app/cli/commands.h"
#include "app/cli/output_files.h"
#include "core/model/forward.h"
#include "core/model/model.h"
#include "core/session/model_folder.h"
#include "core/tokenizer/tokenizer.h"
#include "core/util/error.h"
#include "core/util/json_number.h"

namespace spatten::cli {
namespace {

struct InferOptions {
  std::string model;
  TextInput text;
  std::string json;
};

// The logits row: the same numbers as a json value (one row of the vocabulary).
nlohmann::json matrixJson(const core::RowMatrix& m) {
  nlohmann::json rows = nlohmann::json::array();
  for (Eigen::Index r = 0; r < m.rows(); ++r) {
    nlohmann::json row = nlohmann::json::array();
    for (Eigen::Index c = 0; c < m.cols(); ++c) row.push_back(core::shortestDecimal(m(r, c)));
    rows.push_back(std::move(row));
  }
  return rows;
}

// One head's probabilities "[[p, ...], ...]" (query rows) into `os`, each the shortest decimal
// that reads back as the same float (keeps the JSON small), in the bytes nlohmann's dump() gives
// that number. `buf` is reused from head to head.
void writeHead(std::ostream& os, fmt::memory_buffer& buf, const core::RowMatrix& m) {
  buf.clear();
  buf.push_back('[');
  for (Eigen::Index r = 0; r < m.rows(); ++r) {
    buf.append(std::string_view(r == 0 ? "[" : ",["));
    for (Eigen::Index c = 0; c < m.cols(); ++c) {
      if (c > 0) buf.push_back(',');
      core::appendJsonDouble(buf, core::shortestDecimal(m(r, c)));
    }
    buf.push_back(']');
  }
  buf.push_back(']');
  os.write(buf.data(), static_cast<std::streamsize>(buf.size()));
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

  // The JSON is written as nlohmann's compact dump() of one object would be (keys in order:
  // attention, logits_last, mask_position, model, tokens). The attention ([layers][heads][query
  // rows]) goes into the output's temporary head by head as the forward pass computes it, so no
  // layer's probabilities are held after it (570 MB of them at 995 tokens of GPT-2 small); the
  // file appears only at commit(). The model and tokens are dumped first: a token that is no
  // valid UTF-8 throws before any forward pass.
  const auto& cfg = model->config();
  const nlohmann::json info = {{"family", core::familyName(model->family())},
                               {"layers", cfg.layers},
                               {"heads", cfg.heads},
                               {"d_model", cfg.dModel},
                               {"vocab", cfg.vocabSize}};
  nlohmann::json toks = nlohmann::json::array();
  for (const auto& t : tokens) toks.push_back({{"id", t.id}, {"text", t.text}});
  const std::string modelAndTokens =
      ",\"model\":" + info.dump() + ",\"tokens\":" + toks.dump() + "}\n";

  std::ostream& os = outputs.open("--json");
  os << "{\"attention\":[";
  fmt::memory_buffer buf;
  int layersWritten = 0;
  core::ForwardOptions opt;
  opt.inputName = "--text";
  opt.keepHeads = false;
  opt.headProbs = [&](int layer, int head, const core::RowMatrix& probs) {
    if (head == 0) {  // a new layer (called in layer, then head order)
      os << (layer == 0 ? "[" : "],[");
      layersWritten = layer + 1;
    } else {
      os.put(',');
    }
    writeHead(os, buf, probs);
  };
  // BERT: the logits of the last [MASK] (maskPositions is empty for GPT-2).
  const int maskPos = encoded.maskPositions.empty() ? -1 : encoded.maskPositions.back();
  if (maskPos >= 0 && model->hasLogits()) opt.logitPositions = {maskPos};
  const core::ForwardTrace trace = core::forward(*model, ids, opt);
  if (layersWritten > 0) os.put(']');
  os << ']';

  // BERT without [MASK] in the text or without an MLM head: null logits.
  os << ",\"logits_last\":"
     << (trace.logits.rows() > 0 ? matrixJson(trace.logits.bottomRows(1))[0] : nlohmann::json())
            .dump();
  if (model->family() == core::Family::Bert)
    os << ",\"mask_position\":"
       << (maskPos >= 0 ? nlohmann::json(maskPos) : nlohmann::json(nullptr)).dump();
  os << modelAndTokens;
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
