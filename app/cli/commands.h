#pragma once
// Registration hooks for spatten-cli subcommands. Each cmd_<name>.cpp defines one function that
// adds its subcommand (with --help) to the app and sets its callback. Callbacks throw
// spatten::core::Error (or CLI11 errors) on bad input; main() turns them into a one-line error and
// a non-zero exit code.

#include <CLI/CLI.hpp>

namespace spatten::cli {

void addTokenizeCommand(CLI::App& app);
void addInferCommand(CLI::App& app);
void addRunCommand(CLI::App& app);
void addSimulateCommand(CLI::App& app);
void addParamsCommand(CLI::App& app);
void addCompareCommand(CLI::App& app);
void addDramReplayCommand(CLI::App& app);
void addSweepCommand(CLI::App& app);
void addSweepMergeCommand(CLI::App& app);
void addExportCommand(CLI::App& app);

}  // namespace spatten::cli
