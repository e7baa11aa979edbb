// spatten-cli tokenize --model DIR --text TEXT
// Prints {"tokens":[{"id":N,"text":"..."}]} on one line to stdout (the text field as in
// spatten::core::Token). Bad input throws spatten::core::Error; main() prints it and exits 1.
#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "app/cli/commands.h"
#include "core/tokenizer/tokenizer.h"

namespace spatten::cli {

void addTokenizeCommand(CLI::App& app) {
  CLI::App* cmd = app.add_subcommand("tokenize", "Tokenize text with a model directory's tokenizer (GPT-2 or BERT)");
  auto model = std::make_shared<std::string>();
  auto text = std::make_shared<std::string>();
  cmd->add_option("--model", *model, "Model directory (tokenizer.json, vocab.json + merges.txt, or vocab.txt)")
      ->required();
  cmd->add_option("--text", *text, "UTF-8 text to tokenize (may be empty)")->required();
  cmd->callback([model, text] {
    const std::unique_ptr<core::Tokenizer> tok = core::loadTokenizer(*model);
    nlohmann::json tokens = nlohmann::json::array();
    for (const core::Token& t : tok->encode(*text)) tokens.push_back({{"id", t.id}, {"text", t.text}});
    // Token texts are valid UTF-8 by contract; "replace" keeps the dump from throwing anyway.
    const std::string line = nlohmann::json{{"tokens", tokens}}.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    std::fwrite(line.data(), 1, line.size(), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
  });
}

}  // namespace spatten::cli
