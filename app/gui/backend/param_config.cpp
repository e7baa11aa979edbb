#include "app/gui/backend/param_config.h"

#include "app/gui/backend/run_presets.h"
#include "core/config/assign.h"
#include "core/config/registry.h"
#include "core/util/error.h"

namespace spatten::app {
namespace {

template <typename Config>
void apply(const core::ParamTable<Config>& table, Config& c, const ParamValues& values,
           const std::string& source) {
  for (const auto& [key, v] : values) {
    const auto* row = table.find(key);
    if (!row) throw core::Error(source, key, "unknown parameter");
    core::checkParam(row->spec, v, source);
    core::ParamTable<Config>::set(c, *row, v);
  }
}

template <typename Config>
ParamValues valuesOfTable(const core::ParamTable<Config>& table, const Config& c) {
  ParamValues out;
  for (const auto& row : table.rows()) out[row.spec.key] = core::ParamTable<Config>::get(c, row);
  return out;
}

}  // namespace

core::RunConfig runConfigFrom(const QString& preset, const ParamValues& values,
                              const std::string& source,
                              const core::ParamTable<core::RunConfig>& table) {
  core::RunConfig c = core::presetConfig(preset.toStdString());
  apply(table, c, values, source);
  core::validate(c, source);
  return c;
}

core::HwConfig hwConfigFrom(const QString& preset, const ParamValues& values,
                            const std::string& source,
                            const core::ParamTable<core::HwConfig>& table) {
  core::HwConfig c = core::HwConfig::preset(preset.toStdString());
  apply(table, c, values, source);
  c.validate(source, "hw.");
  return c;
}

core::RunConfig runConfigOf(const AnalysisRequest& request, bool bert) {
  ParamValues values = request.runParams;
  values["generate"] = std::int64_t{bert ? 0 : request.generate};
  const QString preset = request.runPreset.isEmpty() ? defaultRunPreset(bert) : request.runPreset;
  return runConfigFrom(preset, values, "<parameters>");
}

core::HwConfig hwConfigOf(const AnalysisRequest& request) {
  const QString preset = request.hwPreset.isEmpty() ? defaultHardwarePreset() : request.hwPreset;
  return hwConfigFrom(preset, request.hwParams, "<hardware panel>");
}

ParamValues valuesOf(const core::RunConfig& run) {
  return valuesOfTable(core::runParams(), run);
}
ParamValues valuesOf(const core::HwConfig& hw) {
  return valuesOfTable(core::hwParams(), hw);
}

ParamAssignments parseAssignments(const QStringList& sets) {
  ParamAssignments out;
  for (const QString& set : sets) {
    const std::string assignment = set.toStdString();
    const auto eq = assignment.find('=');
    const std::string key = eq == std::string::npos ? assignment : assignment.substr(0, eq);
    const core::ParamSpec* spec = eq == std::string::npos ? nullptr : core::findParam(key);
    if (!spec) {
      // Malformed or unknown: core says why exactly as spatten-cli does (it always throws here).
      core::RunConfig run;
      core::HwConfig hw;
      core::applyParameter(assignment, &run, &hw, "--set");
      throw core::Error("--set", key, "unknown parameter");
    }
    const core::ParamValue v = core::parseParam(*spec, assignment.substr(eq + 1), "--set");
    (core::hwParams().find(key) ? out.hw : out.run)[key] = v;
  }
  return out;
}

}  // namespace spatten::app
