#include "app/gui/settings_store.h"

#include <QAction>
#include <QDir>
#include <QDockWidget>
#include <QFileInfo>
#include <QSettings>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "app/gui/actions.h"
#include "app/gui/backend/run_presets.h"
#include "app/gui/input_panel.h"
#include "app/gui/main_window.h"
#include "app/gui/parameters_panel.h"
#include "app/gui/presentation.h"
#include "app/gui/tour/tour_panel.h"
#include "core/config/assign.h"
#include "core/util/error.h"

namespace spatten::app {
namespace {

// Settings keys. Parameter values live in groups "run" / "hardware", one key each. Version 2:
// canonical registry keys, values as JSON text. Version 1 (no kVersion; before the registry): the
// old panel's keys and plain numbers, migrated on restore (readVersion1).
const QString kVersion = QStringLiteral("settings/version");
constexpr int kSettingsVersion = 2;
const QString kGeometry = QStringLiteral("window/geometry");
const QString kState = QStringLiteral("window/state");
const QString kModel = QStringLiteral("input/modelDir");
const QString kText = QStringLiteral("input/text");
const QString kGenerate = QStringLiteral("input/generate");
const QString kRunPreset = QStringLiteral("parameters/runPreset");
const QString kHwPreset = QStringLiteral("parameters/hardwarePreset");
const QString kTheme = QStringLiteral("view/theme");  // "light" or "dark"
const QString kHighContrast = QStringLiteral("view/highContrast");
const QString kFollow = QStringLiteral("view/followSimulator");
const QString kZoom = QStringLiteral("view/zoom");
const QString kTourChapter = QStringLiteral("tour/chapter");  // chapter id: the resume point
const QString kRecent = QStringLiteral("sessions/recent");

// One key per parameter (canonical registry key), its value as JSON text (core::paramToJson):
// 0.35, 16, true, "h2o", [0.9, 0.5].
void writeValues(QSettings& s, const QString& group, const ParamValues& values) {
  s.remove(group);
  s.beginGroup(group);
  for (const auto& [key, value] : values)
    s.setValue(QString::fromStdString(key),
               QString::fromStdString(core::paramToJson(value).dump()));
  s.endGroup();
}

// The saved values of the keys the panel has (`current`), read back with core::paramFromJson;
// unknown keys, text that is not JSON and values the registry refuses are ignored.
ParamValues readValues(QSettings& s, const QString& group, ParamValues current) {
  s.beginGroup(group);
  for (auto& [key, value] : current) {
    const QString text = s.value(QString::fromStdString(key)).toString();
    const core::ParamSpec* spec = core::findParam(key);
    if (text.isEmpty() || !spec) continue;
    try {
      value = core::paramFromJson(*spec, nlohmann::json::parse(text.toStdString()), "settings");
    } catch (const std::exception&) {
      // stale or hand-edited: keep the current value
    }
  }
  s.endGroup();
  return current;
}

// Version 1 values: run keys were already the registry's; hardware keys lacked "hw." and
// "multipliers" set both the Q x K and the prob x V multipliers. Numbers only (booleans as 0/1).
// Appends "old -> new" to *migrated and "key = value (reason)" to *ignored.
ParamValues readVersion1(QSettings& s, const QString& group, bool hardware, QStringList* migrated,
                         QStringList* ignored) {
  ParamValues out;
  s.beginGroup(group);
  for (const QString& old : s.childKeys()) {
    std::vector<std::string> keys{old.toStdString()};
    if (hardware)
      keys = old == QStringLiteral("multipliers")
                 ? std::vector<std::string>{"hw.qk.multipliers", "hw.av.multipliers"}
                 : std::vector<std::string>{"hw." + old.toStdString()};
    const QString text = s.value(old).toString();
    bool ok = false;
    const double x = text.toDouble(&ok);
    QStringList renamed;
    try {
      if (!ok) throw core::Error("", "", "not a number");
      for (const std::string& key : keys) {
        const core::ParamSpec* spec = core::findParam(key);
        if (!spec) throw core::Error("", "", "no such parameter any more");
        core::ParamValue v = x;
        if (spec->type == core::ParamType::Bool) v = x != 0;
        if (spec->type == core::ParamType::Int || spec->type == core::ParamType::Choice)
          v = static_cast<std::int64_t>(std::llround(x));
        core::checkParam(*spec, v, "settings");
        out[key] = v;
        renamed << QString::fromStdString(key);
      }
      if (renamed != QStringList{old})
        *migrated << old + QStringLiteral(" \u2192 ") + renamed.join(QLatin1Char('+'));
    } catch (const core::Error& e) {
      *ignored << QStringLiteral("%1 = %2 (%3)").arg(old, text, QString::fromUtf8(e.what()));
    }
  }
  s.endGroup();
  return out;
}

}  // namespace

void saveSettings(const MainWindow& window, QSettings& settings) {
  settings.setValue(kVersion, kSettingsVersion);
  settings.setValue(kGeometry, window.saveGeometry());
  settings.setValue(kState, window.saveState());
  const views::Appearance& look = window.presentation()->appearance();
  settings.setValue(kTheme, look.dark ? QStringLiteral("dark") : QStringLiteral("light"));
  settings.setValue(kHighContrast, look.highContrast);
  settings.setValue(kZoom, look.zoom);
  settings.setValue(kFollow, window.actions()->followSimulator->isChecked());
  settings.setValue(kTourChapter, tourChapters()[static_cast<std::size_t>(window.tour()->chapter())].id);
  settings.setValue(kModel, window.inputPanel()->modelDir());
  settings.setValue(kText, window.inputPanel()->text());
  settings.setValue(kGenerate, window.inputPanel()->generate());
  const ParametersPanel* p = window.parametersPanel();
  settings.setValue(kRunPreset, p->runPreset());
  settings.setValue(kHwPreset, p->hardwarePreset());
  writeValues(settings, QStringLiteral("run"), p->runValues());
  writeValues(settings, QStringLiteral("hardware"), p->hardwareValues());
  settings.sync();
}

bool restoreSettings(MainWindow& window, QSettings& settings, bool inputs, QString* note) {
  if (settings.contains(kGeometry)) window.restoreGeometry(settings.value(kGeometry).toByteArray());
  if (settings.contains(kState)) window.restoreState(settings.value(kState).toByteArray());
  if (!window.tour()->isOpen()) window.tour()->dock()->hide();  // F2 resumes it
  views::Appearance look = window.presentation()->appearance();
  look.dark = settings.value(kTheme).toString() == QStringLiteral("dark");
  look.highContrast = settings.value(kHighContrast, false).toBool();
  bool zoomOk = false;
  const double zoom = settings.value(kZoom, 1.0).toDouble(&zoomOk);
  if (zoomOk) look.zoom = zoom;  // Presentation clamps it
  window.presentation()->setAppearance(look);
  window.actions()->followSimulator->setChecked(settings.value(kFollow, true).toBool());
  const QString chapter = settings.value(kTourChapter).toString();
  for (std::size_t i = 0; i < tourChapters().size(); ++i)
    if (tourChapters()[i].id == chapter) window.tour()->setChapter(static_cast<int>(i));
  if (!inputs || !settings.contains(kModel)) return false;
  InputPanel* in = window.inputPanel();
  const QString dir = settings.value(kModel).toString();
  if (!dir.isEmpty() && QFileInfo::exists(QDir(dir).filePath(QStringLiteral("config.json"))))
    in->setModelDir(dir, false);  // resets the run preset to the model's default (restored below)
  if (settings.contains(kText)) in->setText(settings.value(kText).toString());
  if (settings.contains(kGenerate)) in->setGenerate(settings.value(kGenerate).toInt());
  ParametersPanel* p = window.parametersPanel();
  const QString runPreset = settings.value(kRunPreset).toString();
  if (runPresetNames().contains(runPreset)) p->setRunPresets(runPresetNames(), runPreset);
  const QString hwPreset = settings.value(kHwPreset).toString();
  if (hardwarePresetNames().contains(hwPreset))
    p->setHardwarePresets(hardwarePresetNames(), hwPreset);
  if (settings.value(kVersion, 1).toInt() >= kSettingsVersion) {
    p->setRunValues(readValues(settings, QStringLiteral("run"), p->runValues()));
    p->setHardwareValues(readValues(settings, QStringLiteral("hardware"), p->hardwareValues()));
    return true;
  }
  QStringList migrated, ignored;
  p->setRunValues(readVersion1(settings, QStringLiteral("run"), false, &migrated, &ignored));
  p->setHardwareValues(
      readVersion1(settings, QStringLiteral("hardware"), true, &migrated, &ignored));
  if (note && !(migrated.isEmpty() && ignored.isEmpty())) {
    *note = QStringLiteral(
        "Settings of an older SpAtten Studio: parameters read under the "
        "registry's keys (spatten-cli params)");
    if (!migrated.isEmpty()) *note += QStringLiteral(": ") + migrated.join(QStringLiteral(", "));
    if (!ignored.isEmpty())
      *note += QStringLiteral("; ignored: ") + ignored.join(QStringLiteral("; "));
    *note += QStringLiteral(". They are saved with the new keys on exit.");
  }
  return true;
}

QStringList recentSessions(QSettings& settings) {
  return settings.value(kRecent).toStringList();
}

void setRecentSessions(QSettings& settings, const QStringList& files) {
  settings.setValue(kRecent, files);
  settings.sync();
}

}  // namespace spatten::app
