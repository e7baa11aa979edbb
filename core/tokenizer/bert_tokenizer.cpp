#include "core/tokenizer/bert_tokenizer.h"

#include <fmt/format.h>

#include "core/tokenizer/unicode.h"
#include "core/util/error.h"

namespace spatten::core {
namespace {

using unicode::Category;

// tokenization.py _is_whitespace: space, \t, \n, \r or category Zs.
bool isBertWhitespace(char32_t cp) {
  return cp == U' ' || cp == U'\t' || cp == U'\n' || cp == U'\r' || unicode::category(cp) == Category::Zs;
}

// _is_control: any C* category (Cc, Cf, Cs, Co and unassigned Cn) except \t, \n, \r.
bool isBertControl(char32_t cp) {
  if (cp == U'\t' || cp == U'\n' || cp == U'\r') return false;
  return unicode::isOtherCategory(cp);
}

// _is_punctuation: ASCII 33-47, 58-64, 91-96, 123-126 or any P* category.
bool isBertPunctuation(char32_t cp) {
  if ((cp >= 33 && cp <= 47) || (cp >= 58 && cp <= 64) || (cp >= 91 && cp <= 96) || (cp >= 123 && cp <= 126)) {
    return true;
  }
  return unicode::isPunctuationCategory(cp);
}

// _is_chinese_char: the CJK Unified Ideographs blocks listed in tokenization.py.
bool isChineseChar(char32_t cp) {
  return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x20000 && cp <= 0x2A6DF) ||
         (cp >= 0x2A700 && cp <= 0x2B73F) || (cp >= 0x2B740 && cp <= 0x2B81F) || (cp >= 0x2B820 && cp <= 0x2CEAF) ||
         (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x2F800 && cp <= 0x2FA1F);
}

// whitespace_tokenize: str.split() with no argument (Python's isspace).
std::vector<std::u32string> whitespaceSplit(const std::u32string& text) {
  std::vector<std::u32string> out;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && unicode::isPythonSpace(text[i])) ++i;
    std::size_t j = i;
    while (j < text.size() && !unicode::isPythonSpace(text[j])) ++j;
    if (j > i) out.emplace_back(text.substr(i, j - i));
    i = j;
  }
  return out;
}

std::u32string stripAccents(const std::u32string& s) {
  std::u32string out;
  for (char32_t cp : unicode::nfd(s)) {
    if (unicode::category(cp) != Category::Mn) out.push_back(cp);
  }
  return out;
}

}  // namespace

BertTokenizer::BertTokenizer(std::vector<std::string> idToToken, std::vector<SpecialToken> specials,
                             BertOptions options, const std::string& source)
    : m_tokens(std::move(idToToken)), m_specials(std::move(specials)), m_options(std::move(options)) {
  m_ids.reserve(m_tokens.size());
  for (std::size_t i = 0; i < m_tokens.size(); ++i) {
    if (!m_tokens[i].empty()) m_ids[m_tokens[i]] = static_cast<int>(i);  // a later duplicate wins, as in load_vocab
  }
  m_trie = WordpieceTrie(m_ids);
  m_continuationNode = m_trie.walk(WordpieceTrie::kRoot, m_options.continuationPrefix);
  m_cls = idOf("[CLS]", source);
  m_sep = idOf("[SEP]", source);
  m_unk = idOf(m_options.unkToken, source);
}

int BertTokenizer::idOf(const std::string& token, const std::string& source) const {
  const auto it = m_ids.find(token);
  if (it == m_ids.end()) throw Error(source, token, "special token missing from the vocabulary");
  return it->second;
}

