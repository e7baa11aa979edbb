#include "core/session/session.h"

#include <fmt/format.h>

#include <set>

#include "core/util/error.h"
#include "core/util/file_write.h"
#include "core/util/json_read.h"

namespace spatten::core {
namespace fs = std::filesystem;
namespace {

// The member of `j` named `key` (required) or nullptr (optional and absent).
const nlohmann::json* member(const nlohmann::json& j, const std::string& key,
                             const std::string& source, const std::string& prefix, bool required) {
  const auto it = j.find(key);
  if (it != j.end()) return &*it;
  if (required) throw Error(source, prefix + key, "missing (required)");
  return nullptr;
}

void refuseUnknown(const nlohmann::json& j, const std::set<std::string>& known,
                   const std::string& source, const std::string& prefix) {
  for (const auto& [key, value] : j.items())
    if (!known.count(key)) {
      std::string allowed;
      for (const std::string& k : known) allowed += (allowed.empty() ? "" : ", ") + k;
      throw Error(source, prefix + key, fmt::format("unknown key (allowed: {})", allowed));
    }
}

// A whole number in [lo, hi] (JSON integers only: 3.0 and "3" are refused).
std::int64_t intIn(const nlohmann::json& v, std::int64_t lo, std::int64_t hi,
                   const std::string& source, const std::string& field) {
  const bool ok =
      v.is_number_integer() &&
      (v.is_number_unsigned() ? v.get<std::uint64_t>() <= static_cast<std::uint64_t>(hi)
                              : v.get<std::int64_t>() >= lo && v.get<std::int64_t>() <= hi);
  if (!ok)
    throw Error(source, field,
                fmt::format("must be a whole number in {} .. {}, got {}", lo, hi, describeJson(v)));
  return v.get<std::int64_t>();
}

std::uint64_t uint64Of(const nlohmann::json& v, const std::string& source,
                       const std::string& field) {
  if (v.is_number_unsigned()) return v.get<std::uint64_t>();
  if (v.is_number_integer() && v.get<std::int64_t>() >= 0)
    return static_cast<std::uint64_t>(v.get<std::int64_t>());
  throw Error(source, field,
              fmt::format("must be a whole number in 0 .. 2^64-1, got {}", describeJson(v)));
}

// Runs `parse`, re-throwing its Error with `prefix` before the field ("run." + "value_keep").
template <typename F>
auto prefixed(const std::string& source, const std::string& prefix, F&& parse) {
  try {
    return parse();
  } catch (const Error& e) {
    const std::string field =
        e.field().empty() ? prefix.substr(0, prefix.size() - 1) : prefix + e.field();
    throw Error(source, field, e.message());
  }
}

SessionCursor cursorFromJson(const nlohmann::json& j, const std::string& source) {
  if (!j.is_object()) throw Error(source, "cursor", "must be an object, got " + describeJson(j));
  refuseUnknown(j, {"cycle", "iteration", "layer", "head", "query"}, source, "cursor.");
  SessionCursor c;
  c.cycle = uint64Of(*member(j, "cycle", source, "cursor.", true), source, "cursor.cycle");
  const std::pair<const char*, int*> parts[] = {
      {"iteration", &c.iteration}, {"layer", &c.layer}, {"head", &c.head}, {"query", &c.query}};
  for (const auto& [key, out] : parts)
    if (const nlohmann::json* v = member(j, key, source, "cursor.", false))
      *out = static_cast<int>(intIn(*v, -1, 1 << 30, source, std::string("cursor.") + key));
  return c;
}

}  // namespace

Session sessionFromJson(const nlohmann::json& j, const std::string& source,
                        const fs::path& baseDir) {
  if (!j.is_object())
    throw Error(source, "", "a session file must be a JSON object, got " + describeJson(j));
  const nlohmann::json& format = *member(j, "format", source, "", true);
  if (format != kSessionFormat)
    throw Error(source, "format",
                fmt::format("must be \"{}\", got {}", kSessionFormat, describeJson(format)));
  const std::int64_t version =
      intIn(*member(j, "version", source, "", true), 1, 1 << 30, source, "version");
  if (version > kSessionVersion)
    throw Error(source, "version",
                fmt::format("version {} is newer than this SpAtten Studio reads (up to {})",
                            version, kSessionVersion));
  refuseUnknown(
      j, {"format", "version", "model", "text", "generate", "seed", "run", "hw", "cursor", "view"},
      source, "");
  Session s;
  const nlohmann::json& model = *member(j, "model", source, "", true);
  if (!model.is_string() || model.get<std::string>().empty())
    throw Error(source, "model", "must be a non-empty folder path, got " + describeJson(model));
  const fs::path given = model.get<std::string>();
  s.model = (given.is_absolute() ? given : baseDir / given).lexically_normal();
  std::error_code ec;
  if (!fs::is_directory(s.model, ec))
    throw Error(source, "model",
                fmt::format("no model folder at '{}'{}", s.model.string(),
                            given.is_absolute() ? "" : " (relative to the session file)"));
  const nlohmann::json& text = *member(j, "text", source, "", true);
  if (!text.is_string()) throw Error(source, "text", "must be a string, got " + describeJson(text));
  s.text = text.get<std::string>();
  const nlohmann::json& run = *member(j, "run", source, "", true);
  if (!run.is_object()) throw Error(source, "run", "must be an object, got " + describeJson(run));
  s.run = prefixed(source, "run.", [&] { return configFromJson(run, source); });
  const std::int64_t generate =
      intIn(*member(j, "generate", source, "", true), 0, 4096, source, "generate");
  const std::uint64_t seed = uint64Of(*member(j, "seed", source, "", true), source, "seed");
  // Written twice for readers; they must agree (a hand edit of one of them is not guessed at).
  if (run.contains("generate") && s.run.generate != generate)
    throw Error(source, "generate",
                fmt::format("{} differs from run.generate {}", generate, s.run.generate));
  if (run.contains("seed") && s.run.seed != seed)
    throw Error(source, "seed", fmt::format("{} differs from run.seed {}", seed, s.run.seed));
  // Through the registry: its ranges apply (the seed to 2^53, as every other reader of it).
  s.run = configFromJson({{"generate", generate}, {"seed", seed}}, source, s.run);
  const nlohmann::json& hw = *member(j, "hw", source, "", true);
  if (!hw.is_object()) throw Error(source, "hw", "must be an object, got " + describeJson(hw));
  s.hw = prefixed(source, "hw.", [&] { return HwConfig::fromJson(hw, source); });
  if (const nlohmann::json* c = member(j, "cursor", source, "", false))
    s.cursor = cursorFromJson(*c, source);
  if (const nlohmann::json* v = member(j, "view", source, "", false)) {
    if (!v->is_object()) throw Error(source, "view", "must be an object, got " + describeJson(*v));
    s.view = *v;
  }
  return s;
}

Session loadSession(const fs::path& file) {
  const nlohmann::json j = readJsonFile(file, kSessionFileLimit);
  return sessionFromJson(j, file.string(), fs::absolute(file).parent_path());
}

nlohmann::ordered_json sessionToJson(const Session& s, const fs::path& file) {
  const fs::path dir = fs::absolute(file).parent_path().lexically_normal();
  const fs::path model = fs::absolute(s.model).lexically_normal();
  fs::path stored = model.lexically_relative(dir);
  int ups = 0;
  for (const fs::path& part : stored) ups += part == "..";
  if (stored.empty() || ups > 2) stored = model;
  if (stored.empty() || stored == ".") stored = ".";
  nlohmann::ordered_json j;
  j["format"] = kSessionFormat;
  j["version"] = kSessionVersion;
  j["model"] = stored.generic_string();
  j["text"] = s.text;
  j["generate"] = s.run.generate;
  j["seed"] = s.run.seed;
  j["run"] = toJson(s.run);
  j["hw"] = s.hw.toJson();
  nlohmann::ordered_json cursor;
  cursor["cycle"] = s.cursor.cycle;
  cursor["iteration"] = s.cursor.iteration;
  cursor["layer"] = s.cursor.layer;
  cursor["head"] = s.cursor.head;
  cursor["query"] = s.cursor.query;
  j["cursor"] = cursor;
  j["view"] = s.view.is_object() ? s.view : nlohmann::json::object();
  return j;
}

std::string sessionText(const Session& s, const fs::path& file) {
  // Invalid UTF-8 in the text would make dump() throw: replace it (U+FFFD) rather than fail a save.
  return sessionToJson(s, file).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) +
         "\n";
}

void saveSession(const Session& s, const fs::path& file) {
  writeFileAtomic(file, sessionText(s, file));
}

}  // namespace spatten::core
