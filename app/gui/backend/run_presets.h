#pragma once
// Run and hardware presets as the parameters panel sees them. Values come from core (run config
// presets and hardware presets of core/config/presets.cpp); an empty map means "core does not provide it in this build".
// Thread: any.

#include <QString>
#include <QStringList>

#include <map>
#include <string>

namespace spatten::app {

QStringList runPresetNames();
QString defaultRunPreset(bool bert);
std::map<std::string, double> runPresetValues(const QString& name);

QStringList hardwarePresetNames();
QString defaultHardwarePreset();
std::map<std::string, double> hardwarePresetValues(const QString& name);

}  // namespace spatten::app
