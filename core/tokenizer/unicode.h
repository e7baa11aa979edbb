#pragma once
// Unicode character properties and UTF-8 helpers for the tokenizers, backed by the tables that
// tools/gen_unicode_tables.py generates from Python's unicodedata (unicodeVersion()). Results match
// Python's unicodedata / str methods for the same Unicode version. Pure functions, thread-safe.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace spatten::core::unicode {

enum class Category : std::uint8_t {
  Lu, Ll, Lt, Lm, Lo, Mn, Mc, Me, Nd, Nl, No, Pc, Pd, Ps, Pe, Pi, Pf, Po,
  Sm, Sc, Sk, So, Zs, Zl, Zp, Cc, Cf, Cs, Co, Cn
};

const char* unicodeVersion();
Category category(char32_t cp);  // Cn for unassigned code points and anything > U+10FFFF

inline bool isLetter(char32_t cp) { return category(cp) <= Category::Lo; }  // L*
inline bool isNumber(char32_t cp) {                                         // N*
  const Category c = category(cp);
  return c >= Category::Nd && c <= Category::No;
}
inline bool isPunctuationCategory(char32_t cp) {                            // P*
  const Category c = category(cp);
  return c >= Category::Pc && c <= Category::Po;
}
inline bool isOtherCategory(char32_t cp) { return category(cp) >= Category::Cc; }  // C*

bool isWhiteSpace(char32_t cp);   // Unicode White_Space property (= regex module's \s)
inline bool isPythonSpace(char32_t cp) {  // Python str.isspace(): White_Space plus U+001C..U+001F
  return isWhiteSpace(cp) || (cp >= 0x1C && cp <= 0x1F);
}
bool isCased(char32_t cp);
bool isCaseIgnorable(char32_t cp);
int combiningClass(char32_t cp);  // canonical combining class, 0 for starters

// Python's str.lower(): full lower-case mappings plus the Final_Sigma rule for U+03A3.
std::u32string toLowerPython(std::u32string_view s);
// unicodedata.normalize("NFD", s): full canonical decomposition (Hangul included) + reordering.
std::u32string nfd(std::u32string_view s);

// UTF-8. decodeOne reads one code point at s[pos] (pos < s.size()) and returns how many bytes it
// used (>= 1). An ill-formed sequence yields U+FFFD for its maximal subpart (as Python's
// decode(errors="replace") does); `valid` tells the two apart.
std::size_t decodeOne(std::string_view s, std::size_t pos, char32_t& cp, bool* valid = nullptr);
std::u32string decodeUtf8(std::string_view s);  // ill-formed parts become U+FFFD
void appendUtf8(std::string& out, char32_t cp);
std::string encodeUtf8(std::u32string_view s);
std::string sanitizeUtf8(std::string_view bytes);  // valid UTF-8; ill-formed parts -> U+FFFD

}  // namespace spatten::core::unicode
