#pragma once
// The simulator's vocabulary in one place: the modules of the paper's Fig. 8 (id, key used in
// JSON and traces, label shown to people, the paper's module number), their per-cycle states, the
// kinds of data fetched from DRAM and the kinds of logged events. Views, exports and the CLI
// name modules from kModules; nothing else keeps a parallel list.

#include <array>
#include <cstdint>

namespace spatten::core {

enum class ModuleId : std::uint8_t {
  Fetcher = 0,  // 3-6: Q/K/V fetcher, address/data crossbars, bit-width converter
  Hbm,          // 14: HBM2 (any channel busy)
  QxK,          // 7: Q x K
  Softmax,      // 8
  Requant,      // 9: progressive quantization (hold buffer + LSB refetch decision)
  TopkV,        // 10: local value pruning top-k engine (with its zero eliminator)
  AttnV,        // 11: attention prob x V
  TokenAcc,     // 1: token importance accumulator
  HeadAcc,      // 12: head importance accumulator
  TopkToken,    // 2/13: cascade token / head pruning top-k engine
  Count
};
inline constexpr int kModuleCount = static_cast<int>(ModuleId::Count);

struct ModuleInfo {
  ModuleId id;
  const char* key;      // JSON / trace name, e.g. "qk"
  const char* label;    // shown in views (UTF-8), e.g. "Q×K"
  const char* paperId;  // module number in the paper's Fig. 8
  const char* role;     // one line: what it does
};

inline constexpr std::array<ModuleInfo, kModuleCount> kModules = {{
    {ModuleId::Fetcher, "fetcher", "Fetcher", "3-6",
     "Q/K/V fetcher: address generation, 32x16 address crossbar, data crossbar, bit-width "
     "converter"},
    {ModuleId::Hbm, "hbm", "HBM2", "14", "HBM2 channels: FR-FCFS controllers, banks, refresh"},
    {ModuleId::QxK, "qk", "Q\u00d7K", "7",
     "Query x key dot products, one key-buffer line per cycle"},
    {ModuleId::Softmax, "softmax", "Softmax", "8", "Dequantize, exponent, sum, divide, requantize"},
    {ModuleId::Requant, "requant", "Requant", "9",
     "Progressive quantization: hold buffer and the LSB refetch decision"},
    {ModuleId::TopkV, "topk_v", "Top-k (V)", "10",
     "Local value pruning: quick-select top-k engine and zero eliminator"},
    {ModuleId::AttnV, "av", "Prob\u00d7V", "11", "Attention probabilities x values"},
    {ModuleId::TokenAcc, "token_acc", "Token acc", "1", "Token importance accumulator"},
    {ModuleId::HeadAcc, "head_acc", "Head acc", "12", "Head importance accumulator"},
    {ModuleId::TopkToken, "topk_token", "Top-k (tok/head)", "2/13",
     "Cascade token / head pruning top-k engine"},
}};

inline const ModuleInfo& moduleInfo(ModuleId m) {
  return kModules[static_cast<std::size_t>(m)];
}
inline const char* moduleName(ModuleId m) {
  return m < ModuleId::Count ? moduleInfo(m).key : "?";
}

// A module's state in one cycle: Busy if it did work, Stalled if it had work but was blocked
// (back-pressure, no buffer space), Idle otherwise.
enum class ModuleState : std::uint8_t { Idle = 0, Busy, Stalled };
inline const char* moduleStateName(ModuleState s) {
  return s == ModuleState::Busy ? "busy" : s == ModuleState::Stalled ? "stalled" : "idle";
}

// What a DRAM transaction carries. Meta: Quest's page metadata (a min and a max key vector per
// page, read before the keys; docs/policies.md, "What the simulator needs").
enum class DataKind : std::uint8_t { KMsb = 0, KLsb = 1, V = 2, Q = 3, Meta = 4 };
// One DRAM transaction: an HBM2 pseudo-channel burst (JESD235, BL4 x 64 bit = 32 B). Addresses
// are transaction-aligned; bits [kTransactionShift..] select the channel. The registry's
// hw.hbm.transaction_bytes is pinned to this value.
inline constexpr std::uint64_t kTransactionBytes = 32;
inline constexpr int kTransactionShift = 5;
static_assert(kTransactionBytes == (std::uint64_t{1} << kTransactionShift));

inline constexpr int kDataKinds = 5;
inline constexpr std::array<const char*, kDataKinds> kDataKindKeys = {"k_msb", "k_lsb", "v", "q",
                                                                      "meta"};
inline constexpr std::array<const char*, kDataKinds> kDataKindLabels = {"K MSB", "K LSB", "V", "Q",
                                                                        "Meta"};

enum class EventKind : std::uint8_t {
  ModuleBusy = 0,  // module worked on `request` in [cycle, cycle + duration)
  DramRequest,     // a = channel, b = flat bank (bits 0-15) | column << 16, c = row,
                   // flags bit0 = row hit, module = DataKind, cycle = accepted by the channel
                   // controller, extra = cycles until its RD issued, duration = until data
  TopkRound,       // engine `module`: a = input size, b = left size, c = right size, value = pivot,
                   // flags = select, extra = equal count
  LsbRefetch,      // request needs its K LSBs: a = keys, b = bytes
  Pruning,         // a = kept, b = input size (module TopkV: values; TopkToken: tokens/heads);
                   // TopkToken flags: 0 tokens, 1 heads, 2 a policy's top-k, 3 its min-search
  RequestDone,     // request left the datapath (after prob x V)
};

}  // namespace spatten::core
