// loadTokenizer: finds and parses the tokenizer files of a model directory (see tokenizer.h).
#include <fmt/format.h>

#include <map>
#include <nlohmann/json.hpp>

#include "core/tokenizer/bert_tokenizer.h"
#include "core/tokenizer/gpt2_tokenizer.h"
#include "core/tokenizer/tokenizer.h"
#include "core/tokenizer/unicode.h"
#include "core/util/error.h"
#include "core/util/file_read.h"
#include "core/util/json_read.h"
#include "core/util/message_text.h"

namespace spatten::core {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const char* const kBertSpecials[] = {"[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"};
const char* const kGpt2Specials[] = {"<|endoftext|>"};

// Where the tokenizer files come from: a model directory (regular files only, at most 64 MiB
// each: a FIFO or /dev/zero is an error, not a hang) or a map of file name -> content (fuzzing).
class Source {
public:
  Source(fs::path dir, const std::map<std::string, std::string>* memory)
      : m_dir(std::move(dir)), m_memory(memory) {}
  fs::path path(const char* name) const { return m_dir / name; }
  bool has(const char* name) const {
    return m_memory ? m_memory->count(name) != 0 : fs::exists(path(name));
  }
  std::string read(const char* name) const {
    if (!m_memory) return readRegularFile(path(name), kTokenizerFileLimit);
    const auto it = m_memory->find(name);
    if (it == m_memory->end()) throw Error(path(name).string(), "", "cannot open: no such file");
    return it->second;
  }
  // Depth-bounded, duplicate keys rejected (json_read.h).
  json readJson(const char* name) const { return parseJson(read(name), path(name).string()); }

private:
  fs::path m_dir;
  const std::map<std::string, std::string>* m_memory;
};

std::vector<std::string> splitLines(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(std::move(line));
    start = end + 1;
  }
  return lines;
}

bool isValidUtf8(const std::string& s) {
  for (std::size_t pos = 0; pos < s.size();) {
    char32_t cp = 0;
    bool valid = false;
    pos += unicode::decodeOne(s, pos, cp, &valid);
    if (!valid) return false;
  }
  return true;
}

std::optional<bool> optionalBool(const json& obj, const char* key, const fs::path& file, const std::string& field) {
  if (!obj.is_object() || !obj.contains(key) || obj[key].is_null()) return std::nullopt;
  if (!obj[key].is_boolean()) throw Error(file.string(), field, "expected true, false or null");
  return obj[key].get<bool>();
}

int idValue(const json& v, const fs::path& file, const std::string& field) {
  const bool inRange = v.is_number_unsigned()
                           ? v.get<std::uint64_t>() < kMaxTokenIds
                           : v.is_number_integer() && v.get<std::int64_t>() >= 0 &&
                                 v.get<std::int64_t>() < kMaxTokenIds;
  if (!inRange) {
    throw Error(file.string(), field,
                fmt::format("id must be an integer in 0..{} (the vocabulary limit), got {}",
                            kMaxTokenIds - 1, describeJson(v)));
  }
  return v.get<int>();
}

std::unordered_map<std::string, int> vocabObject(const json& v, const fs::path& file, const std::string& field) {
  if (!v.is_object()) throw Error(file.string(), field, "expected an object mapping token -> id");
  std::unordered_map<std::string, int> vocab;
  for (const auto& [token, id] : v.items()) {
    vocab[token] = idValue(id, file, field.empty() ? token : field + "[\"" + token + "\"]");
  }
  return vocab;
}

// tokenizer.json added_tokens: all of them are cut out of the text verbatim.
std::vector<SpecialToken> addedTokens(const json& root, const fs::path& file) {
  std::vector<SpecialToken> out;
  if (!root.contains("added_tokens") || root["added_tokens"].is_null()) return out;
  const json& arr = root["added_tokens"];
  if (!arr.is_array()) throw Error(file.string(), "added_tokens", "expected an array");
  for (std::size_t i = 0; i < arr.size(); ++i) {
    const std::string field = fmt::format("added_tokens[{}]", i);
    if (!arr[i].is_object() || !arr[i].contains("content") || !arr[i]["content"].is_string() ||
        !arr[i].contains("id")) {
      throw Error(file.string(), field, "expected {\"id\": N, \"content\": \"...\"}");
    }
    out.push_back({arr[i]["content"].get<std::string>(), idValue(arr[i]["id"], file, field + ".id")});
  }
  return out;
}

std::vector<SpecialToken> knownSpecials(const std::unordered_map<std::string, int>& vocab, bool bert) {
  std::vector<SpecialToken> out;
  const auto add = [&](const char* name) {
    if (const auto it = vocab.find(name); it != vocab.end()) out.push_back({name, it->second});
  };
  if (bert) {
    for (const char* name : kBertSpecials) add(name);
  } else {
    for (const char* name : kGpt2Specials) add(name);
  }
  return out;
}

