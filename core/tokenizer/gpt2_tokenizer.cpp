#include "core/tokenizer/gpt2_tokenizer.h"

#include <fmt/format.h>

#include <climits>

#include "core/tokenizer/gpt2_pretokenize.h"
#include "core/tokenizer/unicode.h"
#include "core/util/error.h"
#include "core/util/message_text.h"

namespace spatten::core {
namespace {

constexpr std::size_t kMaxCacheEntries = 200000;  // cleared when full: bounded memory

// Inverse of bytes_to_unicode over a vocab spelling; nullopt if some code point is not one of
// the 256 byte stand-ins (such tokens can only be produced as special tokens).
std::optional<std::string> spellingToBytes(const std::string& spelling) {
  static const std::unordered_map<char32_t, unsigned char> kInverse = [] {
    std::unordered_map<char32_t, unsigned char> m;
    for (int b = 0; b < 256; ++b) m[gpt2ByteToUnicode()[static_cast<std::size_t>(b)]] = static_cast<unsigned char>(b);
    return m;
  }();
  std::string out;
  for (std::size_t pos = 0; pos < spelling.size();) {
    char32_t cp = 0;
    bool valid = false;
    pos += unicode::decodeOne(spelling, pos, cp, &valid);
    const auto it = kInverse.find(cp);
    if (!valid || it == kInverse.end()) return std::nullopt;
    out.push_back(static_cast<char>(it->second));
  }
  return out;
}

}  // namespace

const std::array<char32_t, 256>& gpt2ByteToUnicode() {
  static const std::array<char32_t, 256> kMap = [] {
    std::array<char32_t, 256> m{};
    char32_t n = 0;
    for (int b = 0; b < 256; ++b) {
      const bool printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
      m[static_cast<std::size_t>(b)] = printable ? static_cast<char32_t>(b) : 256 + n++;
    }
    return m;
  }();
  return kMap;
}

Gpt2Tokenizer::Gpt2Tokenizer(const std::unordered_map<std::string, int>& vocab,
                             const std::vector<Gpt2Merge>& merges, std::vector<SpecialToken> specials,
                             const std::string& vocabSource, const std::string& mergesSource)
    : m_specials(std::move(specials)) {
  int maxId = -1;
  for (const auto& [spelling, id] : vocab) {
    if (id < 0) throw Error(vocabSource, spelling, fmt::format("negative id {}", id));
    maxId = std::max(maxId, id);
  }
  for (const SpecialToken& s : m_specials) maxId = std::max(maxId, s.id);
  m_bytes.assign(static_cast<std::size_t>(maxId + 1), std::string());
  m_texts.assign(m_bytes.size(), std::string());
  m_byteId.fill(-1);
  for (const auto& [spelling, id] : vocab) {
    const std::optional<std::string> bytes = spellingToBytes(spelling);
    const std::string raw = bytes ? *bytes : spelling;  // e.g. "<|endoftext|>" is plain ASCII
    m_bytes[static_cast<std::size_t>(id)] = raw;
    m_texts[static_cast<std::size_t>(id)] = unicode::sanitizeUtf8(raw);
    if (bytes) {
      m_idOfBytes[*bytes] = id;
      if (bytes->size() == 1) m_byteId[static_cast<unsigned char>((*bytes)[0])] = id;
    }
  }
  for (const SpecialToken& s : m_specials) {
    m_bytes[static_cast<std::size_t>(s.id)] = s.text;
    m_texts[static_cast<std::size_t>(s.id)] = unicode::sanitizeUtf8(s.text);
  }
  m_merges.reserve(merges.size() * 2);
  for (std::size_t rank = 0; rank < merges.size(); ++rank) {
    const Gpt2Merge& m = merges[rank];
    const auto a = vocab.find(m.first);
    const auto b = vocab.find(m.second);
    const auto ab = vocab.find(m.first + m.second);
    for (const auto& [it, what] : {std::pair{a, &m.first}, std::pair{b, &m.second}}) {
      if (it == vocab.end()) {
        throw Error(mergesSource, m.where,
                    fmt::format("merge part {} is not in the vocabulary ({})", quoteText(*what),
                                vocabSource));
      }
    }
    if (ab == vocab.end()) {
      throw Error(mergesSource, m.where,
                  fmt::format("merge result {} is not in the vocabulary ({})",
                              quoteText(m.first + m.second), vocabSource));
    }
    // Like Python's dict(zip(merges, range(...))), a repeated pair keeps its last rank.
    m_merges[pairKey(a->second, b->second)] = MergeResult{static_cast<int>(rank), ab->second};
  }
}

std::vector<int> Gpt2Tokenizer::bpeUncached(std::string_view pretoken) const {
  std::vector<int> word;
  word.reserve(pretoken.size());
  for (char c : pretoken) {
    const int id = m_byteId[static_cast<unsigned char>(c)];
    if (id < 0) {
      throw Error("<text>", fmt::format("byte 0x{:02X}", static_cast<unsigned char>(c)),
                  "the vocabulary has no token for this byte");
    }
    word.push_back(id);
  }
  std::vector<int> next;
  while (word.size() > 1) {
    int bestRank = INT_MAX;
    int first = -1, second = -1, merged = -1;
    for (std::size_t i = 0; i + 1 < word.size(); ++i) {
      const auto it = m_merges.find(pairKey(word[i], word[i + 1]));
      if (it != m_merges.end() && it->second.rank < bestRank) {
        bestRank = it->second.rank;
        first = word[i];
        second = word[i + 1];
        merged = it->second.merged;
      }
    }
    if (merged < 0) break;
    next.clear();
    for (std::size_t i = 0; i < word.size(); ++i) {
      if (word[i] == first && i + 1 < word.size() && word[i + 1] == second) {
        next.push_back(merged);
        ++i;
      } else {
        next.push_back(word[i]);
      }
    }
    word.swap(next);
  }
  return word;
}

std::vector<int> Gpt2Tokenizer::bpe(std::string_view pretoken) const {
  const std::string key(pretoken);
  {
    std::lock_guard lock(m_cacheMutex);
    const auto it = m_cache.find(key);
    if (it != m_cache.end()) return it->second;
  }
  std::vector<int> ids = bpeUncached(pretoken);
  std::lock_guard lock(m_cacheMutex);
  if (m_cache.size() >= kMaxCacheEntries) m_cache.clear();
  m_cache.emplace(key, ids);
  return ids;
}

std::vector<Token> Gpt2Tokenizer::encode(std::string_view text) const {
  std::vector<Token> out;
  for (const TextPiece& piece : splitOnSpecials(text, m_specials)) {
    if (piece.specialId >= 0) {
      out.push_back({piece.specialId, m_texts[static_cast<std::size_t>(piece.specialId)]});
      continue;
    }
    for (std::string_view pretoken : gpt2Pretokenize(piece.text)) {
      for (int id : bpe(pretoken)) out.push_back({id, m_texts[static_cast<std::size_t>(id)]});
    }
  }
  return out;
}

std::string Gpt2Tokenizer::decode(const std::vector<int>& ids) const {
  std::string bytes;
  for (int id : ids) {
    if (id < 0 || id >= vocabSize()) {
      throw Error("<ids>", fmt::format("id {}", id), fmt::format("outside the vocabulary [0, {})", vocabSize()));
    }
    bytes += m_bytes[static_cast<std::size_t>(id)];
  }
  return unicode::sanitizeUtf8(bytes);
}

std::string Gpt2Tokenizer::tokenBytes(int id) const {
  if (id < 0 || id >= vocabSize()) return {};
  return m_bytes[static_cast<std::size_t>(id)];
}

std::string Gpt2Tokenizer::tokenText(int id) const {
  if (id < 0 || id >= vocabSize()) return {};
  return m_texts[static_cast<std::size_t>(id)];
}

std::optional<int> Gpt2Tokenizer::specialId(std::string_view name) const {
  for (const SpecialToken& s : m_specials) {
    if (s.text == name) return s.id;
  }
  return std::nullopt;
}

}  // namespace spatten::core
