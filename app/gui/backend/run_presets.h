#pragma once
// Run and hardware presets as the parameters panel sees them: names and values straight from
// core's registry (core::runPresets(), core::hwPresets(), core/config/presets.cpp), as typed
// values by canonical key. Thread: any.

#include <QString>
#include <QStringList>

#include "app/gui/backend/analysis_request.h"

namespace spatten::app {

QStringList runPresetNames();
QString defaultRunPreset(bool bert);  // the family's paper setting
// Every run parameter of the preset's configuration; empty for an unknown name.
ParamValues runPresetValues(const QString& name);

QStringList hardwarePresetNames();
QString defaultHardwarePreset();  // the first of core::hwPresets() (Table I)
// Every hardware parameter ("hw.*") of the preset's configuration; empty for an unknown name.
ParamValues hardwarePresetValues(const QString& name);

}  // namespace spatten::app
