// spatten-cli: headless front end over spatten_core. No Qt here, by design.
#include <cstdio>
#include <exception>

#include <CLI/CLI.hpp>

#include "app/cli/commands.h"

int main(int argc, char** argv) {
  CLI::App app{"spatten-cli: SpAtten Studio's headless simulator and model tools"};
  app.set_version_flag("--version", std::string("spatten-cli ") + SPATTEN_VERSION);
  app.require_subcommand(1);
  spatten::cli::addTokenizeCommand(app);
  spatten::cli::addInferCommand(app);
  spatten::cli::addRunCommand(app);
  spatten::cli::addSimulateCommand(app);
  spatten::cli::addParamsCommand(app);
  spatten::cli::addCompareCommand(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 1;
  }
  return 0;
}
