// Reading DRAMsim3 and Ramulator 2 request traces (the grammar of docs/formats.md).
#include <fmt/format.h>

#include <charconv>
#include <string_view>

#include "core/export/dram_replay.h"
#include "core/util/error.h"
#include "core/util/file_read.h"
#include "core/util/message_text.h"

namespace spatten::core {
namespace {

// Whitespace-separated fields of one line (spaces and tabs; a trailing CR is dropped).
std::vector<std::string_view> fields(std::string_view line) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    const std::size_t start = i;
    while (i < line.size() && line[i] != ' ' && line[i] != '\t') ++i;
    if (i > start) out.push_back(line.substr(start, i - start));
  }
  return out;
}

struct LineError {
  const std::string& path;
  std::size_t line;
  [[noreturn]] void operator()(const char* field, const std::string& msg) const {
    throw Error(path, fmt::format("line {}: {}", line, field), msg);
  }
};

std::uint64_t number(std::string_view s, int base, const LineError& fail, const char* field,
                     const char* what) {
  std::uint64_t v = 0;
  const char* end = s.data() + s.size();
  const auto [p, ec] = std::from_chars(s.data(), end, v, base);
  if (s.empty() || ec == std::errc::result_out_of_range)
    fail(field, fmt::format("{} {} is not a 64-bit number", what, quoteText(s)));
  if (ec != std::errc() || p != end)
    fail(field, fmt::format("{} {} is not a {} number", what, quoteText(s),
                            base == 16 ? "hexadecimal" : "decimal"));
  return v;
}

// "0x..." (hexadecimal) or, for Ramulator 2, a decimal number.
std::uint64_t address(std::string_view s, bool decimalAllowed, const LineError& fail) {
  if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
    return number(s.substr(2), 16, fail, "address", "address");
  if (!decimalAllowed)
    fail("address", fmt::format("address {} must be hexadecimal with 0x", quoteText(s)));
  return number(s, 10, fail, "address", "address");
}

}  // namespace

DramTrace readDramTrace(const std::string& path, DramTraceFormat f, const HwConfig& hw) {
  const std::string text = readRegularFile(path, kDramTraceFileLimit);
  const DramOrganisation org(hw, "--hw");
  DramTrace t;
  t.format = f;
  t.timed = f == DramTraceFormat::DramSim3;
  std::size_t pos = 0, lineNo = 0;
  std::uint64_t lastCycle = 0;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string::npos) end = text.size();
    const std::string_view line(text.data() + pos, end - pos);
    pos = end + 1;
    ++lineNo;
    const LineError fail{path, lineNo};
    const std::vector<std::string_view> fs = fields(line);
    if (fs.empty()) continue;  // both tools skip blank lines
    DramRequestRecord r;
    std::uint64_t addr = 0;
    if (f == DramTraceFormat::DramSim3) {
      if (fs.size() != 3)
        fail("fields", fmt::format("{} fields; a DRAMsim3 line is 'ADDRESS READ|WRITE CYCLE' "
                                   "(e.g. 0x12345680 READ 121)",
                                   fs.size()));
      addr = address(fs[0], false, fail);
      if (fs[1] == "WRITE")
        fail("command", "WRITE: the built-in HBM2 model has no writes; replay reads only");
      if (fs[1] != "READ")
        fail("command", fmt::format("{} is not READ or WRITE", quoteText(fs[1])));
      r.cycle = number(fs[2], 10, fail, "cycle", "cycle");
      if (r.cycle > kDramTraceMaxCycle)
        fail("cycle", fmt::format("cycle {} is beyond the replay limit of {} cycles", r.cycle,
                                  kDramTraceMaxCycle));
      if (r.cycle < lastCycle)
        fail("cycle", fmt::format("cycle {} is before the previous request's {}; DRAMsim3 traces "
                                  "are in time order",
                                  r.cycle, lastCycle));
      lastCycle = r.cycle;
    } else {
      if (fs.size() != 2)
        fail("fields", fmt::format("{} fields; a Ramulator 2 LoadStoreTrace line is 'LD|ST "
                                   "ADDRESS' (e.g. LD 0x229f6f80)",
                                   fs.size()));
      if (fs[0] == "ST")
        fail("command", "ST: the built-in HBM2 model has no writes; replay loads only");
      if (fs[0] != "LD") fail("command", fmt::format("{} is not LD or ST", quoteText(fs[0])));
      addr = address(fs[1], true, fail);
    }
    const DramRequestRecord where =
        importAddress(org, f, addr, path, fmt::format("line {}: address", lineNo));
    r.channel = where.channel;
    r.pseudoChannel = where.pseudoChannel;
    r.bankGroup = where.bankGroup;
    r.bank = where.bank;
    r.row = where.row;
    r.column = where.column;
    t.requests.push_back(r);
  }
  if (t.requests.empty()) throw Error(path, "", "no requests: the trace is empty");
  return t;
}

}  // namespace spatten::core
