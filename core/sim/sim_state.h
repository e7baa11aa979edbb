#pragma once
// Internal state records of the datapath (value types; copied with the Simulator).

#include <array>
#include <cstdint>
#include <memory>
#include <vector>

#include "core/sim/event_log.h"
#include "core/sim/fifo.h"
#include "core/sim/hbm2_channel.h"
#include "core/spatten/topk.h"

namespace spatten::core {

inline constexpr std::uint32_t kNone = 0xffffffffu;

// Immutable part of a fetch job: the 32 B transaction addresses in issue order, and for each
// vector the number of leading transactions that must have arrived for it to be complete.
struct FetchPlan {
  std::vector<std::uint64_t> txAddr;
  std::vector<std::uint32_t> vecEndTx;
  std::uint64_t payloadBytes = 0;
};

struct FetchJob {
  std::shared_ptr<const FetchPlan> plan;
  std::uint32_t request = 0;
  DataKind kind = DataKind::KMsb;
  std::uint8_t layer = 0;
  bool live = false;
  std::uint32_t issued = 0, completed = 0, prefix = 0, readyVectors = 0;
  std::uint32_t issueLimit = kNone;  // vectors whose transactions may be issued (V: filter output)
  std::vector<std::uint8_t> done;    // per transaction: arrived
  std::uint32_t vectors() const { return static_cast<std::uint32_t>(plan->vecEndTx.size()); }
  bool complete() const { return completed == plan->txAddr.size(); }
};

// K/V residency group: one request in generation, all queries of a head in summarization.
struct GroupState {
  bool live = false;
  std::uint32_t kJob = kNone, vJob = kNone, lsbJob = kNone;
  std::uint32_t keyLines = 0, valLines = 0;
  std::uint32_t members = 0, undecided = 0, unfinished = 0;
  bool fused = false;  // two heads' keys fetched as one vector (kJob); LSBs per request
  std::shared_ptr<const std::vector<std::uint32_t>> tokens;
};

struct ReqState {
  std::uint32_t idx = 0;
  std::uint32_t group = kNone;
  bool groupLead = false;
  std::uint8_t layer = 0;
  int keys = 0, vals = 0, d = 64;
  bool refetch = false, skipTopk = false, resident = false;
  std::uint32_t qJob = kNone, vJob = kNone;  // vJob: own V fetch (generation)
  std::uint32_t lsbJob = kNone;              // own LSB refetch (member of a fused group)
  std::uint32_t valLines = 0;
  std::shared_ptr<const std::vector<std::uint32_t>> tokens;  // alive key token ids, ascending
  std::shared_ptr<const TopKResult> topk;                    // local-V selection (null: skipped)
  // Progress.
  std::array<std::uint32_t, 2> qkDone{};   // keys scored per pass (0: MSB, 1: after LSB)
  std::array<std::uint32_t, 2> holdBeats{};
  std::array<std::uint32_t, 2> holdElems{};
  bool decided = false;  // final probabilities known (after the requant decision)
  int finalPass = 0;
  std::uint32_t filled = 0;     // elements taken by the top-k engine
  std::uint32_t vEmitted = 0;   // kept V indices emitted by the filter
  std::uint32_t avDone = 0;
  bool avAllIssued = false;
};

// A stream beat between modules: `count` elements of (request, pass).
struct Beat {
  std::uint32_t request = 0;
  std::uint8_t pass = 0;
  std::uint16_t count = 0;
  bool last = false;
};

struct QkTask {
  std::uint32_t request = 0;
  std::uint8_t pass = 0;
};

struct SoftmaxTask {
  std::uint32_t request = 0;
  std::uint8_t pass = 0;
  std::uint32_t elements = 0, emitted = 0;
};

struct TopkEngineState {  // module 10
  std::uint32_t request = kNone;
  enum class Phase : std::uint8_t { Idle, Fill, Rounds } phase = Phase::Idle;
  std::uint32_t round = 0, roundCycle = 0, roundCycles = 0;
  // Filter + zero eliminator (separate comparators; overlaps the next request's quick-select).
  std::uint32_t filterRequest = kNone, filterPos = 0, filterTail = 0;
  // topk.model = 1 (RTL TopKDummy): requests in its data FIFO, oldest first. Only the head
  // request counts its latency (from the cycle its first beat is at the head); once released its
  // beats pop one per cycle, the first `vals` elements going on as V indices.
  struct Held {
    std::uint32_t request = 0, filled = 0, n = 0, latency = 0, waited = 0, popped = 0;
    bool released = false;
  };
  std::vector<Held> held;  // at most a few entries (FIFO of topk.dummy_fifo_elements)
  std::uint32_t heldElements = 0;
};

struct TokenTopkState {  // modules 2 / 13: off the critical path
  struct Task {
    std::uint32_t request = 0;
    std::uint32_t n = 0, k = 0;
    bool heads = false;
  };
  std::vector<Task> queue;
  std::shared_ptr<const TopKResult> current;
  Task task;
  std::uint32_t round = 0, roundCycle = 0, filterLeft = 0;
  bool active = false;
};

}  // namespace spatten::core
