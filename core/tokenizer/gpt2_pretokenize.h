#pragma once
// GPT-2's pre-tokenization, implemented by hand over UTF-8 code points. It is exactly what
// OpenAI's encoder.py does with the `regex` module:
//   's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+
// with \p{L}, \p{N} the Unicode general categories L*, N* and \s the White_Space property (tables
// from tools/gen_unicode_tables.py). Ill-formed UTF-8 bytes count as U+FFFD (neither letter,
// number nor space) but keep their original bytes in the output.

#include <string_view>
#include <vector>

namespace spatten::core {

// Returns consecutive, non-empty views into `text` that cover it completely.
std::vector<std::string_view> gpt2Pretokenize(std::string_view text);

}  // namespace spatten::core
