#include "app/gui/export_menu.h"

#include <QAction>
#include <QDir>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QMenu>
#include <QStatusBar>
#include <QtConcurrent/QtConcurrentRun>

#include "app/gui/exports.h"
#include "app/gui/main_window.h"
#include "app/gui/session_document.h"
#include "app/gui/session_state.h"
#include "core/session/session_export.h"
#include "views/common/chart_export.h"

namespace spatten::app {
namespace {

QStringList dataFiles(const QStringList& formats) {
  QStringList out;
  for (const QString& f : formats)
    for (const std::string& name : core::sessionDataFiles(f.toStdString()))
      out << QString::fromStdString(name);
  return out;
}

QStringList allDataFormats() {
  QStringList out;
  for (const std::string& f : core::sessionDataFormats()) out << QString::fromStdString(f);
  return out;
}

}  // namespace

ExportMenu::ExportMenu(MainWindow* window) : QObject(window), m_window(window) {
  menu = new QMenu(QStringLiteral("&Export"), window);
  menu->setObjectName(QStringLiteral("exportMenu"));
  for (const ViewEntry& v : window->views()) {
    const std::vector<views::ChartSource> charts = views::chartsIn(v.widget);
    if (charts.empty()) continue;
    QMenu* viewMenu = menu->addMenu(v.title);
    for (const views::ChartSource& c : charts) {
      if (charts.size() > 1) viewMenu->addSection(c.name);
      addChartActions(viewMenu, c.name, static_cast<bool>(c.csv));
      // The chart's right-click menu offers the same self-describing exports (replacing the
      // plain one views/ installs, which knows nothing of the model or configuration).
      QObject::disconnect(c.widget, &QWidget::customContextMenuRequested, nullptr, nullptr);
      auto* context = new QMenu(c.widget);
      addChartActions(context, c.name, static_cast<bool>(c.csv));
      connect(c.widget, &QWidget::customContextMenuRequested, context,
              [context, w = c.widget](const QPoint& pos) { context->popup(w->mapToGlobal(pos)); });
    }
  }
  menu->addSeparator();
  const std::pair<const char*, const char*> data[] = {
      {"json", "Run summary JSON"},        {"perfetto", "Perfetto / Chrome trace"},
      {"vcd", "VCD waveform (GTKWave)"},   {"ramulator2", "Ramulator 2 DRAM trace"},
      {"dramsim3", "DRAMsim3 DRAM trace"}, {"workload", "SpAtten workload CSV"}};
  for (const auto& [format, label] : data) {
    QAction* a = menu->addAction(QStringLiteral("%1 into folder...").arg(QString::fromUtf8(label)));
    a->setObjectName(QStringLiteral("actionExport_%1").arg(QString::fromUtf8(format)));
    connect(a, &QAction::triggered, this, [this, f = QString::fromUtf8(format)] {
      const QString dir =
          m_window->document()->prompts()->folderPath(QStringLiteral("Export into"));
      if (!dir.isEmpty() && confirmReplace(dir, dataFiles({f}))) exportData(dir, {f});
    });
  }
  menu->addSeparator();
  QAction* report = menu->addAction(QStringLiteral("HTML report..."));
  report->setObjectName(QStringLiteral("actionExportReport"));
  connect(report, &QAction::triggered, this, [this] {
    DocumentPrompts* p = m_window->document()->prompts();
    const QString path = p->savePath(QStringLiteral("Export HTML report"),
                                     QDir::home().filePath(QString::fromLatin1(kReportFile)),
                                     QStringLiteral("HTML (*.html)"));
    if (path.isEmpty()) return;
    QString error;
    if (!exportReport(*m_window, path, &error))
      p->showError(QStringLiteral("Export failed"), error);
    else
      m_window->statusBar()->showMessage(QStringLiteral("Exported %1").arg(path), 8000);
  });
  exportAllAction = new QAction(QStringLiteral("Export &all..."), this);
  exportAllAction->setObjectName(QStringLiteral("actionExportAll"));
  exportAllAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E));
  connect(exportAllAction, &QAction::triggered, this, [this] { exportAll(); });
}

