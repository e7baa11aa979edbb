// DRAM request traces: the address mappings of DRAMsim3 and Ramulator 2 (docs/formats.md) and
// the trace writer. The configuration files are in dram_config.cpp, the reader in
// dram_trace_read.cpp.
#include "core/export/dram_trace.h"

#include <fmt/format.h>

#include <algorithm>
#include <bit>
#include <iterator>

#include "core/sim/simulator.h"
#include "core/util/error.h"
#include "core/util/message_text.h"

namespace spatten::core {
namespace {

constexpr int kTxShift = 5;  // 32-byte requests

// XOR-fold of the row in 4-bit nibbles (the bank hash of decodeAddress, hbm2_channel.cpp).
std::uint32_t rowFold(std::uint32_t row) {
  std::uint32_t fold = 0;
  for (std::uint32_t r = row; r != 0; r >>= 4) fold ^= r & 15u;
  return fold;
}

void requirePowerOfTwo(int v, const std::string& source, const char* field) {
  if (v < 1 || !std::has_single_bit(static_cast<unsigned>(v)))
    throw Error(source, field,
                fmt::format("is {}; DRAMsim3 and Ramulator 2 map addresses by bit fields, so it "
                            "must be a power of two for a DRAM trace",
                            v));
}

}  // namespace

DramTraceFormat parseDramTraceFormat(const std::string& name, const std::string& option) {
  if (name == "dramsim3") return DramTraceFormat::DramSim3;
  if (name == "ramulator2") return DramTraceFormat::Ramulator2;
  throw Error(option, "", "unknown format " + quoteText(name) + "; allowed: dramsim3, ramulator2");
}

const char* dramTraceFormatName(DramTraceFormat f) {
  return f == DramTraceFormat::DramSim3 ? "dramsim3" : "ramulator2";
}

std::string dramConfigPath(const std::string& tracePath, DramTraceFormat f) {
  return tracePath + (f == DramTraceFormat::DramSim3 ? ".ini" : ".yaml");
}

DramOrganisation::DramOrganisation(const HwConfig& hw, const std::string& source)
    : channels(hw.hbmChannels),
      pseudoChannels(hw.hbmPseudoChannels),
      bankGroups(hw.hbmBankGroups),
      banksPerGroup(hw.hbmBanksPerGroup),
      columns(hw.hbmRowBytes / hw.hbmTransactionBytes) {
  requirePowerOfTwo(channels, source, "hw.hbm.channels");
  requirePowerOfTwo(pseudoChannels, source, "hw.hbm.pseudo_channels");
  requirePowerOfTwo(bankGroups, source, "hw.hbm.bank_groups");
  requirePowerOfTwo(banksPerGroup, source, "hw.hbm.banks_per_group");
  requirePowerOfTwo(columns, source, "hw.hbm.row_bytes");
}

std::vector<DramRequestRecord> dramRequests(const Simulator& sim) {
  const HwConfig& hw = sim.hw();
  const int banksPerPc = hw.hbmBankGroups * hw.hbmBanksPerGroup;
  std::vector<DramRequestRecord> out;
  out.reserve(static_cast<std::size_t>(sim.stats().dramTransactions));
  sim.log().forEach([&](const Event& e) {
    if (e.kind != EventKind::DramRequest) return;
    DramRequestRecord r;
    r.cycle = e.cycle;
    r.channel = static_cast<int>(e.a);
    const int flat = static_cast<int>(e.b & 0xffffu);
    r.pseudoChannel = flat / banksPerPc;
    r.bankGroup = (flat % banksPerPc) / hw.hbmBanksPerGroup;
    r.bank = flat % hw.hbmBanksPerGroup;
    r.row = e.c;
    r.column = e.b >> 16;
    out.push_back(r);
  });
  if (out.size() != sim.stats().dramTransactions)
    throw Error("<dram trace>", "log level",
                fmt::format("the simulation logged {} of its {} DRAM reads; a DRAM trace needs "
                            "LogLevel::Full",
                            out.size(), sim.stats().dramTransactions));
  // Logged at completion; a channel accepts at most one read per cycle, so (cycle, channel) is
  // a total order.
  std::sort(out.begin(), out.end(), [](const DramRequestRecord& a, const DramRequestRecord& b) {
    return a.cycle != b.cycle ? a.cycle < b.cycle : a.channel < b.channel;
  });
  return out;
}

std::uint64_t exportAddress(const DramOrganisation& o, DramTraceFormat f,
                            const DramRequestRecord& r) {
  const auto u = [](int v) { return static_cast<std::uint64_t>(v); };
  std::uint64_t x = (u(r.row) * u(o.banksPerGroup) + u(r.bank)) * u(o.bankGroups) + u(r.bankGroup);
  if (f == DramTraceFormat::DramSim3) {
    // robabgcoch (ra: 1 rank); DRAMsim3 channel = pseudo-channel * channels + channel.
    x = (x * u(o.columns) + r.column) * u(o.channels * o.pseudoChannels) +
        u(r.pseudoChannel * o.channels + r.channel);
  } else {
    // RoBaRaCoCh: channel, column, pseudo-channel, bank group, bank, row from the low bits.
    x = ((x * u(o.pseudoChannels) + u(r.pseudoChannel)) * u(o.columns) + r.column) * u(o.channels) +
        u(r.channel);
  }
  return x << kTxShift;
}

DramRequestRecord importAddress(const DramOrganisation& o, DramTraceFormat f, std::uint64_t addr,
                                const std::string& source, const std::string& field) {
  const auto u = [](int v) { return static_cast<std::uint64_t>(v); };
  std::uint64_t x = addr >> kTxShift;
  DramRequestRecord r;
  if (f == DramTraceFormat::DramSim3) {
    const std::uint64_t ch = x % u(o.channels * o.pseudoChannels);
    x /= u(o.channels * o.pseudoChannels);
    r.channel = static_cast<int>(ch % u(o.channels));
    r.pseudoChannel = static_cast<int>(ch / u(o.channels));
    r.column = static_cast<std::uint32_t>(x % u(o.columns));
    x /= u(o.columns);
  } else {
    r.channel = static_cast<int>(x % u(o.channels));
    x /= u(o.channels);
    r.column = static_cast<std::uint32_t>(x % u(o.columns));
    x /= u(o.columns);
    r.pseudoChannel = static_cast<int>(x % u(o.pseudoChannels));
    x /= u(o.pseudoChannels);
  }
  r.bankGroup = static_cast<int>(x % u(o.bankGroups));
  x /= u(o.bankGroups);
  r.bank = static_cast<int>(x % u(o.banksPerGroup));
  x /= u(o.banksPerGroup);
  if (x > 0xffffffffu)
    throw Error(source, field,
                fmt::format("address 0x{:x} is beyond the last row (2^32 rows)", addr));
  r.row = static_cast<std::uint32_t>(x);
  return r;
}

std::uint64_t internalAddress(const DramOrganisation& o, const DramRequestRecord& r) {
  const auto u = [](int v) { return static_cast<std::uint64_t>(v); };
  const std::uint32_t fold = rowFold(r.row);
  const auto bg = static_cast<std::uint64_t>(r.bankGroup) ^ (fold % u(o.bankGroups));
  const auto ba =
      static_cast<std::uint64_t>(r.bank) ^ ((fold / u(o.bankGroups)) % u(o.banksPerGroup));
  const std::uint64_t t =
      (((u(r.row) * u(o.banksPerGroup) + ba) * u(o.bankGroups) + bg) * u(o.columns) + r.column) *
          u(o.pseudoChannels) +
      u(r.pseudoChannel);
  const auto channelBits =
      static_cast<unsigned>(std::countr_zero(static_cast<unsigned>(o.channels)));
  return ((t << channelBits) | u(r.channel)) << kTxShift;
}

void writeDramTrace(const std::vector<DramRequestRecord>& reqs, const HwConfig& hw,
                    DramTraceFormat f, std::ostream& out) {
  const DramOrganisation o(hw, "--dram-trace");
  fmt::memory_buffer b;
  for (const DramRequestRecord& r : reqs) {
    const std::uint64_t a = exportAddress(o, f, r);
    if (f == DramTraceFormat::DramSim3)
      fmt::format_to(std::back_inserter(b), "0x{:08x} READ {}\n", a, r.cycle);
    else
      fmt::format_to(std::back_inserter(b), "LD 0x{:08x}\n", a);
    if (b.size() >= (1u << 20)) {
      out.write(b.data(), static_cast<std::streamsize>(b.size()));
      b.clear();
    }
  }
  out.write(b.data(), static_cast<std::streamsize>(b.size()));
}

}  // namespace spatten::core
