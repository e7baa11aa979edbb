#pragma once
// Export of any view: PNG, SVG, PDF and CSV of the plotted data. Files are written to a temporary
// name and renamed, so a failed export never leaves half a file. Thread: GUI thread.

#include <QString>
#include <functional>
#include <vector>

class QCustomPlot;
class QWidget;

namespace spatten::views {

using CsvProvider = std::function<QString()>;

// Writes `widget` (or `plot`, rendered natively when given) to `path`; the format follows the
// extension: .png, .svg, .pdf, .csv (csv from `csv`). Returns false and sets *error on failure.
bool exportView(QWidget* widget, QCustomPlot* plot, const CsvProvider& csv, const QString& path,
                QString* error = nullptr);

// Adds a context menu (Export PNG/SVG/PDF/CSV...) to `widget` that asks for a file name and calls
// exportView. `baseName` is the suggested file name without extension.
void installExportMenu(QWidget* widget, QCustomPlot* plot, CsvProvider csv, const QString& baseName);

// A chart installExportMenu registered: what File > Export and Export all write (app/gui/exports).
struct ChartSource {
  QString name;  // the base name given to installExportMenu ("timeline", "attention", ...)
  QWidget* widget = nullptr;
  QCustomPlot* plot = nullptr;  // rendered natively (vector SVG/PDF) when set
  CsvProvider csv;              // may be empty
};
// The charts under `root` (every widget installExportMenu was called on), in creation order.
std::vector<ChartSource> chartsIn(QWidget* root);

// CSV helpers: quotes a field when needed (RFC 4180).
QString csvField(const QString& text);

}  // namespace spatten::views
