#pragma once
// Byte trie over a WordPiece vocabulary: the longest vocabulary token that starts at a given
// byte of a word is found in one walk, O(length of that token), instead of trying every
// candidate end with a hash lookup each (O(n^2) candidates of O(n) bytes per word: cubic).
// Immutable after construction; const methods are thread-safe.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace spatten::core {

class WordpieceTrie {
public:
  static constexpr int kRoot = 0;

  WordpieceTrie() : m_nodes(1) {}  // empty: only the root
  explicit WordpieceTrie(const std::unordered_map<std::string, int>& ids);

  // Node reached from `node` by the bytes of `s`, or -1 if no vocabulary token continues so.
  int walk(int node, std::string_view s) const;

  struct Match {
    int id = -1;          // -1: no token matches
    std::size_t end = 0;  // byte offset in the word just after the token
  };
  // Longest token t such that walking from `node` over word[start, end) spells t, with
  // `boundary[end]` true (ends only at UTF-8 character boundaries).
  Match longest(int node, std::string_view word, std::size_t start,
                const std::vector<char>& boundary) const;

  std::size_t nodeCount() const { return m_nodes.size(); }

private:
  int child(int node, unsigned char byte) const;

  struct Node {
    std::int32_t firstEdge = 0;
    std::int32_t edgeCount = 0;
    std::int32_t id = -1;  // token id when a token ends here
  };
  struct Edge {
    std::int32_t child;
    unsigned char byte;
  };
  std::vector<Node> m_nodes;
  std::vector<Edge> m_edges;  // each node's edges contiguous, sorted by byte
};

}  // namespace spatten::core