std::unique_ptr<Tokenizer> makeBert(std::unordered_map<std::string, int> vocab,
                                    std::vector<SpecialToken> specials, BertOptions opts,
                                    const Source& src, const std::string& source) {
  // tokenizer_config.json overrides the defaults / tokenizer.json normalizer settings.
  const fs::path cfgPath = src.path("tokenizer_config.json");
  if (src.has("tokenizer_config.json")) {
    const json cfg = src.readJson("tokenizer_config.json");
    if (const auto v = optionalBool(cfg, "do_lower_case", cfgPath, "do_lower_case")) {
      opts.lowerCase = *v;
      opts.stripAccents = *v;
    }
    if (cfg.is_object() && cfg.contains("strip_accents") && !cfg["strip_accents"].is_null()) {
      opts.stripAccents = *optionalBool(cfg, "strip_accents", cfgPath, "strip_accents");
    }
    if (const auto v = optionalBool(cfg, "tokenize_chinese_chars", cfgPath, "tokenize_chinese_chars")) {
      opts.tokenizeChineseChars = *v;
    }
  }
  int maxId = -1;
  for (const auto& [t, id] : vocab) maxId = std::max(maxId, id);
  for (const SpecialToken& s : specials) maxId = std::max(maxId, s.id);
  std::vector<std::string> idToToken(static_cast<std::size_t>(maxId + 1));
  for (const auto& [t, id] : vocab) idToToken[static_cast<std::size_t>(id)] = t;
  for (const SpecialToken& s : specials) idToToken[static_cast<std::size_t>(s.id)] = s.text;
  if (specials.empty()) specials = knownSpecials(vocab, true);
  return std::make_unique<BertTokenizer>(std::move(idToToken), std::move(specials), std::move(opts), source);
}

std::unique_ptr<Tokenizer> loadBertVocabTxt(const Source& src) {
  const fs::path path = src.path("vocab.txt");
  const std::vector<std::string> lines = splitLines(src.read("vocab.txt"));
  if (lines.size() > static_cast<std::size_t>(kMaxTokenIds)) {
    throw Error(path.string(), fmt::format("line {}", kMaxTokenIds + 1),
                fmt::format("more than {} lines (the vocabulary limit; the line number is the id)",
                            kMaxTokenIds));
  }
  std::unordered_map<std::string, int> vocab;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (!isValidUtf8(lines[i])) throw Error(path.string(), fmt::format("line {}", i + 1), "not valid UTF-8");
    if (!lines[i].empty()) vocab[lines[i]] = static_cast<int>(i);
  }
  if (vocab.empty()) throw Error(path.string(), "", "empty vocabulary");
  return makeBert(std::move(vocab), {}, BertOptions{}, src, path.string());
}

std::unique_ptr<Tokenizer> loadGpt2Files(const Source& src) {
  const fs::path vocabPath = src.path("vocab.json");
  const fs::path mergesPath = src.path("merges.txt");
  const json root = src.readJson("vocab.json");
  std::unordered_map<std::string, int> vocab = vocabObject(root, vocabPath, "");
  if (!src.has("merges.txt"))
    throw Error(mergesPath.string(), "", "missing file (needed with vocab.json)");
  const std::vector<std::string> lines = splitLines(src.read("merges.txt"));
  std::vector<Gpt2Merge> merges;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::string& line = lines[i];
    if (line.empty() || (i == 0 && line.rfind("#version", 0) == 0)) continue;
    const std::string where = fmt::format("line {}", i + 1);
    const std::size_t space = line.find(' ');
    if (space == std::string::npos || space == 0 || space + 1 >= line.size() ||
        line.find_first_of(" \t", space + 1) != std::string::npos || !isValidUtf8(line)) {
      throw Error(mergesPath.string(), where,
                  fmt::format("bad merge line {} (expected \"left right\")", quoteText(line)));
    }
    merges.push_back({line.substr(0, space), line.substr(space + 1), where});
  }
  std::vector<SpecialToken> specials = knownSpecials(vocab, false);
  return std::make_unique<Gpt2Tokenizer>(vocab, merges, std::move(specials), vocabPath.string(), mergesPath.string());
}

