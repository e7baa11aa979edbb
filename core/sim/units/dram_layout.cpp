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
  plan->txAddr.reserve(tokens.size() * (vb / kTransactionBytes + 2));
  plan->vecEndTx.reserve(tokens.size());
  std::uint64_t last = ~0ull;
  for (std::uint32_t t : tokens) {
    const std::uint64_t a = base + t * vb;
    for (std::uint64_t blk = a >> kTransactionShift; blk <= (a + vb - 1) >> kTransactionShift;
         ++blk) {
      if (blk == last) continue;  // shared with the previous vector: fetched once
      plan->txAddr.push_back(blk << kTransactionShift);
      last = blk;
    }
    plan->vecEndTx.push_back(static_cast<std::uint32_t>(plan->txAddr.size()));
  }
  plan->payloadBytes = vb * tokens.size();
  return plan;
}

}  // namespace spatten::core
