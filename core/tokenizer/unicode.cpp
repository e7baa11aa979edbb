#include "core/tokenizer/unicode.h"

#include <algorithm>

#include "core/tokenizer/unicode_data.h"

namespace spatten::core::unicode {
namespace {

bool inRanges(const data::CodeRange* ranges, std::size_t n, char32_t cp) {
  const data::CodeRange* end = ranges + n;
  const data::CodeRange* it =
      std::upper_bound(ranges, end, cp, [](char32_t c, const data::CodeRange& r) { return c < r.lo; });
  return it != ranges && cp <= (it - 1)->hi;
}

constexpr char32_t kHangulFirst = 0xAC00, kHangulLast = 0xD7A3;
constexpr char32_t kLBase = 0x1100, kVBase = 0x1161, kTBase = 0x11A7;
constexpr char32_t kVCount = 21, kTCount = 28, kNCount = kVCount * kTCount;

void appendDecomposition(char32_t cp, std::u32string& out) {
  if (cp >= kHangulFirst && cp <= kHangulLast) {
    const char32_t s = cp - kHangulFirst;
    out.push_back(kLBase + s / kNCount);
    out.push_back(kVBase + (s % kNCount) / kTCount);
    if (s % kTCount != 0) out.push_back(kTBase + s % kTCount);
    return;
  }
  const data::DecompEntry* end = data::kDecomp + data::kDecompSize;
  const data::DecompEntry* it = std::lower_bound(
      data::kDecomp, end, cp, [](const data::DecompEntry& e, char32_t c) { return e.cp < c; });
  if (it != end && it->cp == cp) {
    out.append(data::kDecompData + it->offset, it->length);
  } else {
    out.push_back(cp);
  }
}

}  // namespace

const char* unicodeVersion() { return data::kUnicodeVersion; }

Category category(char32_t cp) {
  if (cp > 0x10FFFF) return Category::Cn;
  const data::CategoryRun* end = data::kCategoryRuns + data::kCategoryRunsSize;
  const data::CategoryRun* it = std::upper_bound(
      data::kCategoryRuns, end, cp, [](char32_t c, const data::CategoryRun& r) { return c < r.first; });
  return static_cast<Category>((it - 1)->category);  // the first run starts at U+0000
}

bool isWhiteSpace(char32_t cp) { return inRanges(data::kWhiteSpace, data::kWhiteSpaceSize, cp); }
bool isCased(char32_t cp) { return inRanges(data::kCased, data::kCasedSize, cp); }
bool isCaseIgnorable(char32_t cp) {
  return inRanges(data::kCaseIgnorable, data::kCaseIgnorableSize, cp);
}

int combiningClass(char32_t cp) {
  const data::CccRange* end = data::kCcc + data::kCccSize;
  const data::CccRange* it = std::upper_bound(
      data::kCcc, end, cp, [](char32_t c, const data::CccRange& r) { return c < r.lo; });
  if (it == data::kCcc || cp > (it - 1)->hi) return 0;
  return (it - 1)->ccc;
}

std::u32string toLowerPython(std::u32string_view s) {
  std::u32string out;
  out.reserve(s.size());
  const data::LowerEntry* end = data::kLower + data::kLowerSize;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char32_t cp = s[i];
    if (cp == 0x3A3) {
      // Final_Sigma (CPython handle_capital_sigma): \p{cased}\p{case-ignorable}* before and no
      // \p{case-ignorable}*\p{cased} after.
      std::size_t j = i;
      while (j > 0 && isCaseIgnorable(s[j - 1])) --j;
      bool finalSigma = j > 0 && isCased(s[j - 1]);
      if (finalSigma) {
        std::size_t k = i + 1;
        while (k < s.size() && isCaseIgnorable(s[k])) ++k;
        finalSigma = k == s.size() || !isCased(s[k]);
      }
      out.push_back(finalSigma ? 0x3C2 : 0x3C3);
      continue;
    }
    const data::LowerEntry* it = std::lower_bound(
        data::kLower, end, cp, [](const data::LowerEntry& e, char32_t c) { return e.cp < c; });
    if (it != end && it->cp == cp) {
      out.push_back(it->lower[0]);
      if (it->lower[1] != 0) out.push_back(it->lower[1]);
    } else {
      out.push_back(cp);
    }
  }
  return out;
}

std::u32string nfd(std::u32string_view s) {
  std::u32string out;
  out.reserve(s.size() + s.size() / 4);
  for (char32_t cp : s) appendDecomposition(cp, out);
  // Canonical ordering: stable sort of every run of non-starters by combining class.
  std::size_t i = 0;
  while (i < out.size()) {
    if (combiningClass(out[i]) == 0) {
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < out.size() && combiningClass(out[j]) != 0) ++j;
    if (j - i > 1) {
      std::stable_sort(out.begin() + static_cast<std::ptrdiff_t>(i),
                       out.begin() + static_cast<std::ptrdiff_t>(j),
                       [](char32_t a, char32_t b) { return combiningClass(a) < combiningClass(b); });
    }
    i = j;
  }
  return out;
}

std::size_t decodeOne(std::string_view s, std::size_t pos, char32_t& cp, bool* valid) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char b0 = byte(pos);
  if (valid) *valid = false;
  cp = 0xFFFD;
  if (b0 < 0x80) {
    cp = b0;
    if (valid) *valid = true;
    return 1;
  }
  std::size_t need = 0;
  unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
  char32_t value = 0;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    need = 1;
    value = b0 & 0x1F;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    need = 2;
    value = b0 & 0x0F;
    if (b0 == 0xE0) lo = 0xA0;
    if (b0 == 0xED) hi = 0x9F;  // no surrogates
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    need = 3;
    value = b0 & 0x07;
    if (b0 == 0xF0) lo = 0x90;
    if (b0 == 0xF4) hi = 0x8F;
  } else {
    return 1;
  }
  std::size_t used = 1;
  for (std::size_t k = 0; k < need; ++k) {
    if (pos + used >= s.size()) return used;
    const unsigned char b = byte(pos + used);
    const unsigned char l = k == 0 ? lo : 0x80, h = k == 0 ? hi : 0xBF;
    if (b < l || b > h) return used;  // maximal subpart ends before this byte
    value = (value << 6) | (b & 0x3F);
    ++used;
  }
  cp = value;
  if (valid) *valid = true;
  return used;
}

std::u32string decodeUtf8(std::string_view s) {
  std::u32string out;
  out.reserve(s.size());
  for (std::size_t pos = 0; pos < s.size();) {
    char32_t cp = 0;
    pos += decodeOne(s, pos, cp);
    out.push_back(cp);
  }
  return out;
}

void appendUtf8(std::string& out, char32_t cp) {
  if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

std::string encodeUtf8(std::u32string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char32_t cp : s) appendUtf8(out, cp);
  return out;
}

std::string sanitizeUtf8(std::string_view bytes) { return encodeUtf8(decodeUtf8(bytes)); }

}  // namespace spatten::core::unicode
