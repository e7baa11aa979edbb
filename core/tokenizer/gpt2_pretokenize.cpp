#include "core/tokenizer/gpt2_pretokenize.h"

#include <cstdint>

#include "core/tokenizer/unicode.h"

namespace spatten::core {
namespace {

enum class CharClass : std::uint8_t { Letter, Number, Space, Other };

struct Char {
  char32_t cp;
  std::size_t offset;  // byte offset in the text
  CharClass cls;
};

CharClass classify(char32_t cp) {
  if (cp < 0x80) {  // fast path, same answers as the tables
    if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z')) return CharClass::Letter;
    if (cp >= '0' && cp <= '9') return CharClass::Number;
    if (cp == ' ' || (cp >= 0x09 && cp <= 0x0D)) return CharClass::Space;
    return CharClass::Other;
  }
  if (unicode::isWhiteSpace(cp)) return CharClass::Space;
  if (unicode::isLetter(cp)) return CharClass::Letter;
  if (unicode::isNumber(cp)) return CharClass::Number;
  return CharClass::Other;
}

// Length (in chars) of the contraction starting at i ('s 't 're 've 'm 'll 'd), 0 if none.
std::size_t contractionLength(const std::vector<Char>& c, std::size_t i) {
  if (c[i].cp != U'\'' || i + 1 >= c.size()) return 0;
  const char32_t a = c[i + 1].cp;
  if (a == U's' || a == U't' || a == U'm' || a == U'd') return 2;
  if (i + 2 >= c.size()) return 0;
  const char32_t b = c[i + 2].cp;
  if ((a == U'r' && b == U'e') || (a == U'v' && b == U'e') || (a == U'l' && b == U'l')) return 3;
  return 0;
}

// ` ?X+` for a class X (Letter, Number, or Other meaning [^\s\p{L}\p{N}]): match length or 0.
std::size_t optionalSpaceRun(const std::vector<Char>& c, std::size_t i, CharClass cls) {
  std::size_t j = i;
  if (c[j].cp == U' ' && j + 1 < c.size() && c[j + 1].cls == cls) ++j;
  if (c[j].cls != cls) return 0;
  while (j < c.size() && c[j].cls == cls) ++j;
  return j - i;
}

std::size_t matchAt(const std::vector<Char>& c, std::size_t i) {
  if (std::size_t n = contractionLength(c, i)) return n;
  for (CharClass cls : {CharClass::Letter, CharClass::Number, CharClass::Other}) {
    if (std::size_t n = optionalSpaceRun(c, i, cls)) return n;
  }
  // Only whitespace is left: \s+(?!\S) backtracks to leave the last space for the next word;
  // if that leaves nothing, \s+ takes the whole run.
  std::size_t j = i;
  while (j < c.size() && c[j].cls == CharClass::Space) ++j;
  if (j == c.size() || j - i == 1) return j - i;
  return j - i - 1;
}

}  // namespace

std::vector<std::string_view> gpt2Pretokenize(std::string_view text) {
  std::vector<Char> chars;
  chars.reserve(text.size());
  for (std::size_t pos = 0; pos < text.size();) {
    char32_t cp = 0;
    const std::size_t len = unicode::decodeOne(text, pos, cp);
    chars.push_back({cp, pos, classify(cp)});
    pos += len;
  }
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < chars.size()) {
    const std::size_t n = matchAt(chars, i);  // always >= 1
    const std::size_t begin = chars[i].offset;
    const std::size_t end = i + n < chars.size() ? chars[i + n].offset : text.size();
    out.push_back(text.substr(begin, end - begin));
    i += n;
  }
  return out;
}

}  // namespace spatten::core
