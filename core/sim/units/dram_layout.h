#pragma once
// Where the data of a request lives in DRAM and which 32-byte transactions fetch it
// (docs/simulator.md, "DRAM address layout"): the region of (layer, head, kind) for K MSB, K LSB,
// V and Q starts at ((layer * heads + head) * 4 + kind) << 24 (16 MiB apart, every region
// row-aligned); token j's vector at base + j * ceil(D * bits / 8) (times 2 for a fused pair of
// heads). Quest's metadata (kind Meta) lies after every such region a workload can have (256
// layers): the region of (layer, head) starts at (256 * heads * 4 + layer * heads + head) << 24,
// page-major, page p's min vector at index 2p and its max vector at 2p + 1.

#include <cstdint>
#include <memory>
#include <vector>

#include "core/sim/units/messages.h"
#include "core/workload/workload.h"

namespace spatten::core {

// Bits of one element of `kind` for request r (0 or less in the workload: 32-bit float).
int elementBits(const Request& r, DataKind kind);

// Transactions of `tokens`' vectors of `kind` for request r (heads: the model's head count);
// fuse = 2: the vectors of two heads side by side (RTL profile (6 bit, fused 2)), laid out in
// the region of r's head. A 32-byte block shared by two neighbouring vectors is fetched once.
// Transactions of the metadata of r's first r.metaFetchNum pages (2 vectors each, page-major).
std::shared_ptr<const FetchPlan> planMeta(const Request& r, int heads);

std::shared_ptr<const FetchPlan> planVectors(const Request& r, int heads, DataKind kind,
                                             const std::vector<std::uint32_t>& tokens,
                                             int fuse = 1);

}  // namespace spatten::core
