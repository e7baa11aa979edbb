#pragma once
// SpAtten Studio session files (.spatten.json, docs/formats.md "Session files"): everything
// needed to reopen a piece of work: the model folder, the text, the run and hardware
// configurations (the same JSON as spatten-cli's --config and --hw), the seed, the stepping cursor
// and the GUI's selection and view state (an opaque object core only carries). spatten-cli
// (export, sweep) and the GUI read them through loadSession. Qt-free. Thread-safe (no state).

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "core/functional/run_config.h"
#include "core/sim/hw_config.h"

namespace spatten::core {

inline constexpr const char* kSessionFormat = "spatten-session";
inline constexpr int kSessionVersion = 1;
inline constexpr std::size_t kSessionFileLimit = 32 * 1024 * 1024;  // text up to 16 MiB + JSON

// Where the simulator stood when the session was saved. `cycle` is what is restored (the
// simulator replays to it); iteration/layer/head/query describe that cycle (-1 = none) so a
// reader needs no simulation to know it.
struct SessionCursor {
  std::uint64_t cycle = 0;
  int iteration = -1, layer = -1, head = -1, query = -1;
  bool operator==(const SessionCursor&) const = default;
};

struct Session {
  std::filesystem::path model;  // model folder; absolute after loadSession
  std::string text;
  // run.generate and run.seed are the session's generation length and seed (written at the top
  // level as well, for people reading the file).
  RunConfig run;
  HwConfig hw;
  SessionCursor cursor;
  nlohmann::json view = nlohmann::json::object();  // GUI-owned, carried unchanged
};

// Reads and checks a session file: readJsonFile's limits, "format" and "version" first, every
// field's type and range (the run and hw configurations through their registry parsers), unknown
// keys refused, the model folder resolved against the file's directory and required to exist.
// Throws Error(file, field, ...) naming the field ("run.token_keep_end", "hw.topk.parallelism",
// "cursor.cycle", "model", ...).
Session loadSession(const std::filesystem::path& file);
// The same checks on a parsed document; relative model paths are resolved against `baseDir`.
Session sessionFromJson(const nlohmann::json& j, const std::string& source,
                        const std::filesystem::path& baseDir);

// The document for `file` (keys in a fixed order; the model folder relative to the file's
// directory when that needs at most two "..", else absolute).
nlohmann::ordered_json sessionToJson(const Session& s, const std::filesystem::path& file);
// sessionToJson as written: 2-space indentation, one trailing newline. Deterministic.
std::string sessionText(const Session& s, const std::filesystem::path& file);
// Writes sessionText atomically (core/util/file_write.h). Throws Error(file, "", ...).
void saveSession(const Session& s, const std::filesystem::path& file);

}  // namespace spatten::core
