// The configuration files written beside a DRAM trace: a DRAMsim3 .ini and a Ramulator 2 YAML
// with the hardware's HBM2 organisation and timing (docs/formats.md lists every field and the
// few the tools cannot express).
#include <fmt/format.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <iterator>

#include "core/export/dram_trace.h"
#include "core/util/error.h"

namespace spatten::core {
namespace {

std::uint32_t maxRow(const std::vector<DramRequestRecord>& reqs) {
  std::uint32_t m = 0;
  for (const DramRequestRecord& r : reqs) m = std::max(m, r.row);
  return m;
}

// No refresh (hw.hbm.nREFI = 0) is written as a refresh interval no run reaches.
int refreshInterval(const HwConfig& hw) {
  return hw.nREFI > 0 ? hw.nREFI : 1000000000;
}

std::string dramsim3Ini(const std::vector<DramRequestRecord>& reqs, const HwConfig& hw) {
  const DramOrganisation o(hw, "--dram-trace");
  if (hw.nBL < 1 || hw.nBL > 64 || !std::has_single_bit(static_cast<unsigned>(hw.nBL)))
    throw Error(
        "--dram-trace", "hw.hbm.nBL",
        fmt::format("is {}; DRAMsim3 needs a power of two (its burst is BL / 2 cycles)", hw.nBL));
  // DRAMsim3: burst_cycle = BL / 2, request = bus_width / 8 * BL bytes = 32, HBM "columns" are
  // doubled internally (prefetch 2), page = 2 * columns * device_width / 8 bytes.
  const int bl = 2 * hw.nBL;
  const int busWidth = 256 / bl;
  const int columns = 4 * hw.hbmRowBytes / busWidth;
  const std::uint32_t rows = std::max<std::uint32_t>(
      1u << 14, std::bit_ceil(static_cast<std::uint32_t>(maxRow(reqs)) + 1));
  const long long megsPerRank = static_cast<long long>(hw.hbmRowBytes) * (rows / 1024) / 1024 *
                                o.bankGroups * o.banksPerGroup;
  const int queue = std::max(1, hw.hbmMaxOutstanding / o.pseudoChannels);
  fmt::memory_buffer b;
  auto out = std::back_inserter(b);
  fmt::format_to(
      out,
      "; DRAMsim3 configuration written by SpAtten Studio (docs/formats.md): the HBM2 of\n"
      "; hardware '{}'. Each HBM2 pseudo-channel is one DRAMsim3 channel (channel =\n"
      "; pseudo-channel * {} + HBM2 channel); 32-byte requests.\n"
      "; Not expressible: DRAMsim3 derives tRC = tRAS + tRP = {} (built-in model: {}),\n"
      "; and its pseudo-channels do not share a command bus.\n\n",
      hw.name, o.channels, hw.nRAS + hw.nRP, hw.nRC);
  fmt::format_to(out,
                 "[dram_structure]\nprotocol = HBM2\nbankgroups = {}\nbanks_per_group = {}\n"
                 "rows = {}\ncolumns = {}\ndevice_width = {}\nBL = {}\nnum_dies = 1\n"
                 "hbm_dual_cmd = true\n\n",
                 o.bankGroups, o.banksPerGroup, rows, columns, busWidth, bl);
  fmt::format_to(out,
                 "[timing]\ntCK = {}\nAL = 0\nCL = {}\nCWL = 2\ntRCD = {}\ntRCDRD = {}\n"
                 "tRCDWR = {}\ntRP = {}\ntRAS = {}\ntRFC = {}\ntREFI = {}\ntRRD_S = {}\n"
                 "tRRD_L = {}\ntFAW = {}\ntCCD_S = {}\ntCCD_L = {}\ntRTP = {}\ntRTRS = 0\n"
                 "tWTR_S = 3\ntWTR_L = 4\ntWR = 8\ntRPRE = 1\ntWPRE = 1\n\n",
                 1.0 / hw.clockGhz, hw.nCL, hw.nRCD, hw.nRCD, hw.nRCD, hw.nRP, hw.nRAS, hw.nRFC,
                 refreshInterval(hw), hw.nRRDS, hw.nRRDL, hw.nFAW, hw.nCCDS, hw.nCCDL, hw.nRTP);
  fmt::format_to(out,
                 "[system]\nchannel_size = {}\nchannels = {}\nbus_width = {}\n"
                 "address_mapping = rorababgcoch\nqueue_structure = PER_RANK\n"
                 "refresh_policy = RANK_LEVEL_SIMULTANEOUS\nrow_buf_policy = OPEN_PAGE\n"
                 "cmd_queue_size = {}\ntrans_queue_size = {}\n\n"
                 "[other]\nepoch_period = 100000000\noutput_level = 1\n",
                 megsPerRank, o.channels * o.pseudoChannels, busWidth, queue, queue);
  return fmt::to_string(b);
}

std::string ramulator2Yaml(const std::vector<DramRequestRecord>& reqs, const HwConfig& hw,
                           const std::string& traceName) {
  const DramOrganisation o(hw, "--dram-trace");
  // Ramulator 2: 32-byte transactions = prefetch 2 x channel_width 128 bits; its refresh table
  // knows densities of 2, 4, 8 and 16 Gb per channel, so the row count is picked among them.
  const int columnCount = 2 * o.columns;
  const std::uint64_t perRowBits = static_cast<std::uint64_t>(o.pseudoChannels) * o.bankGroups *
                                   o.banksPerGroup * columnCount * 128;
  const std::uint64_t needRows = static_cast<std::uint64_t>(maxRow(reqs)) + 1;
  std::uint64_t rows = 0, density = 0;
  for (std::uint64_t mb : {8192u, 16384u}) {  // HBM2_8Gb (the preset's organisation), 16Gb
    const std::uint64_t r = (mb << 20) / perRowBits;
    if (r >= needRows && r * perRowBits == (mb << 20)) {
      rows = r;
      density = mb;
      break;
    }
  }
  if (rows == 0)
    throw Error("--dram-trace", "row",
                fmt::format("the trace needs {} rows per bank; no HBM2 density Ramulator 2 knows "
                            "(8 or 16 Gb per channel here) has that many with this organisation",
                            needRows));
  const int rate = static_cast<int>(std::lround(2000.0 * hw.clockGhz));
  fmt::memory_buffer b;
  auto out = std::back_inserter(b);
  fmt::format_to(out,
                 "# Ramulator 2 configuration written by SpAtten Studio (docs/formats.md): the "
                 "HBM2 of\n# hardware '{}', 32-byte requests, addresses mapped RoBaRaCoCh.\n"
                 "# LoadStoreTrace sends one request per frontend cycle (no issue times).\n",
                 hw.name);
  fmt::format_to(out,
                 "Frontend:\n  impl: LoadStoreTrace\n  path: {}\n  clock_ratio: 1\n"
                 "  Translation:\n    impl: NoTranslation\n    max_addr: {}\n\n",
                 traceName, (rows * perRowBits / 8) * static_cast<std::uint64_t>(o.channels));
  fmt::format_to(out,
                 "MemorySystem:\n  impl: GenericDRAM\n  clock_ratio: 1\n  DRAM:\n    impl: HBM2\n"
                 "    org:\n      density: {}\n      dq: 128\n      channel_width: 128\n"
                 "      channel: {}\n      pseudochannel: {}\n      bankgroup: {}\n      bank: {}\n"
                 "      row: {}\n      column: {}\n",
                 density, o.channels, o.pseudoChannels, o.bankGroups, o.banksPerGroup, rows,
                 columnCount);
  fmt::format_to(out,
                 "    timing:\n      rate: {}\n      nBL: {}\n      nCL: {}\n      nRCDRD: {}\n"
                 "      nRCDWR: {}\n      nRP: {}\n      nRAS: {}\n      nRC: {}\n      nWR: 8\n"
                 "      nRTPS: {}\n      nRTPL: 3\n      nCWL: 2\n      nCCDS: {}\n"
                 "      nCCDL: {}\n      nRRDS: {}\n      nRRDL: {}\n      nWTRS: 3\n"
                 "      nWTRL: 4\n      nRTW: 3\n      nFAW: {}\n      nRFC: {}\n"
                 "      nRFCSB: 160\n      nREFI: {}\n      nREFISB: 3900\n      nRREFD: 8\n",
                 rate, hw.nBL, hw.nCL, hw.nRCD, hw.nRCD, hw.nRP, hw.nRAS, hw.nRC, hw.nRTP, hw.nCCDS,
                 hw.nCCDL, hw.nRRDS, hw.nRRDL, hw.nFAW, hw.nRFC, refreshInterval(hw));
  fmt::format_to(out,
                 "  Controller:\n    impl: Generic\n    Scheduler:\n      impl: FRFCFS\n"
                 "    RefreshManager:\n      impl: AllBank\n    RowPolicy:\n"
                 "      impl: OpenRowPolicy\n    plugins:\n\n"
                 "  AddrMapper:\n    impl: RoBaRaCoCh\n");
  return fmt::to_string(b);
}

}  // namespace

std::string dramConfigText(const std::vector<DramRequestRecord>& reqs, const HwConfig& hw,
                           DramTraceFormat f, const std::string& traceName) {
  return f == DramTraceFormat::DramSim3 ? dramsim3Ini(reqs, hw)
                                        : ramulator2Yaml(reqs, hw, traceName);
}

}  // namespace spatten::core
