#pragma once
// GPT-2 byte-level BPE (OpenAI's encoder.py): bytes_to_unicode mapping, hand-written
// pre-tokenizer (gpt2_pretokenize.h), then BPE by merge rank, cached per pre-token.

#include <array>
#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/tokenizer/special_split.h"
#include "core/tokenizer/tokenizer.h"

namespace spatten::core {

// OpenAI's bytes_to_unicode(): the printable code point that stands for each byte in vocab keys.
const std::array<char32_t, 256>& gpt2ByteToUnicode();

struct Gpt2Merge {
  std::string first, second;  // vocab spellings (bytes_to_unicode form), e.g. "Ġ", "t"
  std::string where;          // for error messages, e.g. "line 12" or "model.merges[10]"
};

class Gpt2Tokenizer final : public Tokenizer {
public:
  // vocab: spelling (bytes_to_unicode form) -> id; merges in rank order. Throws Error naming
  // `vocabSource` / `mergesSource` if a merge uses a token missing from the vocabulary.
  Gpt2Tokenizer(const std::unordered_map<std::string, int>& vocab, const std::vector<Gpt2Merge>& merges,
                std::vector<SpecialToken> specials, const std::string& vocabSource,
                const std::string& mergesSource);

  std::vector<Token> encode(std::string_view text) const override;
  std::string decode(const std::vector<int>& ids) const override;
  std::string tokenBytes(int id) const override;
  int vocabSize() const override { return static_cast<int>(m_bytes.size()); }
  std::string tokenText(int id) const override;
  std::optional<int> specialId(std::string_view name) const override;
  std::string family() const override { return "gpt2"; }

  std::size_t mergeCount() const { return m_merges.size(); }

private:
  struct MergeResult {
    int rank;
    int merged;
  };
  static std::uint64_t pairKey(int a, int b) {
    return (static_cast<std::uint64_t>(static_cast<std::uint32_t>(a)) << 32) | static_cast<std::uint32_t>(b);
  }
  std::vector<int> bpe(std::string_view pretoken) const;  // cached
  std::vector<int> bpeUncached(std::string_view pretoken) const;

  std::vector<std::string> m_bytes;  // id -> raw bytes ("" for unused ids)
  std::vector<std::string> m_texts;  // id -> display text (valid UTF-8)
  std::unordered_map<std::string, int> m_idOfBytes;
  std::array<int, 256> m_byteId{};   // single-byte token ids, -1 if absent
  std::unordered_map<std::uint64_t, MergeResult> m_merges;
  std::vector<SpecialToken> m_specials;

  mutable std::mutex m_cacheMutex;
  mutable std::unordered_map<std::string, std::vector<int>> m_cache;
};

}  // namespace spatten::core
