#include "core/tokenizer/special_split.h"

namespace spatten::core {

std::vector<TextPiece> splitOnSpecials(std::string_view text, const std::vector<SpecialToken>& specials) {
  std::vector<TextPiece> out;
  std::size_t plainStart = 0;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const SpecialToken* best = nullptr;
    for (const SpecialToken& s : specials) {
      if (!s.text.empty() && text.compare(pos, s.text.size(), s.text) == 0 &&
          (!best || s.text.size() > best->text.size())) {
        best = &s;
      }
    }
    if (!best) {
      ++pos;
      continue;
    }
    if (pos > plainStart) out.push_back({text.substr(plainStart, pos - plainStart), -1});
    out.push_back({text.substr(pos, best->text.size()), best->id});
    pos += best->text.size();
    plainStart = pos;
  }
  if (pos > plainStart) out.push_back({text.substr(plainStart, pos - plainStart), -1});
  return out;
}

}  // namespace spatten::core
