#include "core/functional/run_config.h"


#include "core/config/registry.h"
#include "core/util/error.h"
#include "core/util/file_read.h"
#include "core/util/json_read.h"

namespace spatten::core {

void validate(const RunConfig& c, const std::string& src) {
  runParams().check(c, src);
  if (c.k_msb_bits != 0 && c.k_msb_bits + c.k_lsb_bits < 2)
    throw Error(src, "k_lsb_bits", "k_msb_bits + k_lsb_bits must be at least 2");
  if (c.pool_kernel % 2 == 0)
    throw Error(src, "pool_kernel", std::to_string(c.pool_kernel) + " is even; allowed odd 1..255");
}

const std::vector<std::string>& policyNames() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (const ParamChoice& c : runParams().find("policy")->spec.choices) out.push_back(c.name);
    return out;
  }();
  return names;
}

std::string policyDisplayName(const std::string& policy) {
  static const std::pair<const char*, const char*> names[] = {
      {"spatten", "SpAtten"}, {"streaming", "StreamingLLM"}, {"h2o", "H2O"}, {"tova", "TOVA"},
      {"quest", "Quest"},     {"snapkv", "SnapKV"},          {"oracle", "Oracle"}};
  for (const auto& [name, display] : names)
    if (policy == name) return display;
  return policy;
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
  // Bounded read of a regular file (a FIFO or /dev/zero is an error, not a hang), bounded depth,
  // duplicate keys rejected (core/util/json_read.h).
  return configFromJson(readJsonFile(path, kConfigFileLimit), path, base);
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
