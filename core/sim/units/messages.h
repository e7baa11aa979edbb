#pragma once
// What travels on the datapath's ports (docs/simulator.md, "Ports"): stream beats between the
// pipeline units, fetch commands to the fetcher, and the control messages that replace direct
// writes between modules. Plain values.

#include <cstdint>
#include <memory>
#include <vector>

#include "core/sim/vocabulary.h"
#include "core/util/default_init_allocator.h"

namespace spatten::core {

inline constexpr std::uint32_t kNone = 0xffffffffu;

// A stream beat between modules: `count` elements (scores or probabilities) of (request, pass).
// Pass 1 is the recomputation after an LSB refetch. `count` is 32-bit: a beat may carry every
// score of a request (65,536 scores used to wrap a 16-bit count to 0 and stall the run).
struct Beat {
  std::uint32_t request = 0;
  std::uint32_t count = 0;
  std::uint8_t pass = 0;
  bool last = false;
};

// The 32-byte transactions of one fetch, in issue order, and for each vector the number of leading
// transactions that must have arrived for it to be complete (immutable, shared).
struct FetchPlan {
  std::vector<std::uint64_t, DefaultInitAllocator<std::uint64_t>> txAddr;  // sized, then written
  std::vector<std::uint32_t> vecEndTx;
  std::uint64_t payloadBytes = 0;
};

// Fetch priority queues of the fetcher (RTL arbiter): LSB refetch > values > queries and keys.
enum class FetchQueue : std::uint8_t { Lsb = 0, Value = 1, QueryKey = 2 };

// Fetch command to the fetcher (modules 3-6). The data is found later by (owner, kind): the
// request whose tag the buffered vectors carry (a residency group's data carries its lead's).
struct FetchCommand {
  std::uint32_t owner = 0;
  std::uint32_t request = 0;  // the request that asked (DRAM events and busy intervals)
  DataKind kind = DataKind::KMsb;
  FetchQueue queue = FetchQueue::QueryKey;
  std::shared_ptr<const FetchPlan> plan;
  std::uint32_t issueLimit = kNone;  // vectors that may be issued (V: the filter's output)
  std::uint8_t layer = 0;
};

// Top-k engine -> fetcher and prob x V: the first `emitted` kept V indices of `request` are known.
struct ValueIndices {
  std::uint32_t request = 0;
  std::uint32_t emitted = 0;
};

// Requant -> Q x K: recompute `request` after its LSB refetch (pass 1, re-issue priority).
struct Recompute {
  std::uint32_t request = 0;
};

// Requant -> controller, top-k engine, token accumulator: the final probabilities of `request`
// are known (pass 0, or pass 1 after a refetch).
struct Decided {
  std::uint32_t request = 0;
  std::uint8_t pass = 0;
};

// Prob x V -> controller, head accumulator, head top-k, fetcher: `request` left the datapath.
struct Finished {
  std::uint32_t request = 0;
};

// Work for an accumulator: `cycles` cycles on `request`.
struct AccumulatorWork {
  std::uint32_t request = 0;
  std::uint32_t cycles = 0;
};

// Work for the token/head top-k engine: keep k of n (heads = true: head pruning after a layer).
// job != kNone: a KV-cache policy's selection (select_plan.h), a top-k or, with minSearch, the
// search for the one score to evict; its end goes to the select unit.
struct PruneTask {
  std::uint32_t request = 0;
  std::uint32_t n = 0, k = 0;
  bool heads = false;
  std::uint32_t job = kNone;
  bool minSearch = false;
};

}  // namespace spatten::core
