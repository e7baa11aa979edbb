#pragma once
// Immutable per-cycle view of the simulator, produced on demand by Simulator::snapshot() and
// handed to views (Thread: immutable, safe to read from any thread). Cheap: a few hundred bytes
// plus the stats; the workload is shared, not copied.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/sim/event_log.h"
#include "core/sim/stats.h"
#include "core/workload/workload.h"

namespace spatten::core {

struct RequestRef {
  std::int64_t index = -1;  // -1: none
  int iteration = -1, layer = -1, head = -1, query = -1;
  int pass = 0;  // 1 while recomputing after an LSB refetch
};

struct FifoLevel {
  std::string name;
  std::uint64_t fill = 0, capacity = 0;
};

struct ModuleSnapshot {
  ModuleId id = ModuleId::Fetcher;
  ModuleState state = ModuleState::Idle;
  RequestRef request;
  std::vector<FifoLevel> fifos;
  std::uint64_t progress = 0, total = 0;  // e.g. keys scored of the current request
};

struct ChannelSnapshot {
  std::uint32_t addrFifo = 0, addrFifoCapacity = 0, outstanding = 0, maxOutstanding = 0;
  std::uint64_t bytes = 0;
};

struct TopkEngineSnapshot {
  std::uint32_t parallelism = 0;   // comparators per array (P)
  std::uint32_t fifoCapacity = 0;  // elements the engine's FIFOs hold
  RequestRef request;
  std::string phase;            // "idle", "fill", "rounds"
  std::uint32_t inputSize = 0;  // elements of the request (n)
  std::uint32_t k = 0;
  std::uint32_t filled = 0;
  std::uint32_t round = 0, rounds = 0;
  std::uint32_t roundInput = 0;  // elements compared in this round
  std::uint32_t compared = 0;    // comparator-array progress in this round (elements)
  std::uint32_t leftSize = 0, rightSize = 0, eqCount = 0;  // outcome of the current round
  float pivot = 0;
  std::uint32_t zeStage = 0, zeStages = 0;  // zero eliminator drain stage (round overhead)
  std::uint8_t select = 0;                  // the round pops 0: FIFO_L, 1: FIFO_R
  // The current round's candidate set, rebuilt from the request's input and the recorded rounds
  // (core/functional/topk.h): indices into the request's input (key order) in FIFO order, and their
  // values. roundCandidates.size() == roundInput. Empty while idle, and when the request carries
  // no probabilities (CSV workloads: the engine then runs on seeded pseudo-random inputs).
  std::vector<std::uint32_t> roundCandidates;
  std::vector<float> roundValues;
  RequestRef filterRequest;
  std::uint32_t filterPos = 0, emitted = 0;
};

struct SimSnapshot {
  std::uint64_t cycle = 0;
  bool finished = false;
  RequestRef current;                   // the request the Q x K unit works on (the "cursor")
  std::vector<ModuleSnapshot> modules;  // indexed by ModuleId
  std::vector<ChannelSnapshot> channels;
  TopkEngineSnapshot topk;
  std::uint32_t keyBufferUsedLines = 0, keyBufferLines = 0;
  std::uint32_t valueBufferUsedLines = 0, valueBufferLines = 0;
  std::uint32_t inflightRequests = 0;  // admitted, not yet retired
  // Requests holding key-buffer / value-buffer allocations (each <= fetcher.max_inflight_requests).
  std::uint32_t keyBufferRequests = 0, valueBufferRequests = 0;
  std::uint64_t eventCount = 0;
  SimStats stats;

  ModuleSnapshot& module(ModuleId id) { return modules[static_cast<std::size_t>(id)]; }
  const ModuleSnapshot& module(ModuleId id) const { return modules[static_cast<std::size_t>(id)]; }
};
using SnapshotPtr = std::shared_ptr<const SimSnapshot>;

// The workload's description of request `index` (none for index < 0 or past the end).
RequestRef requestRef(const Workload& w, std::int64_t index, int pass = 0);

}  // namespace spatten::core
