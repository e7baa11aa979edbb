// spatten-cli: headless front end over spatten_core. No Qt here, by design.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <exception>

#include "app/cli/commands.h"
#include "app/cli/output_files.h"
#include "core/model/gemm.h"

int main(int argc, char** argv) {
  CLI::App app{"spatten-cli: SpAtten Studio's headless simulator and model tools"};
  app.set_version_flag("--version",
                       std::string("spatten-cli ") + SPATTEN_VERSION +
                           "\nmatrix products: " + spatten::core::gemm::describeLevel());
  app.require_subcommand(1);
  spatten::cli::addTokenizeCommand(app);
  spatten::cli::addInferCommand(app);
  spatten::cli::addRunCommand(app);
  spatten::cli::addSimulateCommand(app);
  spatten::cli::addParamsCommand(app);
  spatten::cli::addCompareCommand(app);
  spatten::cli::addDramReplayCommand(app);
  spatten::cli::addSweepCommand(app);
  spatten::cli::addSweepMergeCommand(app);
  spatten::cli::addExportCommand(app);
  spatten::cli::installInterruptCleanup();  // Ctrl-C: no partial output files
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    // docs/cli.md: every bad input is one "error:" line and exit status 1 (CLI11 would use
    // 104..108 and no prefix).
    std::fprintf(stderr, "error: %s (see --help)\n", e.what());
    return 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 1;
  }
  return 0;
}