std::vector<std::string> BertTokenizer::basicTokenize(std::string_view text) const {
  // _clean_text + _tokenize_chinese_chars
  std::u32string cleaned;
  for (char32_t cp : unicode::decodeUtf8(text)) {
    if (cp == 0 || cp == 0xFFFD || isBertControl(cp)) continue;
    if (isBertWhitespace(cp)) {
      cleaned.push_back(U' ');
    } else if (m_options.tokenizeChineseChars && isChineseChar(cp)) {
      cleaned += U' ';
      cleaned.push_back(cp);
      cleaned += U' ';
    } else {
      cleaned.push_back(cp);
    }
  }
  std::vector<std::string> out;
  for (std::u32string token : whitespaceSplit(cleaned)) {
    if (m_options.lowerCase) token = unicode::toLowerPython(token);
    if (m_options.stripAccents) token = stripAccents(token);
    // _run_split_on_punc; the final whitespace_tokenize(" ".join(...)) also drops empty pieces
    // and splits again on any space the transforms above produced.
    std::u32string current;
    const auto flush = [&] {
      for (const std::u32string& w : whitespaceSplit(current)) out.push_back(unicode::encodeUtf8(w));
      current.clear();
    };
    for (char32_t cp : token) {
      if (isBertPunctuation(cp)) {
        flush();
        current.push_back(cp);
        flush();
      } else {
        current.push_back(cp);
      }
    }
    flush();
  }
  return out;
}

void BertTokenizer::wordpiece(const std::string& rawWord, std::vector<int>& ids) const {
  // Character boundaries of the (valid UTF-8) word: tokens are whole characters.
  const std::string word = unicode::sanitizeUtf8(rawWord);
  std::vector<char> boundary(word.size() + 1, 0);
  std::size_t chars = 0;
  for (std::size_t pos = 0; pos < word.size(); ++chars) {
    boundary[pos] = 1;
    char32_t cp = 0;
    pos += unicode::decodeOne(word, pos, cp);
  }
  boundary[word.size()] = 1;
  if (chars > m_options.maxCharsPerWord) {
    ids.push_back(m_unk);
    return;
  }
  const std::size_t before = ids.size();
  for (std::size_t start = 0; start < word.size();) {
    const int from = start == 0 ? WordpieceTrie::kRoot : m_continuationNode;
    const WordpieceTrie::Match m =
        from < 0 ? WordpieceTrie::Match{} : m_trie.longest(from, word, start, boundary);
    if (m.id < 0) {  // the whole word becomes [UNK]
      ids.resize(before);
      ids.push_back(m_unk);
      return;
    }
    ids.push_back(m.id);
    start = m.end;
  }
}

std::vector<Token> BertTokenizer::encode(std::string_view text) const {
  std::vector<int> ids{m_cls};
  for (const TextPiece& piece : splitOnSpecials(text, m_specials)) {
    if (piece.specialId >= 0) {
      ids.push_back(piece.specialId);
      continue;
    }
    for (const std::string& word : basicTokenize(piece.text)) wordpiece(word, ids);
  }
  ids.push_back(m_sep);
  std::vector<Token> out;
  out.reserve(ids.size());
  for (int id : ids) out.push_back({id, m_tokens[static_cast<std::size_t>(id)]});
  return out;
}

std::string BertTokenizer::decode(const std::vector<int>& ids) const {
  // HF convert_tokens_to_string: " ".join(tokens).replace(" ##", "").strip()
  std::string joined;
  for (int id : ids) {
    if (id < 0 || id >= vocabSize()) {
      throw Error("<ids>", fmt::format("id {}", id), fmt::format("outside the vocabulary [0, {})", vocabSize()));
    }
    const std::string& t = m_tokens[static_cast<std::size_t>(id)];
    const std::string& prefix = m_options.continuationPrefix;
    if (!joined.empty() && !prefix.empty() && t.compare(0, prefix.size(), prefix) == 0) {
      joined += t.substr(prefix.size());
    } else {
      if (!joined.empty()) joined += ' ';
      joined += t;
    }
  }
  return joined;
}

std::string BertTokenizer::tokenText(int id) const {
  if (id < 0 || id >= vocabSize()) return {};
  return m_tokens[static_cast<std::size_t>(id)];
}

std::optional<int> BertTokenizer::specialId(std::string_view name) const {
  for (const SpecialToken& s : m_specials) {
    if (s.text == name) return s.id;
  }
  return std::nullopt;
}

}  // namespace spatten::core
