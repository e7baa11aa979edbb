#pragma once
// Helpers shared by the CLI subcommands.

#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

namespace spatten::cli {

// Writes JSON atomically: to "<path>.tmp" first, then renames, so a failure never leaves a
// half-written output file. Throws spatten::core::Error naming the path on failure.
void writeJsonFile(const std::filesystem::path& path, const nlohmann::json& j);

// Same contract for arbitrary text (CSV, traces).
void writeTextFile(const std::filesystem::path& path, const std::string& text);

}  // namespace spatten::cli
