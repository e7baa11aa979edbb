#include "app/gui/backend/run_presets.h"

#include "app/gui/backend/param_config.h"
#include "core/config/registry.h"

namespace spatten::app {

QStringList runPresetNames() {
  QStringList out;
  for (const core::Preset& p : core::runPresets()) out << QString::fromStdString(p.name);
  return out;
}

QString defaultRunPreset(bool bert) {
  return bert ? QStringLiteral("spatten-bert") : QStringLiteral("spatten-gpt2");
}

ParamValues runPresetValues(const QString& name) {
  if (!runPresetNames().contains(name)) return {};
  return valuesOf(core::presetConfig(name.toStdString()));
}

QStringList hardwarePresetNames() {
  QStringList out;
  for (const core::Preset& p : core::hwPresets()) out << QString::fromStdString(p.name);
  return out;
}

QString defaultHardwarePreset() {
  return hardwarePresetNames().value(0);
}

ParamValues hardwarePresetValues(const QString& name) {
  if (!hardwarePresetNames().contains(name)) return {};
  return valuesOf(core::HwConfig::preset(name.toStdString()));
}

}  // namespace spatten::app
