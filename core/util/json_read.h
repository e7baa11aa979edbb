#pragma once
// The one way core parses untrusted JSON: bounded nesting (a 200k-deep array would overflow
// the stack of any recursive walk, dump() or comparison later), duplicate keys rejected (they
// would silently mean "last wins"), and errors that name the source and never echo more than
// a short escaped quote of the input. Thread-safe (no shared state).

#include <cstddef>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace spatten::core {

// Deepest nesting of arrays/objects accepted. Every JSON file core reads needs at most 5.
inline constexpr int kMaxJsonDepth = 64;

// Parses `text`. Throws Error(source, field, ...) with "not valid JSON: parse error at line L,
// column C: ...", "nesting deeper than 64 levels ..." or "duplicate key 'k' in <path>".
nlohmann::json parseJson(std::string_view text, const std::string& source,
                         const std::string& field = "");

// readRegularFile (file_read.h) + parseJson; `source` in errors is the path.
nlohmann::json readJsonFile(const std::filesystem::path& path, std::size_t maxBytes);

// A short description of an untrusted JSON value for an error message: scalars as written
// (strings quoted and escaped, cut at kMessageQuoteLimit), containers as "an array of N
// elements" / "an object of N keys". Never walks into containers, so it is safe at any depth.
std::string describeJson(const nlohmann::json& v);

}  // namespace spatten::core
