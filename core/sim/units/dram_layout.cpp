#include "core/sim/units/dram_layout.h"

#include <algorithm>

namespace spatten::core {
namespace {

// K MSB, K LSB, V and Q regions per (layer, head): fixed at 4 (the Meta regions follow them all,
// so that adding the kind moved no existing address).
constexpr std::uint64_t kRegionKinds = 4;

std::uint64_t regionBase(int layer, int heads, int head, DataKind kind) {
  const std::uint64_t lh = static_cast<std::uint64_t>(layer) * static_cast<std::uint64_t>(heads) +
                           static_cast<std::uint64_t>(head);
  if (kind == DataKind::Meta)
    return (static_cast<std::uint64_t>(kMaxWorkloadLayers) * static_cast<std::uint64_t>(heads) *
                kRegionKinds +
            lh)
           << 24;
  return (lh * kRegionKinds + static_cast<std::uint64_t>(kind)) << 24;
}

}  // namespace

int elementBits(const Request& r, DataKind kind) {
  const int bits = kind == DataKind::KMsb   ? r.keyMsbBits
                   : kind == DataKind::KLsb ? r.keyLsbBits
                   : kind == DataKind::V    ? r.valueBits
                   : kind == DataKind::Meta ? r.metaBits
                                            : r.queryBits;
  return bits <= 0 ? 32 : bits;
}

std::shared_ptr<const FetchPlan> planMeta(const Request& r, int heads) {
  std::vector<std::uint32_t> vectors(2 * static_cast<std::size_t>(std::max(0, r.metaFetchNum)));
  for (std::size_t i = 0; i < vectors.size(); ++i) vectors[i] = static_cast<std::uint32_t>(i);
  return planVectors(r, heads, DataKind::Meta, vectors);
}

std::shared_ptr<const FetchPlan> planVectors(const Request& r, int heads, DataKind kind,
                                             const std::vector<std::uint32_t>& tokens, int fuse) {
  const int bytes = (r.d * elementBits(r, kind) + 7) / 8;
  const std::uint64_t vb = static_cast<std::uint64_t>(bytes * fuse);
  const std::uint64_t base = regionBase(r.layer, std::max(1, heads), r.head, kind);
  auto plan = std::make_shared<FetchPlan>();
  // Written through pointers into an array sized for the most blocks a vector can touch (its
  // whole 32-byte blocks plus one straddled; left unwritten until then), then trimmed: a
  // push_back per block checked the capacity every time.
  plan->txAddr.resize(tokens.size() * (vb / kTransactionBytes + 2));
  plan->vecEndTx.resize(tokens.size());
  std::uint64_t* tx = plan->txAddr.data();
  std::uint32_t* vecEnd = plan->vecEndTx.data();
  std::size_t count = 0;
  std::uint64_t last = ~0ull;  // the last block planned
  for (std::size_t v = 0; v < tokens.size(); ++v) {
    const std::uint64_t a = base + tokens[v] * vb;
    std::uint64_t blk = a >> kTransactionShift;
    const std::uint64_t end = (a + vb - 1) >> kTransactionShift;
    if (blk == last) ++blk;  // shared with the previous vector: fetched once
    for (; blk <= end; ++blk) tx[count++] = blk << kTransactionShift;
    last = end;
    vecEnd[v] = static_cast<std::uint32_t>(count);
  }
  plan->txAddr.resize(count);
  plan->payloadBytes = vb * tokens.size();
  return plan;
}

}  // namespace spatten::core