std::unique_ptr<Tokenizer> loadTokenizerJson(const Source& src, const std::string& family) {
  const fs::path path = src.path("tokenizer.json");
  const json root = src.readJson("tokenizer.json");
  if (!root.is_object() || !root.contains("model") || !root["model"].is_object()) {
    throw Error(path.string(), "model", "missing or not an object");
  }
  const json& model = root["model"];
  if (!model.contains("type") || !model["type"].is_string()) throw Error(path.string(), "model.type", "missing");
  const std::string type = model["type"].get<std::string>();
  if (type != "BPE" && type != "WordPiece") {
    throw Error(
        path.string(), "model.type",
        fmt::format("unsupported model type {} (expected BPE or WordPiece)", quoteText(type)));
  }
  const std::string fileFamily = type == "BPE" ? "gpt2" : "bert";
  if (!family.empty() && family != fileFamily) {
    throw Error(
        src.path("config.json").string(), "model_type",
        fmt::format("{} does not match tokenizer.json's {} model", quoteText(family), type));
  }
  if (!model.contains("vocab")) throw Error(path.string(), "model.vocab", "missing");
  std::unordered_map<std::string, int> vocab = vocabObject(model["vocab"], path, "model.vocab");
  std::vector<SpecialToken> specials = addedTokens(root, path);

  if (type == "WordPiece") {
    BertOptions opts;
    if (model.contains("unk_token") && model["unk_token"].is_string()) opts.unkToken = model["unk_token"];
    if (model.contains("continuing_subword_prefix") && model["continuing_subword_prefix"].is_string()) {
      opts.continuationPrefix = model["continuing_subword_prefix"];
    }
    if (model.contains("max_input_chars_per_word") &&
        !model["max_input_chars_per_word"].is_null()) {
      const json& m = model["max_input_chars_per_word"];
      if (!m.is_number_unsigned() || m.get<std::uint64_t>() < 1 ||
          m.get<std::uint64_t>() > kMaxWordpieceChars) {
        throw Error(path.string(), "model.max_input_chars_per_word",
                    fmt::format("{} is out of range; allowed 1..{} (HF's default is 100)",
                                describeJson(m), kMaxWordpieceChars));
      }
      opts.maxCharsPerWord = m.get<std::size_t>();
    }
    if (root.contains("normalizer") && root["normalizer"].is_object()) {
      const json& n = root["normalizer"];
      // A present type must be a string: json::value() would throw an uncaught type_error.
      if (n.contains("type") && !n["type"].is_string())
        throw Error(path.string(), "normalizer.type", "not a string");
      if (n.value("type", "") == "BertNormalizer") {
        opts.lowerCase = optionalBool(n, "lowercase", path, "normalizer.lowercase").value_or(true);
        opts.stripAccents = optionalBool(n, "strip_accents", path, "normalizer.strip_accents").value_or(opts.lowerCase);
        opts.tokenizeChineseChars =
            optionalBool(n, "handle_chinese_chars", path, "normalizer.handle_chinese_chars").value_or(true);
      }
    }
    return makeBert(std::move(vocab), std::move(specials), std::move(opts), src, path.string());
  }

  if (!model.contains("merges") || !model["merges"].is_array()) {
    throw Error(path.string(), "model.merges", "missing or not an array");
  }
  std::vector<Gpt2Merge> merges;
  const json& arr = model["merges"];
  for (std::size_t i = 0; i < arr.size(); ++i) {
    const std::string where = fmt::format("model.merges[{}]", i);
    const json& m = arr[i];
    if (m.is_string()) {
      const std::string s = m.get<std::string>();
      const std::size_t space = s.find(' ');
      if (space == std::string::npos || space == 0 || space + 1 >= s.size() || s.find(' ', space + 1) != std::string::npos) {
        throw Error(path.string(), where,
                    fmt::format("bad merge {} (expected \"left right\")", quoteText(s)));
      }
      merges.push_back({s.substr(0, space), s.substr(space + 1), where});
    } else if (m.is_array() && m.size() == 2 && m[0].is_string() && m[1].is_string()) {
      merges.push_back({m[0].get<std::string>(), m[1].get<std::string>(), where});
    } else {
      throw Error(path.string(), where, "expected \"left right\" or [\"left\", \"right\"]");
    }
  }
  if (specials.empty()) specials = knownSpecials(vocab, false);
  return std::make_unique<Gpt2Tokenizer>(vocab, merges, std::move(specials), path.string(), path.string());
}

std::unique_ptr<Tokenizer> loadFrom(const Source& src, const std::string& dirName) {
  std::string family;
  const fs::path configPath = src.path("config.json");
  if (src.has("config.json")) {
    const json config = src.readJson("config.json");
    if (config.is_object() && config.contains("model_type")) {
      if (!config["model_type"].is_string()) throw Error(configPath.string(), "model_type", "expected a string");
      family = config["model_type"].get<std::string>();
      if (family != "gpt2" && family != "bert") {
        throw Error(
            configPath.string(), "model_type",
            fmt::format("unsupported model type {} (expected gpt2 or bert)", quoteText(family)));
      }
    }
  }
  if (src.has("tokenizer.json")) return loadTokenizerJson(src, family);
  if (family != "bert" && src.has("vocab.json")) return loadGpt2Files(src);
  if (family != "gpt2" && src.has("vocab.txt")) return loadBertVocabTxt(src);
  const char* expected = family == "gpt2"   ? "tokenizer.json, or vocab.json + merges.txt"
                         : family == "bert" ? "tokenizer.json or vocab.txt"
                                            : "tokenizer.json, vocab.json + merges.txt, or vocab.txt";
  throw Error(dirName, "", fmt::format("no tokenizer files (expected {})", expected));
}

}  // namespace

std::unique_ptr<Tokenizer> loadTokenizer(const fs::path& modelDir) {
  if (!fs::is_directory(modelDir)) throw Error(modelDir.string(), "", "model directory not found");
  return loadFrom(Source(modelDir, nullptr), modelDir.string());
}

std::unique_ptr<Tokenizer> loadTokenizerFromMemory(const std::map<std::string, std::string>& files,
                                                   const std::string& dirName) {
  return loadFrom(Source(dirName, &files), dirName);
}

}  // namespace spatten::core
