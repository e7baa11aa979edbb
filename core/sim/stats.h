#pragma once
// Cumulative counters of a simulation and the figures derived from them (bandwidth, GOP/s,
// energy). Plain values: copied into every snapshot.

#include <array>
#include <cstdint>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/sim/event_log.h"
#include "core/sim/hbm2_channel.h"
#include "core/sim/hw_config.h"

namespace spatten::core {

struct ModuleCounters {
  std::uint64_t busy = 0, stalled = 0, idle = 0;
};

struct SimStats {
  std::uint64_t cycles = 0;
  std::array<ModuleCounters, kModuleCount> modules{};
  // DRAM: bytes transferred (whole 32 B transactions) and useful payload bytes, per kind.
  std::array<std::uint64_t, kDataKinds> dramBytes{};
  std::array<std::uint64_t, kDataKinds> requestedBytes{};  // sum of planned transactions x 32
  std::array<std::uint64_t, kDataKinds> payloadBytes{};
  std::vector<std::uint64_t> dramBytesPerLayer;
  std::vector<std::uint64_t> dramBytesPerChannel;
  std::uint64_t dramTransactions = 0, rowHits = 0, rowMisses = 0, dramLatencySum = 0;
  std::uint64_t dramRefreshes = 0;  // all-bank refreshes, summed over channels
  // Work.
  std::uint64_t qkMacs = 0, qkMacsRecompute = 0, avMacs = 0;
  // KV-cache policies (select_plan.h): Quest's estimate MACs on Q x K, score adds on the token
  // accumulator, selection jobs and their compares on the token/head top-k engine.
  std::uint64_t qkMacsMeta = 0, scoreAdds = 0, selectTasks = 0, selectCompares = 0;
  std::uint64_t softmaxElements = 0, topkCompares = 0, tokenTopkCompares = 0;
  std::uint64_t requestsAdmitted = 0, requestsDone = 0, lsbRefetches = 0;
  std::uint64_t valuesKept = 0, keysScored = 0;
  std::uint64_t fifoOverflows = 0;  // must stay 0 (asserted by the tests)

  std::uint64_t dramBytesTotal() const;
};

struct EnergyBreakdown {
  double dramPj = 0, qkPj = 0, avPj = 0, softmaxPj = 0, fetchPj = 0, topkPj = 0, staticPj = 0;
  double totalPj() const { return dramPj + qkPj + avPj + softmaxPj + fetchPj + topkPj + staticPj; }
};
EnergyBreakdown computeEnergy(const SimStats& s, const HwConfig& hw);

// Summary JSON (the CLI's output schema, documented in docs/cli.md).
nlohmann::json statsToJson(const SimStats& s, const HwConfig& hw);

}  // namespace spatten::core
