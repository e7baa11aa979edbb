#pragma once
// File > Load / Save run configuration and hardware configuration: the same JSON files as
// spatten-cli's --config and --hw (core::loadConfigFile / HwConfig::load read them; what is
// saved is core::toJson / HwConfig::toJson of the configuration the worker would run, written
// atomically). Questions and errors go through the session document's DocumentPrompts.
// Thread: GUI thread.

#include <QObject>
#include <QString>

class QAction;

namespace spatten::app {

class MainWindow;

class ConfigFiles : public QObject {
  Q_OBJECT
public:
  explicit ConfigFiles(MainWindow* window);

  QAction* loadRun;
  QAction* saveRun;
  QAction* loadHardware;
  QAction* saveHardware;

  // Empty path: ask. Return false when cancelled or failed (the whole error shown).
  bool loadRunFile(const QString& path = {});
  bool saveRunFile(const QString& path = {});
  bool loadHardwareFile(const QString& path = {});
  bool saveHardwareFile(const QString& path = {});

private:
  QString askOpen(const QString& path, const QString& title);
  QString askSave(const QString& path, const QString& title, const QString& suggestion);
  bool write(const QString& path, const std::string& text);
  void fail(const QString& title, const std::exception& e);

  MainWindow* m_window;
};

}  // namespace spatten::app
