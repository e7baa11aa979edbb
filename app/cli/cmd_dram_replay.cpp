// spatten-cli dram-replay: replays a DRAMsim3 or Ramulator 2 request trace through the built-in
// HBM2 model alone (core/export/dram_replay.h) and writes cycles, bandwidth, row-hit rate and a
// latency histogram as JSON (schema and the side-by-side procedure in docs/formats.md).
#include <CLI/CLI.hpp>
#include <memory>
#include <string>
#include <vector>

#include "app/cli/cli_common.h"
#include "app/cli/commands.h"
#include "app/cli/output_files.h"
#include "core/config/assign.h"
#include "core/export/dram_replay.h"
#include "core/util/error.h"

namespace spatten::cli {
namespace {

struct DramReplayOptions {
  std::string trace, format, hw = "spatten", json;
  std::vector<std::string> sets;
  int issueWidth = 1;
};

}  // namespace

void addDramReplayCommand(CLI::App& app) {
  auto opts = std::make_shared<DramReplayOptions>();
  CLI::App* cmd = app.add_subcommand(
      "dram-replay", "Replay a DRAM request trace through the built-in HBM2 model alone");
  cmd->add_option("--trace", opts->trace, "DRAM request trace (DRAMsim3 or Ramulator 2 format)")
      ->required();
  cmd->add_option("--format", opts->format, "Trace format: dramsim3 | ramulator2")->required();
  cmd->add_option("--hw", opts->hw, "Hardware: spatten | spatten-1of8 | FILE.json")
      ->capture_default_str();
  cmd->add_option("--set", opts->sets, "Override a hardware parameter: hw.hbm.nBL=4");
  cmd->add_option("--issue-width", opts->issueWidth,
                  "Requests issued per cycle for untimed traces (Ramulator 2: its LoadStoreTrace "
                  "frontend sends 1), 1..1024")
      ->check(CLI::Range(1, 1024))
      ->capture_default_str();
  cmd->add_option("--json", opts->json, "Output report JSON")->required();
  cmd->callback([opts]() {
    OutputFiles outputs;
    outputs.add("--json", opts->json);
    const core::DramTraceFormat f = core::parseDramTraceFormat(opts->format, "--format");
    core::HwConfig hw = core::HwConfig::load(opts->hw);
    // Run parameters are refused by applyParameter (no run config); each assignment validates.
    for (const std::string& s : opts->sets) core::applyParameter(s, nullptr, &hw);
    const core::DramTrace trace = core::readDramTrace(opts->trace, f, hw);
    const core::DramReplayResult r = core::replayDramTrace(trace, hw, opts->issueWidth);
    nlohmann::json j = core::dramReplayJson(r, trace, hw, opts->issueWidth);
    outputs.write("--json", jsonText(j));
    outputs.commit();
  });
}

}  // namespace spatten::cli
