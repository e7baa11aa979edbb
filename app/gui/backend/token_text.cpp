#include "app/gui/backend/token_text.h"

namespace spatten::app {
namespace {

// Length of the well-formed UTF-8 sequence starting at s[i] (RFC 3629: no overlong forms, no
// surrogates, at most U+10FFFF), 0 when the byte does not start one.
std::size_t sequenceLength(const std::string& s, std::size_t i) {
  const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[i + k]); };
  const auto cont = [&](std::size_t k) { return i + k < s.size() && (b(k) & 0xC0) == 0x80; };
  const unsigned char c = b(0);
  if (c < 0x80) return 1;
  if (c >= 0xC2 && c <= 0xDF) return cont(1) ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    if (!cont(1) || !cont(2)) return 0;
    if (c == 0xE0 && b(1) < 0xA0) return 0;  // overlong
    if (c == 0xED && b(1) > 0x9F) return 0;  // surrogate
    return 3;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    if (!cont(1) || !cont(2) || !cont(3)) return 0;
    if (c == 0xF0 && b(1) < 0x90) return 0;  // overlong
    if (c == 0xF4 && b(1) > 0x8F) return 0;  // above U+10FFFF
    return 4;
  }
  return 0;
}

}  // namespace

QString displayBytes(const std::string& bytes) {
  QString out;
  for (std::size_t i = 0; i < bytes.size();) {
    const std::size_t n = sequenceLength(bytes, i);
    if (n > 0) {
      out += QString::fromUtf8(bytes.data() + i, static_cast<qsizetype>(n));
      i += n;
    } else {
      const auto byte = static_cast<unsigned char>(bytes[i]);
      out += QStringLiteral("<0x%1>").arg(
          QString::number(byte, 16).toUpper().rightJustified(2, QLatin1Char('0')));
      ++i;
    }
  }
  return out;
}

}  // namespace spatten::app
