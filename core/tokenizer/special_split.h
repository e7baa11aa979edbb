#pragma once
// Cuts special-token strings out of a text, as HF's added-token trie does: scanning left to
// right, at each position the longest special string that starts there wins (exact,
// case-sensitive byte match).

#include <string>
#include <string_view>
#include <vector>

namespace spatten::core {

struct TextPiece {
  std::string_view text;
  int specialId = -1;  // >= 0: `text` is that special token
};

struct SpecialToken {
  std::string text;
  int id;
};

// Pieces in order; ordinary pieces are never empty. `specials` may be empty.
std::vector<TextPiece> splitOnSpecials(std::string_view text, const std::vector<SpecialToken>& specials);

}  // namespace spatten::core
