#include "core/spatten/run_config.h"

#include <fstream>
#include <sstream>

#include "core/config/registry.h"
#include "core/util/error.h"

namespace spatten::core {

void validate(const RunConfig& c, const std::string& src) {
  runParams().check(c, src);
  if (c.k_msb_bits != 0 && c.k_msb_bits + c.k_lsb_bits < 2)
    throw Error(src, "k_lsb_bits", "k_msb_bits + k_lsb_bits must be at least 2");
}

nlohmann::ordered_json toJson(const RunConfig& c) {
  return runParams().toJson(c);
}

RunConfig configFromJson(const nlohmann::json& j, const std::string& src, const RunConfig& base) {
  if (!j.is_object()) throw Error(src, "", "run configuration must be a JSON object");
  RunConfig c = base;
  runParams().applyJson(c, j, src);
  validate(c, src);
  return c;
}

RunConfig loadConfigFile(const std::string& path, const RunConfig& base) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(path, "", "cannot open run configuration");
  std::stringstream ss;
  ss << in.rdbuf();
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(ss.str());
  } catch (const nlohmann::json::parse_error& e) {
    throw Error(path, "", std::string("invalid JSON: ") + e.what());
  }
  return configFromJson(j, path, base);
}

void applySet(RunConfig& cfg, const std::string& assignment) {
  const auto eq = assignment.find('=');
  if (eq == std::string::npos || eq == 0) throw Error("--set", assignment, "expected key=value");
  RunConfig c = cfg;
  runParams().applyAssignment(c, assignment.substr(0, eq), assignment.substr(eq + 1), "--set");
  validate(c, "--set");
  cfg = c;
}

std::vector<std::string> presetNames() {
  std::vector<std::string> out;
  for (const Preset& p : runPresets()) out.push_back(p.name);
  return out;
}

RunConfig presetConfig(const std::string& name) {
  for (const Preset& p : runPresets()) {
    if (p.name != name) continue;
    RunConfig c;
    for (const auto& [key, value] : p.values)
      ParamTable<RunConfig>::set(c, *runParams().find(key), value);
    return c;
  }
  std::string names;
  for (const Preset& p : runPresets()) names += (names.empty() ? "" : ", ") + p.name;
  throw Error("<preset>", name, "unknown preset; allowed " + names);
}

}  // namespace spatten::core
