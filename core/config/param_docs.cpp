// The parameter tables of docs/simulator.md and docs/run-config.md, generated from the registry
// (tests/core/config/tst_param_docs.cpp checks that the docs are current;
// `spatten-cli params --markdown hw|run` prints them).
#include <fmt/format.h>

#include "core/config/registry.h"

namespace spatten::core {
namespace {

std::string cell(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '|') out.push_back('\\');
    out.push_back(c);
  }
  return out;
}

template <typename Config>
std::string table(const ParamTable<Config>& params, const std::vector<Preset>& presets,
                  const std::vector<Config>& presetConfigs, const char* lastColumn) {
  // fmt::format, not operator+ chains: GCC 12 reports a false -Wrestrict on those at -O3.
  std::string out = "| parameter |";
  for (const Preset& p : presets) out += fmt::format(" {} |", p.name);
  out += fmt::format(" allowed | {} |\n|---|", lastColumn);
  for (std::size_t i = 0; i < presets.size(); ++i) out += "---|";
  out += "---|---|\n";
  std::string group;
  for (const auto& r : params.rows()) {
    if (r.spec.group != group) {
      group = r.spec.group;
      out += fmt::format("| **{}** |{}\n", cell(group), std::string(presets.size() + 2, '|'));
    }
    out += fmt::format("| `{}` |", r.spec.key);
    for (const Config& c : presetConfigs)
      out += fmt::format(" {} |", cell(formatParam(r.spec, ParamTable<Config>::get(c, r))));
    std::string last = r.spec.help.empty() ? r.spec.source : r.spec.help;
    if (!r.spec.help.empty() && r.spec.source != "docs/semantics.md")
      last = fmt::format("{} ({})", r.spec.help, r.spec.source);
    out += fmt::format(" {} | {} |\n", cell(allowedValues(r.spec)), cell(last));
  }
  return out;
}

}  // namespace

std::string hwParamsMarkdown() {
  std::vector<HwConfig> configs;
  for (const Preset& p : hwPresets()) configs.push_back(HwConfig::preset(p.name));
  return table(hwParams(), hwPresets(), configs, "meaning (source)");
}

std::string runParamsMarkdown() {
  std::vector<RunConfig> configs;
  std::vector<Preset> presets = {{"default", "RunConfig{}", {}}};
  configs.push_back(RunConfig{});
  for (const Preset& p : runPresets()) {
    presets.push_back(p);
    configs.push_back(presetConfig(p.name));
  }
  return table(runParams(), presets, configs, "meaning");
}

}  // namespace spatten::core
