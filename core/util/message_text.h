#pragma once
// Untrusted text (file contents, tensor names, option values) made safe to put in an error
// message: printable, one line, bounded. Pure functions, thread-safe.

#include <cstddef>
#include <string>
#include <string_view>

namespace spatten::core {

// Longest piece of untrusted text an error message quotes (bytes of the escaped form).
inline constexpr std::size_t kMessageQuoteLimit = 80;

// Escapes `text` for a terminal: valid UTF-8 is kept, except C0 controls, DEL and the C1
// controls U+0080..U+009F, which become \n, \t, \r or \xNN / \u0085; each byte of ill-formed
// UTF-8 becomes \xNN. Longer than `maxBytes` after escaping: cut at a character boundary and
// "... (N bytes)" appended, N being the length of the original text.
std::string escapeText(std::string_view text, std::size_t maxBytes = std::string::npos);

// escapeText with kMessageQuoteLimit, in single quotes: 'text'.
std::string quoteText(std::string_view text);

}  // namespace spatten::core
