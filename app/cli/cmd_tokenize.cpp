// spatten-cli tokenize --model DIR (--text TEXT | --text-file FILE)
// Prints {"tokens":[{"id":N,"text":"..."}]} on one line to stdout (the text field as in
// spatten::core::Token). Bad input throws spatten::core::Error; main() prints it and exits 1.
#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "app/cli/cli_common.h"
#include "app/cli/commands.h"
#include "core/tokenizer/tokenizer.h"

namespace spatten::cli {

void addTokenizeCommand(CLI::App& app) {
  CLI::App* cmd = app.add_subcommand("tokenize", "Tokenize text with a model directory's tokenizer (GPT-2 or BERT)");
  auto model = std::make_shared<std::string>();
  auto text = std::make_shared<TextInput>();
  cmd->add_option("--model", *model, "Model directory (tokenizer.json, vocab.json + merges.txt, or vocab.txt)")
      ->required();
  addTextOptions(cmd, *text, "UTF-8 text to tokenize (may be empty)");
  cmd->callback([model, text] {
    const std::string input = text->read(/*required=*/true);
    const std::unique_ptr<core::Tokenizer> tok = core::loadTokenizer(*model);
    nlohmann::json tokens = nlohmann::json::array();
    for (const core::Token& t : tok->encode(input))
      tokens.push_back({{"id", t.id}, {"text", t.text}});
    // Token texts are valid UTF-8 by contract; "replace" keeps the dump from throwing anyway.
    const std::string line = nlohmann::json{{"tokens", tokens}}.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    std::fwrite(line.data(), 1, line.size(), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
  });
}

}  // namespace spatten::cli
