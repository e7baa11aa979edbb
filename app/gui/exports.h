#pragma once
// Chart exports of the main window (File > Export, File > Export all, spatten-studio
// --export-session): every chart a view registered (views/common/chart_export.h) as PNG at 1x, 2x
// and 4x, SVG, PDF and CSV, at a fixed size (kChartSize, so the same session gives the same bytes
// in the GUI and from spatten-cli export), each self-describing: PNG tEXt/zTXt/iTXt chunks, SVG
// <title>/<desc>, PDF Title/Creator, a "# " header in CSV, with the model, text, configuration,
// layer/head/pass/cycle and the project version. Files are written atomically (QSaveFile).
// Charts are drawn from what the views show now (their tab is made current while drawing).
// Thread: GUI thread.

#include <QByteArray>
#include <QSize>
#include <QString>
#include <QStringList>
#include <vector>

namespace spatten::app {

class MainWindow;

inline constexpr QSize kChartSize{1200, 800};

// "png", "png@2x", "png@4x", "svg", "pdf", "csv": one file per chart each.
QStringList chartVariants();
// The chart formats of spatten-cli export's --formats ("png" means all three scales; "html" is
// one report of every chart, app/gui/report.h).
QStringList chartFormats();
inline constexpr const char* kReportFile = "report.html";

// The charts of the window's views, in tab order: name, the view's tab title, whether it has CSV.
struct ChartInfo {
  QString name, view;
  bool csv = false;
};
std::vector<ChartInfo> chartList(const MainWindow& window);

// One chart in one variant ("png", "png@2x", "png@4x", "svg", "pdf", "csv"), as exportChart
// writes it. Empty with *error on failure.
QByteArray chartBytes(MainWindow& window, const QString& chart, const QString& variant,
                      QString* error);

// What every file says about itself (ExportMeta::lines() in this order).
struct ExportMeta {
  QString chart, software, model, text, configuration, position;
  QStringList lines() const;  // "chart: ...", "software: ...", ...
};
ExportMeta exportMeta(const MainWindow& window, const QString& chart);

// One chart in one variant to `path`. False with *error (the whole reason) on failure.
bool exportChart(MainWindow& window, const QString& chart, const QString& variant,
                 const QString& path, QString* error);

// The HTML report (reportHtml) to `path`. False with *error on failure.
bool exportReport(MainWindow& window, const QString& path, QString* error);

// The file names exportCharts writes for `formats` (chart formats): "<chart>.png",
// "<chart>@2x.png", "<chart>@4x.png", "<chart>.svg", "<chart>.pdf", "<chart>.csv" and, for
// "html", report.html.
QStringList chartFiles(const MainWindow& window, const QStringList& formats);
// Writes them into `dir`. False with *error at the first failure.
bool exportCharts(MainWindow& window, const QString& dir, const QStringList& formats,
                  QString* error);

// spatten-studio --export-session FILE --out DIR --formats LIST (what spatten-cli export runs for
// the chart formats): opens the session, waits for its result, cursor, timeline and summary,
// writes the charts of `formats` (a subset of chartFormats()). Returns the exit status (0 = all
// written) and prints the whole error to stderr otherwise.
int exportSessionCharts(MainWindow& window, const QString& session, const QString& dir,
                        const QStringList& formats);

}  // namespace spatten::app