void ExportMenu::addChartActions(QMenu* viewMenu, const QString& chart, bool csv) {
  const std::pair<QString, QString> variants[] = {
      {QStringLiteral("png"), QStringLiteral("PNG")},
      {QStringLiteral("png@2x"), QStringLiteral("PNG 2x")},
      {QStringLiteral("png@4x"), QStringLiteral("PNG 4x")},
      {QStringLiteral("svg"), QStringLiteral("SVG")},
      {QStringLiteral("pdf"), QStringLiteral("PDF")},
      {QStringLiteral("csv"), QStringLiteral("CSV")}};
  for (const auto& [variant, label] : variants) {
    if (variant == QStringLiteral("csv") && !csv) continue;
    QAction* a = viewMenu->addAction(QStringLiteral("%1 %2...").arg(chart, label));
    connect(a, &QAction::triggered, this, [this, chart, variant = variant] {
      const QString scale = variant.section(QLatin1Char('@'), 1);
      const QString ext = variant.section(QLatin1Char('@'), 0, 0);
      const QString name = scale.isEmpty() ? QStringLiteral("%1.%2").arg(chart, ext)
                                           : QStringLiteral("%1@%2.png").arg(chart, scale);
      DocumentPrompts* p = m_window->document()->prompts();
      const QString path =
          p->savePath(QStringLiteral("Export %1").arg(chart), QDir::home().filePath(name),
                      QStringLiteral("%1 (*.%2)").arg(ext.toUpper(), ext));
      QString error;
      if (path.isEmpty()) return;
      if (!exportChart(*m_window, chart, variant, path, &error))
        p->showError(QStringLiteral("Export failed"), error);
      else
        m_window->statusBar()->showMessage(QStringLiteral("Exported %1").arg(path), 8000);
    });
  }
}

bool ExportMenu::confirmReplace(const QString& dir, const QStringList& files) {
  QStringList existing;
  for (const QString& f : files)
    if (QFileInfo::exists(QDir(dir).filePath(f))) existing << f;
  if (existing.isEmpty()) return true;
  const QString list =
      existing.size() > 12
          ? (existing.mid(0, 12) << QStringLiteral("...")).join(QStringLiteral(", "))
          : existing.join(QStringLiteral(", "));
  return m_window->document()->prompts()->askOverwrite(
      QStringLiteral("%1 of the files already exist in %2 (%3). Replace them?")
          .arg(existing.size())
          .arg(dir, list));
}

void ExportMenu::report(const QString& error, const QString& done) {
  if (!error.isEmpty())
    m_window->document()->prompts()->showError(QStringLiteral("Export failed"), error);
  else
    m_window->statusBar()->showMessage(done, 8000);
}

bool ExportMenu::exportAll(const QString& given) {
  const QString dir =
      given.isEmpty()
          ? m_window->document()->prompts()->folderPath(QStringLiteral("Export all into"))
          : given;
  if (dir.isEmpty() || m_busy) return false;
  const QStringList formats = allDataFormats();
  if (!confirmReplace(dir, chartFiles(*m_window, chartFormats()) + dataFiles(formats)))
    return false;
  QString error;
  if (!exportCharts(*m_window, dir, chartFormats(), &error)) {
    report(error, {});
    return false;
  }
  return exportData(dir, formats);
}

bool ExportMenu::exportData(const QString& dir, const QStringList& formats) {
  if (m_busy) return false;
  core::Session s;
  try {
    s = sessionOf(*m_window, nullptr);
  } catch (const std::exception& e) {
    report(QString::fromUtf8(e.what()), {});
    return false;
  }
  std::vector<std::string> list;
  for (const QString& f : formats) list.push_back(f.toStdString());
  m_busy = true;
  auto* watcher = new QFutureWatcher<QString>(this);
  connect(watcher, &QFutureWatcher<QString>::finished, this, [this, watcher, dir] {
    const QString error = watcher->result();
    watcher->deleteLater();
    m_busy = false;
    report(error, QStringLiteral("Exported into %1").arg(dir));
    emit finished(error);
  });
  watcher->setFuture(QtConcurrent::run([s, dir, list]() -> QString {
    try {
      core::writeSessionExports(s, dir.toStdString(), list);
      return {};
    } catch (const std::exception& e) {
      return QString::fromUtf8(e.what());
    }
  }));
  return true;
}

}  // namespace spatten::app
