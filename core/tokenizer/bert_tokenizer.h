#pragma once
// BERT WordPiece: Google's bert/tokenization.py (BasicTokenizer + WordpieceTokenizer, as in HF's
// BertTokenizer) with HF's handling of special tokens (cut out verbatim, never split).

#include <string>
#include <unordered_map>
#include <vector>

#include "core/tokenizer/special_split.h"
#include "core/tokenizer/tokenizer.h"
#include "core/tokenizer/wordpiece_trie.h"

namespace spatten::core {

// Largest max_input_chars_per_word accepted from a tokenizer file (HF's default is 100). Words
// are matched in O(length x longest token), so the bound keeps a hostile vocabulary with long
// tokens from making tokenization quadratic in the text (docs/reliability.md).
inline constexpr std::size_t kMaxWordpieceChars = 1000;

struct BertOptions {
  bool lowerCase = true;
  bool stripAccents = true;       // resolved: HF strip_accents=None means "= lowerCase"
  bool tokenizeChineseChars = true;
  std::string continuationPrefix = "##";
  std::size_t maxCharsPerWord = 100;  // longer words become the unknown token
  std::string unkToken = "[UNK]";
};

class BertTokenizer final : public Tokenizer {
public:
  // idToToken: id -> vocabulary string (empty strings allowed for gaps). `specials` are cut out
  // of the text before basic tokenization. Throws Error naming `source` if [CLS], [SEP] or the
  // unknown token is missing.
  BertTokenizer(std::vector<std::string> idToToken, std::vector<SpecialToken> specials, BertOptions options,
                const std::string& source);

  std::vector<Token> encode(std::string_view text) const override;
  std::string decode(const std::vector<int>& ids) const override;
  int vocabSize() const override { return static_cast<int>(m_tokens.size()); }
  std::string tokenText(int id) const override;
  std::optional<int> specialId(std::string_view name) const override;
  std::string family() const override { return "bert"; }

  const BertOptions& options() const { return m_options; }
  // BasicTokenizer.tokenize: the words and punctuation pieces of an ordinary (special-free) text.
  std::vector<std::string> basicTokenize(std::string_view text) const;
  // WordpieceTokenizer on one basic token; appends ids. Greedy longest-match-first through a
  // byte trie: O(word length x longest vocabulary token) per word.
  void wordpiece(const std::string& word, std::vector<int>& ids) const;

private:
  int idOf(const std::string& token, const std::string& source) const;

  std::vector<std::string> m_tokens;
  std::unordered_map<std::string, int> m_ids;
  WordpieceTrie m_trie;
  int m_continuationNode = -1;  // trie node after the continuation prefix ("##"), -1 if none
  std::vector<SpecialToken> m_specials;
  BertOptions m_options;
  int m_cls = -1, m_sep = -1, m_unk = -1;
};

}  // namespace spatten::core
