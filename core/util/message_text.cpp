#include "core/util/message_text.h"

#include <fmt/format.h>

#include <algorithm>

namespace spatten::core {
namespace {

// Length of the well-formed UTF-8 sequence at s[i] (RFC 3629: no overlongs, no surrogates,
// at most U+10FFFF), or 0 if the bytes there are ill-formed.
std::size_t utf8Length(std::string_view s, std::size_t i, char32_t& cp) {
  const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[i + k]); };
  const unsigned char c = b(0);
  std::size_t n = 0;
  char32_t min = 0;
  if (c < 0x80) {
    cp = c;
    return 1;
  } else if ((c & 0xE0) == 0xC0) {
    n = 2, cp = c & 0x1F, min = 0x80;
  } else if ((c & 0xF0) == 0xE0) {
    n = 3, cp = c & 0x0F, min = 0x800;
  } else if ((c & 0xF8) == 0xF0) {
    n = 4, cp = c & 0x07, min = 0x10000;
  } else {
    return 0;
  }
  if (i + n > s.size()) return 0;
  for (std::size_t k = 1; k < n; ++k) {
    if ((b(k) & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (b(k) & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return n;
}

}  // namespace

std::string escapeText(std::string_view text, std::size_t maxBytes) {
  std::string out;
  out.reserve(std::min(text.size(), maxBytes == std::string::npos ? text.size() : maxBytes) + 8);
  std::size_t i = 0;
  while (i < text.size()) {
    char32_t cp = 0;
    const std::size_t n = utf8Length(text, i, cp);
    char esc[8] = {};  // the escaped form, or empty when the character is kept as it is
    if (n == 0) {
      fmt::format_to_n(esc, 7, "\\x{:02X}", static_cast<unsigned char>(text[i]));
    } else if (cp == U'\n' || cp == U'\t' || cp == U'\r') {
      esc[0] = '\\';
      esc[1] = cp == U'\n' ? 'n' : cp == U'\t' ? 't' : 'r';
    } else if (cp < 0x20 || cp == 0x7F) {
      fmt::format_to_n(esc, 7, "\\x{:02X}", static_cast<unsigned>(cp));
    } else if (cp >= 0x80 && cp <= 0x9F) {
      fmt::format_to_n(esc, 7, "\\u{:04X}", static_cast<unsigned>(cp));
    }
    const std::string_view piece = esc[0] != 0 ? std::string_view(esc) : text.substr(i, n);
    if (maxBytes != std::string::npos && out.size() + piece.size() > maxBytes) {
      out += fmt::format("... ({} bytes)", text.size());
      return out;
    }
    out.append(piece.data(), piece.size());
    i += n == 0 ? 1 : n;
  }
  return out;
}

std::string quoteText(std::string_view text) {
  // (fmt rather than "'" + std::string: GCC 12 -O3 warns falsely on that, -Wrestrict)
  return fmt::format("'{}'", escapeText(text, kMessageQuoteLimit));
}

}  // namespace spatten::core
