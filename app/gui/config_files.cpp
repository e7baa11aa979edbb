#include "app/gui/config_files.h"

#include <QAction>
#include <QDir>

#include "app/gui/backend/param_config.h"
#include "app/gui/backend/run_presets.h"
#include "app/gui/input_panel.h"
#include "app/gui/main_window.h"
#include "app/gui/parameters_panel.h"
#include "app/gui/session_document.h"
#include "core/util/file_read.h"
#include "core/util/file_write.h"
#include "core/util/json_read.h"

namespace spatten::app {
namespace {
const QString kFilter = QStringLiteral("JSON (*.json)");
}

ConfigFiles::ConfigFiles(MainWindow* window) : QObject(window), m_window(window) {
  const auto make = [this](const QString& text, const QString& name) {
    auto* a = new QAction(text, this);
    a->setObjectName(name);
    return a;
  };
  loadRun = make(QStringLiteral("Load run configuration..."), QStringLiteral("actionLoadRun"));
  saveRun = make(QStringLiteral("Save run configuration..."), QStringLiteral("actionSaveRun"));
  loadHardware =
      make(QStringLiteral("Load hardware configuration..."), QStringLiteral("actionLoadHardware"));
  saveHardware =
      make(QStringLiteral("Save hardware configuration..."), QStringLiteral("actionSaveHardware"));
  connect(loadRun, &QAction::triggered, this, [this] { loadRunFile(); });
  connect(saveRun, &QAction::triggered, this, [this] { saveRunFile(); });
  connect(loadHardware, &QAction::triggered, this, [this] { loadHardwareFile(); });
  connect(saveHardware, &QAction::triggered, this, [this] { saveHardwareFile(); });
}

QString ConfigFiles::askOpen(const QString& path, const QString& title) {
  return path.isEmpty() ? m_window->document()->prompts()->openPath(title, kFilter) : path;
}

QString ConfigFiles::askSave(const QString& path, const QString& title, const QString& suggestion) {
  return path.isEmpty() ? m_window->document()->prompts()->savePath(
                              title, QDir::home().filePath(suggestion), kFilter)
                        : path;
}

void ConfigFiles::fail(const QString& title, const std::exception& e) {
  m_window->document()->prompts()->showError(title, QString::fromUtf8(e.what()));
}

bool ConfigFiles::write(const QString& path, const std::string& text) {
  try {
    core::writeFileAtomic(path.toStdString(), text);
    return true;
  } catch (const std::exception& e) {
    fail(QStringLiteral("Cannot save the configuration"), e);
    return false;
  }
}

bool ConfigFiles::loadRunFile(const QString& given) {
  const QString path = askOpen(given, QStringLiteral("Load run configuration"));
  if (path.isEmpty()) return false;
  core::RunConfig cfg;
  try {
    cfg = core::loadConfigFile(path.toStdString());  // as spatten-cli --config (no preset)
  } catch (const std::exception& e) {
    fail(QStringLiteral("Cannot load the run configuration"), e);
    return false;
  }
  m_window->editAsOne([&] {
    m_window->parametersPanel()->setRunValues(valuesOf(cfg));
    m_window->inputPanel()->setGenerate(cfg.generate);
  });
  return true;
}

bool ConfigFiles::saveRunFile(const QString& given) {
  try {
    const core::RunConfig cfg =
        runConfigOf(m_window->currentRequest(), m_window->inputPanel()->isBert());
    const QString path =
        askSave(given, QStringLiteral("Save run configuration"), QStringLiteral("run.json"));
    return !path.isEmpty() && write(path, core::toJson(cfg).dump(2) + "\n");
  } catch (const std::exception& e) {
    fail(QStringLiteral("Cannot save the run configuration"), e);
    return false;
  }
}

bool ConfigFiles::loadHardwareFile(const QString& given) {
  const QString path = askOpen(given, QStringLiteral("Load hardware configuration"));
  if (path.isEmpty()) return false;
  core::HwConfig hw;
  try {
    hw = core::HwConfig::fromJson(core::readJsonFile(path.toStdString(), core::kConfigFileLimit),
                                  path.toStdString());
  } catch (const std::exception& e) {
    fail(QStringLiteral("Cannot load the hardware configuration"), e);
    return false;
  }
  m_window->editAsOne([&] {
    ParametersPanel* p = m_window->parametersPanel();
    const QString name = QString::fromStdString(hw.name);
    if (hardwarePresetNames().contains(name)) p->setHardwarePresets(hardwarePresetNames(), name);
    p->setHardwareValues(valuesOf(hw));
  });
  return true;
}

bool ConfigFiles::saveHardwareFile(const QString& given) {
  try {
    const core::HwConfig hw = hwConfigOf(m_window->currentRequest());
    const QString path = askSave(given, QStringLiteral("Save hardware configuration"),
                                 QStringLiteral("hardware.json"));
    return !path.isEmpty() && write(path, hw.toJson().dump(2) + "\n");
  } catch (const std::exception& e) {
    fail(QStringLiteral("Cannot save the hardware configuration"), e);
    return false;
  }
}

}  // namespace spatten::app
