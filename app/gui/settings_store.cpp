#include "app/gui/settings_store.h"

#include <QDir>
#include <QFileInfo>
#include <QSettings>
#include <map>
#include <string>

#include "app/gui/backend/run_presets.h"
#include "app/gui/input_panel.h"
#include "app/gui/main_window.h"
#include "app/gui/parameters_panel.h"
#include "app/gui/presentation.h"

namespace spatten::app {
namespace {

// Settings keys (version 1). Parameter values live in groups "run" / "hardware", one key each.
const QString kGeometry = QStringLiteral("window/geometry");
const QString kState = QStringLiteral("window/state");
const QString kModel = QStringLiteral("input/modelDir");
const QString kText = QStringLiteral("input/text");
const QString kGenerate = QStringLiteral("input/generate");
const QString kRunPreset = QStringLiteral("parameters/runPreset");
const QString kHwPreset = QStringLiteral("parameters/hardwarePreset");
const QString kTheme = QStringLiteral("view/theme");  // "light" or "dark"
const QString kHighContrast = QStringLiteral("view/highContrast");
const QString kZoom = QStringLiteral("view/zoom");

void writeValues(QSettings& s, const QString& group, const std::map<std::string, double>& values) {
  s.remove(group);
  s.beginGroup(group);
  for (const auto& [key, value] : values) s.setValue(QString::fromStdString(key), value);
  s.endGroup();
}

// Saved values for the keys the panel knows (`current`); unknown or stale keys are ignored.
std::map<std::string, double> readValues(QSettings& s, const QString& group,
                                         std::map<std::string, double> current) {
  s.beginGroup(group);
  for (auto& [key, value] : current) {
    bool ok = false;
    const double v = s.value(QString::fromStdString(key)).toDouble(&ok);
    if (ok) value = v;
  }
  s.endGroup();
  return current;
}

}  // namespace

void saveSettings(const MainWindow& window, QSettings& settings) {
  settings.setValue(kGeometry, window.saveGeometry());
  settings.setValue(kState, window.saveState());
  const views::Appearance& look = window.presentation()->appearance();
  settings.setValue(kTheme, look.dark ? QStringLiteral("dark") : QStringLiteral("light"));
  settings.setValue(kHighContrast, look.highContrast);
  settings.setValue(kZoom, look.zoom);
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

bool restoreSettings(MainWindow& window, QSettings& settings, bool inputs) {
  if (settings.contains(kGeometry)) window.restoreGeometry(settings.value(kGeometry).toByteArray());
  if (settings.contains(kState)) window.restoreState(settings.value(kState).toByteArray());
  views::Appearance look = window.presentation()->appearance();
  look.dark = settings.value(kTheme).toString() == QStringLiteral("dark");
  look.highContrast = settings.value(kHighContrast, false).toBool();
  bool zoomOk = false;
  const double zoom = settings.value(kZoom, 1.0).toDouble(&zoomOk);
  if (zoomOk) look.zoom = zoom;  // Presentation clamps it
  window.presentation()->setAppearance(look);
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
  p->setRunValues(readValues(settings, QStringLiteral("run"), p->runValues()));
  const QString hwPreset = settings.value(kHwPreset).toString();
  if (hardwarePresetNames().contains(hwPreset))
    p->setHardwarePresets(hardwarePresetNames(), hwPreset);
  p->setHardwareValues(readValues(settings, QStringLiteral("hardware"), p->hardwareValues()));
  return true;
}

}  // namespace spatten::app
