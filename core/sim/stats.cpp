#include "core/sim/stats.h"

namespace spatten::core {

std::uint64_t SimStats::dramBytesTotal() const {
  std::uint64_t t = 0;
  for (auto b : dramBytes) t += b;
  return t;
}

EnergyBreakdown computeEnergy(const SimStats& s, const HwConfig& hw) {
  EnergyBreakdown e;
  const double bytes = static_cast<double>(s.dramBytesTotal());
  e.dramPj = bytes * 8 * hw.eDramPerBit + static_cast<double>(s.rowMisses) * hw.eDramActivate;
  e.qkPj = static_cast<double>(s.qkMacs + s.qkMacsRecompute + s.qkMacsMeta) * hw.eQkMac;
  e.avPj = static_cast<double>(s.avMacs) * hw.eAvMac;
  e.softmaxPj = static_cast<double>(s.softmaxElements) * hw.eSoftmaxElem;
  e.fetchPj = bytes * hw.eFetchByte;
  e.topkPj = static_cast<double>(s.topkCompares + s.tokenTopkCompares + s.selectCompares) *
             hw.eTopkCompare;
  e.staticPj = static_cast<double>(s.cycles) * hw.eStaticPerCycle;
  return e;
}

nlohmann::json statsToJson(const SimStats& s, const HwConfig& hw) {
  using nlohmann::json;
  json j;
  j["cycles"] = s.cycles;
  const double seconds = static_cast<double>(s.cycles) / (hw.clockGhz * 1e9);
  j["seconds"] = seconds;
  j["requests"] = s.requestsDone;
  j["lsb_refetches"] = s.lsbRefetches;
  json byKind = json::object(), payload = json::object();
  for (int k = 0; k < kDataKinds; ++k) {
    byKind[kDataKindKeys[static_cast<std::size_t>(k)]] = s.dramBytes[static_cast<std::size_t>(k)];
    payload[kDataKindKeys[static_cast<std::size_t>(k)]] = s.payloadBytes[static_cast<std::size_t>(k)];
  }
  j["dram_bytes"] = {{"total", s.dramBytesTotal()},
                     {"by_kind", byKind},
                     {"payload_by_kind", payload},
                     {"per_layer", s.dramBytesPerLayer},
                     {"per_channel", s.dramBytesPerChannel}};
  const double peak = hw.peakBytesPerCycle();
  const double cyc = s.cycles ? static_cast<double>(s.cycles) : 1.0;
  j["dram"] = {{"transactions", s.dramTransactions},
               {"row_hits", s.rowHits},
               {"row_misses", s.rowMisses},
               {"refreshes", s.dramRefreshes},
               {"row_hit_rate", s.dramTransactions ? static_cast<double>(s.rowHits) / static_cast<double>(s.dramTransactions) : 0.0},
               {"avg_latency_cycles", s.dramTransactions ? static_cast<double>(s.dramLatencySum) / static_cast<double>(s.dramTransactions) : 0.0},
               {"bandwidth_gbps", static_cast<double>(s.dramBytesTotal()) / cyc * hw.clockGhz},
               {"peak_bandwidth_gbps", peak * hw.clockGhz},
               {"bandwidth_utilization", static_cast<double>(s.dramBytesTotal()) / cyc / peak}};
  // GOP/s: 2 ops per multiply-accumulate executed in Q x K and prob x V (docs/validation.md).
  const double opsNoRe = 2.0 * static_cast<double>(s.qkMacs + s.avMacs);
  const double opsRe = opsNoRe + 2.0 * static_cast<double>(s.qkMacsRecompute);
  j["gops"] = opsNoRe / cyc * hw.clockGhz;
  j["gops_with_recompute"] = opsRe / cyc * hw.clockGhz;
  // The work of dense attention over the keys token pruning kept: prob x V counted over every
  // kept key, as if local V pruning saved nothing (2 x qk_macs). This count reproduces the levels
  // of the paper's Fig. 19 (docs/validation.md); `gops` is the executed work.
  j["gops_kept_tokens"] = 4.0 * static_cast<double>(s.qkMacs) / cyc * hw.clockGhz;
  j["ops"] = {{"qk_macs", s.qkMacs}, {"qk_macs_recompute", s.qkMacsRecompute},
              {"av_macs", s.avMacs}, {"softmax_elements", s.softmaxElements},
              {"topk_compares", s.topkCompares}, {"token_topk_compares", s.tokenTopkCompares},
              {"keys_scored", s.keysScored}, {"values_kept", s.valuesKept},
              {"qk_macs_meta", s.qkMacsMeta}, {"score_adds", s.scoreAdds},
              {"select_tasks", s.selectTasks}, {"select_compares", s.selectCompares}};
  json mods = json::object();
  for (int m = 0; m < kModuleCount; ++m) {
    const auto& c = s.modules[static_cast<std::size_t>(m)];
    mods[moduleName(static_cast<ModuleId>(m))] = {{"busy", c.busy}, {"stall", c.stalled}, {"idle", c.idle}};
  }
  j["modules"] = mods;
  EnergyBreakdown e = computeEnergy(s, hw);
  j["energy"] = {{"total_uj", e.totalPj() * 1e-6},
                 {"dram_uj", e.dramPj * 1e-6}, {"qk_uj", e.qkPj * 1e-6}, {"av_uj", e.avPj * 1e-6},
                 {"softmax_uj", e.softmaxPj * 1e-6}, {"fetcher_uj", e.fetchPj * 1e-6},
                 {"topk_uj", e.topkPj * 1e-6}, {"static_uj", e.staticPj * 1e-6},
                 {"average_power_w", seconds > 0 ? e.totalPj() * 1e-12 / seconds : 0.0}};
  j["fifo_overflows"] = s.fifoOverflows;
  return j;
}

}  // namespace spatten::core
