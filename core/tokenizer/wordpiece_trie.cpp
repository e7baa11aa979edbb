#include "core/tokenizer/wordpiece_trie.h"

#include <algorithm>
#include <deque>
#include <utility>

namespace spatten::core {

WordpieceTrie::WordpieceTrie(const std::unordered_map<std::string, int>& ids) {
  std::vector<std::pair<std::string_view, int>> tokens;
  tokens.reserve(ids.size());
  for (const auto& [token, id] : ids) tokens.emplace_back(token, id);
  std::sort(tokens.begin(), tokens.end());  // bytewise (char_traits<char> compares unsigned)

  // Breadth-first: a node's edges are appended together, so they are contiguous and sorted.
  // Iterative (a token may be megabytes long).
  struct Pending {
    std::int32_t node;
    std::size_t lo, hi, depth;  // tokens[lo, hi) share their first `depth` bytes
  };
  m_nodes.emplace_back();
  std::deque<Pending> queue{{kRoot, 0, tokens.size(), 0}};
  while (!queue.empty()) {
    auto [node, lo, hi, depth] = queue.front();
    queue.pop_front();
    if (lo < hi && tokens[lo].first.size() == depth) {
      m_nodes[static_cast<std::size_t>(node)].id = tokens[lo].second;  // keys are unique
      ++lo;
    }
    m_nodes[static_cast<std::size_t>(node)].firstEdge = static_cast<std::int32_t>(m_edges.size());
    while (lo < hi) {
      const unsigned char byte = static_cast<unsigned char>(tokens[lo].first[depth]);
      std::size_t end = lo + 1;
      while (end < hi && static_cast<unsigned char>(tokens[end].first[depth]) == byte) ++end;
      const auto childIndex = static_cast<std::int32_t>(m_nodes.size());
      m_nodes.emplace_back();
      m_edges.push_back({childIndex, byte});
      ++m_nodes[static_cast<std::size_t>(node)].edgeCount;
      queue.push_back({childIndex, lo, end, depth + 1});
      lo = end;
    }
  }
}

int WordpieceTrie::child(int node, unsigned char byte) const {
  const Node& n = m_nodes[static_cast<std::size_t>(node)];
  const auto first = m_edges.begin() + n.firstEdge;
  const auto last = first + n.edgeCount;
  const auto it = std::lower_bound(first, last, byte,
                                   [](const Edge& e, unsigned char b) { return e.byte < b; });
  return it != last && it->byte == byte ? it->child : -1;
}

int WordpieceTrie::walk(int node, std::string_view s) const {
  for (char c : s) {
    if (node < 0) return -1;
    node = child(node, static_cast<unsigned char>(c));
  }
  return node;
}

WordpieceTrie::Match WordpieceTrie::longest(int node, std::string_view word, std::size_t start,
                                            const std::vector<char>& boundary) const {
  Match best;
  for (std::size_t i = start; i < word.size() && node >= 0;) {
    node = child(node, static_cast<unsigned char>(word[i]));
    ++i;
    if (node >= 0 && boundary[i] && m_nodes[static_cast<std::size_t>(node)].id >= 0)
      best = {m_nodes[static_cast<std::size_t>(node)].id, i};
  }
  return best;
}

}  // namespace spatten::core
