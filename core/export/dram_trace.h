#pragma once
// DRAM request traces for the two memory simulators people use, and the address mapping
// between them and the built-in HBM2 model (docs/formats.md, "DRAM request traces"):
//  * DRAMsim3: `0x12345680 READ 121` (hex byte address, READ/WRITE, the cycle the request
//    enters the memory system), with an .ini of the hardware's HBM2 organisation and timing;
//  * Ramulator 2 LoadStoreTrace: `LD 0x229f6f80` (one request per line, no time), with a YAML.
// Addresses are written in each tool's own linear mapping so that every request lands in the
// channel, pseudo-channel, bank group, bank, row and column the simulator used (after its XOR
// bank hash), and parsed back the same way. Thread: pure functions.

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "core/sim/hw_config.h"

namespace spatten::core {

class Simulator;

enum class DramTraceFormat { DramSim3, Ramulator2 };

// "dramsim3" / "ramulator2"; anything else throws Error(option, "", "unknown format ...").
DramTraceFormat parseDramTraceFormat(const std::string& name, const std::string& option);
const char* dramTraceFormatName(DramTraceFormat f);
// The configuration file written beside a trace: TRACE.ini (DRAMsim3), TRACE.yaml (Ramulator 2).
std::string dramConfigPath(const std::string& tracePath, DramTraceFormat f);

// One 32-byte read where the HBM2 model puts it (bank group and bank after its XOR hash).
struct DramRequestRecord {
  std::uint64_t cycle = 0;  // cycle the channel controller accepted it
  int channel = 0, pseudoChannel = 0, bankGroup = 0, bank = 0;
  std::uint32_t row = 0, column = 0;
  bool operator==(const DramRequestRecord&) const = default;
};

// The organisation both tools are configured with; every count a power of two (else the
// constructor throws Error(source, "hw.hbm.<field>", ...)).
struct DramOrganisation {
  int channels = 16, pseudoChannels = 2, bankGroups = 4, banksPerGroup = 4, columns = 32;
  DramOrganisation() = default;
  DramOrganisation(const HwConfig& hw, const std::string& source);
};

// Every DRAM read of a finished simulation that logged at LogLevel::Full, ordered by (cycle,
// channel). Throws Error("<dram trace>", "log level", ...) when the log lacks DRAM requests.
std::vector<DramRequestRecord> dramRequests(const Simulator& sim);

// Address of `r` in the format's mapping, and back (the low 5 bits are ignored, as both tools
// do for 32-byte requests; throws Error(source, field, ...) for a row beyond 32 bits).
std::uint64_t exportAddress(const DramOrganisation& o, DramTraceFormat f,
                            const DramRequestRecord& r);
DramRequestRecord importAddress(const DramOrganisation& o, DramTraceFormat f, std::uint64_t addr,
                                const std::string& source, const std::string& field);
// The built-in model's internal address of `r` (the inverse of decodeAddress's bank hash).
std::uint64_t internalAddress(const DramOrganisation& o, const DramRequestRecord& r);

// Writes the trace (one line per request) and returns the configuration file's text; `traceName`
// is the trace's file name as the configuration refers to it (Ramulator 2's Frontend.path).
void writeDramTrace(const std::vector<DramRequestRecord>& reqs, const HwConfig& hw,
                    DramTraceFormat f, std::ostream& out);
std::string dramConfigText(const std::vector<DramRequestRecord>& reqs, const HwConfig& hw,
                           DramTraceFormat f, const std::string& traceName);

}  // namespace spatten::core
