#pragma once
// Helpers shared by the CLI subcommands: text input (--text / --text-file / stdin) and the strict
// parsing of options CLI11 would convert loosely (--seed, --generate).

#include <CLI/CLI.hpp>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

namespace spatten::cli {

// --text TEXT or --text-file FILE ("-" = standard input), exactly one of them.
struct TextInput {
  std::string text;
  std::string file;
  CLI::Option* textOption = nullptr;
  CLI::Option* fileOption = nullptr;

  // The text to use. A file (or stdin) is read whole, at most core::kTextFileLimit bytes, with
  // its trailing newlines removed as the shell's "$(cat FILE)" does. Throws core::Error naming
  // the option or file; "--text: give --text TEXT or --text-file FILE" when `required` and
  // neither was given.
  std::string read(bool required) const;
  bool given() const;
};

// Adds --text and --text-file (mutually exclusive) to `cmd`.
void addTextOptions(CLI::App* cmd, TextInput& in, const std::string& what);

// --seed N: a decimal integer in 0..2^64-1 (CLI11 wrapped "-1" and saturated "2^64").
std::uint64_t parseSeed(const std::string& text);

// --generate N: 0..4096 as in the run configuration; `option` is the CLI11 option (to tell
// "not given" from a negative value). Throws core::Error("--generate", "", ...).
void checkGenerate(const CLI::Option* option, int value);

// A JSON document as written to files: compact, one trailing newline.
std::string jsonText(const nlohmann::json& j);

}  // namespace spatten::cli
