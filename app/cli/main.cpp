// spatten-cli: headless front end over spatten_core. No Qt here, by design.
#include <cstdio>
#include <exception>

#include <CLI/CLI.hpp>

#include "app/cli/commands.h"

int main(int argc, char** argv) {
  CLI::App app{"spatten-cli: SpAtten Studio's headless simulator and model tools"};
  app.set_version_flag("--version", std::string("spatten-cli ") + SPATTEN_VERSION);
  app.require_subcommand(1);
#ifdef SPATTEN_CLI_HAS_TOKENIZE
  spatten::cli::addTokenizeCommand(app);
#endif
#ifdef SPATTEN_CLI_HAS_INFER
  spatten::cli::addInferCommand(app);
#endif
#ifdef SPATTEN_CLI_HAS_RUN
  spatten::cli::addRunCommand(app);
#endif
#ifdef SPATTEN_CLI_HAS_SIMULATE
  spatten::cli::addSimulateCommand(app);
#endif
#ifdef SPATTEN_CLI_HAS_COMPARE
  spatten::cli::addCompareCommand(app);
#endif
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
