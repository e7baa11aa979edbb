#pragma once
// Text tokenizers for the supported model families: GPT-2 byte-level BPE and BERT WordPiece.
// A Tokenizer is immutable after loading; encode/decode may be called from several threads at
// once (the GPT-2 BPE cache is internally locked).

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace spatten::core {

// Token ids are below this bound in every tokenizer file (the largest real vocabularies hold
// about 256k tokens). Tables are indexed by id, so the bound caps what a small hostile file can
// make the loader allocate (an id of 10^8 in a 5.8 KB vocab.json took 6.25 GB).
inline constexpr int kMaxTokenIds = 1 << 20;

struct Token {
  int id;
  // What a person reads. GPT-2: the token's bytes as UTF-8 (bytes that are not valid UTF-8 on
  // their own shown as U+FFFD); BERT: the vocabulary string (e.g. "##ing", "[CLS]").
  std::string text;
};

class Tokenizer {
public:
  virtual ~Tokenizer() = default;
  // Text is UTF-8 (ill-formed bytes are tolerated: GPT-2 keeps the bytes, BERT drops them).
  // BERT wraps the result in [CLS] ... [SEP]; GPT-2 adds nothing. Special-token strings in the
  // text (e.g. "[MASK]", "<|endoftext|>") map to their ids and are never split. Empty text gives
  // [] (GPT-2) or [CLS][SEP] (BERT).
  virtual std::vector<Token> encode(std::string_view text) const = 0;
  // Throws Error for ids outside [0, vocabSize()).
  virtual std::string decode(const std::vector<int>& ids) const = 0;
  virtual int vocabSize() const = 0;
  virtual std::string tokenText(int id) const = 0;  // "" for ids not in the vocabulary
  // The token's raw bytes, not sanitized: GPT-2 byte tokens may be invalid UTF-8 on their own
  // (the GUI shows those as <0xNN>). Default: tokenText(id). "" for ids not in the vocabulary.
  virtual std::string tokenBytes(int id) const { return tokenText(id); }
  // "[CLS]", "[SEP]", "[MASK]", "[PAD]", "[UNK]", "<|endoftext|>"; nullopt if absent.
  virtual std::optional<int> specialId(std::string_view name) const = 0;
  virtual std::string family() const = 0;  // "gpt2" or "bert"
};

// Loads from a model directory: tokenizer.json (HF fast-tokenizer format, model.type "BPE" or
// "WordPiece"), else vocab.json + merges.txt (GPT-2), else vocab.txt (BERT). config.json's
// model_type, when present, picks the family; tokenizer_config.json gives do_lower_case /
// strip_accents / tokenize_chinese_chars for BERT. Throws Error naming the file and field.
std::unique_ptr<Tokenizer> loadTokenizer(const std::filesystem::path& modelDir);

// The same from files held in memory (file name -> content, e.g. "vocab.json"); `dirName` stands
// for the directory in error messages. For fuzzing and tests.
std::unique_ptr<Tokenizer> loadTokenizerFromMemory(const std::map<std::string, std::string>& files,
                                                   const std::string& dirName);

}  // namespace spatten::core
