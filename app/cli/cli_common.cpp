#include "app/cli/cli_common.h"

#include <fmt/format.h>

#include <charconv>
#include <cstdio>

#include "core/util/error.h"
#include "core/util/file_read.h"
#include "core/util/message_text.h"

namespace spatten::cli {

bool TextInput::given() const {
  return (textOption && textOption->count() > 0) || (fileOption && fileOption->count() > 0);
}

std::string TextInput::read(bool required) const {
  if (fileOption && fileOption->count() > 0) {
    if (file.empty())
      throw core::Error("--text-file", "", "empty path: give a file or - for stdin");
    std::string t = file == "-" ? core::readStream(stdin, core::kTextFileLimit, "<stdin>")
                                : core::readRegularFile(file, core::kTextFileLimit);
    while (!t.empty() && (t.back() == '\n' || t.back() == '\r')) t.pop_back();
    return t;
  }
  if (required && !(textOption && textOption->count() > 0))
    throw core::Error("--text", "", "give --text TEXT or --text-file FILE (- for stdin)");
  return text;
}

void addTextOptions(CLI::App* cmd, TextInput& in, const std::string& what) {
  in.textOption = cmd->add_option("--text", in.text, what);
  in.fileOption = cmd->add_option("--text-file", in.file,
                                  "Read the text from FILE (- = standard input; trailing newlines "
                                  "removed; at most 16 MiB)");
  in.textOption->excludes(in.fileOption);
}

std::uint64_t parseSeed(const std::string& text) {
  std::uint64_t v = 0;
  const auto r = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || r.ec != std::errc() || r.ptr != text.data() + text.size())
    throw core::Error(
        "--seed", "",
        fmt::format("{} is not an integer in 0..18446744073709551615", core::quoteText(text)));
  return v;
}

void checkGenerate(const CLI::Option* option, int value) {
  if (option->count() == 0) return;
  if (value < 0 || value > 4096)
    throw core::Error("--generate", "", fmt::format("{} is out of range; allowed 0..4096", value));
}

std::string jsonText(const nlohmann::json& j) {
  return j.dump() + "\n";
}

}  // namespace spatten::cli
