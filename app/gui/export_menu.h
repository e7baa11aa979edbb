#pragma once
// File > Export (one chart in one format, or one data/trace format into a folder) and File >
// Export all... (every chart in every format plus every data and trace format into a folder, the
// same files as `spatten-cli export --session`). Asks before replacing files; the data and trace
// formats run the session once more on a pool thread (core::writeSessionExports), so the GUI
// never blocks; the charts are drawn on the GUI thread (app/gui/exports.h). Thread: GUI thread.

#include <QObject>
#include <QString>
#include <QStringList>

class QAction;
class QMenu;

namespace spatten::app {

class MainWindow;

class ExportMenu : public QObject {
  Q_OBJECT
public:
  explicit ExportMenu(MainWindow* window);

  QMenu* menu;               // File > Export
  QAction* exportAllAction;  // File > Export all...

  // Writes every export into `dir` (asks before replacing existing files). Returns false when
  // cancelled or a chart failed; the data formats finish later (finished()).
  bool exportAll(const QString& dir = {});
  // Writes `formats` (core::sessionDataFormats()) of the current session into `dir`.
  bool exportData(const QString& dir, const QStringList& formats);
  bool isBusy() const { return m_busy; }

signals:
  // After the data formats of exportAll / exportData: error empty on success.
  void finished(const QString& error);

private:
  void addChartActions(QMenu* viewMenu, const QString& chart, bool csv);
  bool confirmReplace(const QString& dir, const QStringList& files);
  void report(const QString& error, const QString& done);

  MainWindow* m_window;
  bool m_busy = false;
};

}  // namespace spatten::app
