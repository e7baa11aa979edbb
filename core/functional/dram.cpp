// DRAM accounting of docs/semantics.md ("Requests, DRAM bytes and the dense baseline").
#include <map>
#include <tuple>

#include "core/functional/runner.h"

namespace spatten::core {
namespace {

std::uint64_t bytesOf(std::uint64_t vectors, int dim, int bits) {
  const std::uint64_t b = vectors * static_cast<std::uint64_t>(dim) * static_cast<std::uint64_t>(bits);
  return (b + 7) / 8;
}

}  // namespace

FetchBits fetchBits(const RunConfig& cfg) {
  FetchBits b;
  if (cfg.k_msb_bits == 0) {
    b.kMsb = 32;
    b.kLsb = 0;
  } else if (cfg.pq_enabled) {
    b.kMsb = cfg.k_msb_bits;
    b.kLsb = cfg.k_lsb_bits;
  } else {
    b.kMsb = cfg.k_msb_bits + cfg.k_lsb_bits;  // static keys: everything in the first fetch
    b.kLsb = 0;
  }
  b.v = cfg.v_bits == 0 ? 32 : cfg.v_bits;
  b.q = cfg.q_bits == 0 ? 32 : cfg.q_bits;
  b.meta = cfg.k_msb_bits == 0 ? 32 : cfg.k_msb_bits + cfg.k_lsb_bits;
  return b;
}

FetchBits denseBaselineBits() { return FetchBits{12, 0, 12, 12, 12}; }

DramReport countDram(const RunResult& run, const FetchBits& bits) {
  const int dim = run.headDim;
  // Summarization: |A_l| per layer from the layer records of iteration 0.
  std::map<int, std::uint64_t> residentKeys;
  for (const LayerRecord& r : run.layerRecords)
    if (r.iteration == 0) residentKeys[r.layer] = r.computedTokens.size();

  struct Acc {
    std::uint64_t queries = 0;
    bool anyRefetch = false;
    DramBytes bytes;
  };
  std::map<std::tuple<int, int, int>, Acc> cells;
  for (const RequestRecord& rq : run.requests) {
    Acc& a = cells[{rq.iteration, rq.layer, rq.head}];
    if (rq.iteration == 0) {
      ++a.queries;
      a.anyRefetch = a.anyRefetch || rq.refetch;
    } else {
      a.bytes.kMsb += bytesOf(static_cast<std::uint64_t>(rq.keyFetch), dim, bits.kMsb);
      if (rq.refetch) a.bytes.kLsb += bytesOf(static_cast<std::uint64_t>(rq.keyFetch), dim, bits.kLsb);
      a.bytes.v += bytesOf(static_cast<std::uint64_t>(rq.valueFetch), dim, bits.v);
      a.bytes.q += bytesOf(1, dim, bits.q);
      a.bytes.meta += bytesOf(2 * static_cast<std::uint64_t>(rq.metaPages), dim, bits.meta);
    }
  }
  DramReport rep;
  for (auto& [key, a] : cells) {
    const auto [it, layer, head] = key;
    if (it == 0) {
      const std::uint64_t keys = residentKeys[layer];
      a.bytes.kMsb = bytesOf(keys, dim, bits.kMsb);
      a.bytes.kLsb = a.anyRefetch ? bytesOf(keys, dim, bits.kLsb) : 0;
      a.bytes.v = bytesOf(keys, dim, bits.v);
      a.bytes.q = a.queries * bytesOf(1, dim, bits.q);
    }
    rep.cells.push_back({it, layer, head, a.bytes});
    rep.total += a.bytes;
  }
  return rep;
}

}  // namespace spatten::core
