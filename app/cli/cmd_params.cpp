// `spatten-cli params`: the parameter registry (core/config/registry.h) — every run and hardware
// parameter with its key, default, allowed values and meaning; the presets as complete JSON
// configurations to start from; the docs' parameter tables.
#include <fmt/format.h>

#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "app/cli/cli_common.h"
#include "app/cli/commands.h"
#include "core/config/registry.h"
#include "core/util/error.h"

namespace spatten::cli {
namespace {

using namespace spatten::core;

struct ParamsOptions {
  bool json = false;
  std::string markdown;  // "hw" or "run"
  std::string preset;    // a hardware or run preset name
};

template <typename Config>
nlohmann::ordered_json describe(const ParamTable<Config>& table, const Config& defaults) {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  static const char* types[] = {"int", "real", "bool", "choice", "real_list"};
  for (const auto& r : table.rows()) {
    const ParamSpec& s = r.spec;
    nlohmann::ordered_json j;
    j["key"] = s.key;
    j["type"] = types[static_cast<int>(s.type)];
    j["default"] = std::visit([](const auto& x) { return nlohmann::ordered_json(x); },
                              ParamTable<Config>::get(defaults, r));
    j["allowed"] = allowedValues(s);
    if (s.type == ParamType::Int || s.type == ParamType::Real || s.type == ParamType::RealList) {
      j["min"] = s.min;
      j["max"] = s.max;
    }
    if (!s.choices.empty()) {
      nlohmann::ordered_json cs = nlohmann::ordered_json::array();
      for (const ParamChoice& c : s.choices)
        cs.push_back({{"value", c.value}, {"name", c.name}, {"summary", c.summary}});
      j["choices"] = cs;
    }
    j["unit"] = s.unit;
    j["label"] = s.label;
    j["group"] = s.group;
    j["help"] = s.help;
    j["source"] = s.source;
    out.push_back(j);
  }
  return out;
}

void print(const std::string& text) {
  std::fwrite(text.data(), 1, text.size(), stdout);
}

void listParams(const ParamsOptions& o) {
  if (!o.preset.empty()) {
    for (const Preset& p : hwPresets())
      if (p.name == o.preset) return print(HwConfig::preset(p.name).toJson().dump(2) + "\n");
    for (const Preset& p : runPresets())
      if (p.name == o.preset) return print(toJson(presetConfig(p.name)).dump(2) + "\n");
    throw Error("--preset", o.preset, "unknown preset (spatten-cli params lists them)");
  }
  if (o.markdown == "hw") return print(hwParamsMarkdown());
  if (o.markdown == "run") return print(runParamsMarkdown());
  if (!o.markdown.empty()) throw Error("--markdown", o.markdown, "expected hw or run");
  if (o.json) {
    nlohmann::ordered_json j;
    j["run"] = describe(runParams(), RunConfig{});
    j["hw"] = describe(hwParams(), HwConfig{});
    nlohmann::ordered_json presets;
    for (const Preset& p : hwPresets())
      presets["hw"].push_back({{"name", p.name}, {"summary", p.summary}});
    for (const Preset& p : runPresets())
      presets["run"].push_back({{"name", p.name}, {"summary", p.summary}});
    j["presets"] = presets;
    return print(j.dump(2) + "\n");
  }
  std::string out = "Run parameters (--set KEY=VALUE):\n";
  for (const auto& r : runParams().rows())
    out += fmt::format("  {:<22} {:<10} {}  {}\n", r.spec.key,
                       formatParam(r.spec, ParamTable<RunConfig>::get(RunConfig{}, r)),
                       allowedValues(r.spec), r.spec.help);
  out += "\nHardware parameters (--set hw.KEY=VALUE, simulate only):\n";
  for (const auto& r : hwParams().rows())
    out += fmt::format("  {:<30} {:<10} {}  {}\n", r.spec.key,
                       formatParam(r.spec, ParamTable<HwConfig>::get(HwConfig{}, r)),
                       allowedValues(r.spec), r.spec.help);
  out += "\nPresets: --hw";
  for (const Preset& p : hwPresets()) out += " " + p.name;
  out += "; --preset";
  for (const Preset& p : runPresets()) out += " " + p.name;
  out += " (spatten-cli params --preset NAME prints one as JSON)\n";
  print(out);
}

}  // namespace

void addParamsCommand(CLI::App& app) {
  auto o = std::make_shared<ParamsOptions>();
  CLI::App* cmd = app.add_subcommand("params", "List every run and hardware parameter and preset");
  cmd->add_flag("--json", o->json, "The registry as JSON (keys, types, ranges, units, choices)");
  cmd->add_option("--markdown", o->markdown, "The docs table of the hw or run parameters");
  cmd->add_option("--preset", o->preset, "Print a hardware or run preset as a complete JSON file");
  cmd->callback([o]() { listParams(*o); });
}

}  // namespace spatten::cli
