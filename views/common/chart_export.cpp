#include "views/common/chart_export.h"

#include <qcustomplot.h>

#include <QAction>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenu>
#include <QMessageBox>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QSaveFile>

#include "views/common/svg_output.h"

namespace spatten::views {
namespace {

const QString kChartTag = QStringLiteral("spattenChart");

// Carries a chart's export description, a child of its widget (found by chartsIn).
class ChartHandle : public QObject {
public:
  ChartHandle(QWidget* widget, QCustomPlot* plot, CsvProvider csv, const QString& name)
      : QObject(widget), source{name, widget, plot, std::move(csv)} {
    setObjectName(kChartTag);
  }
  ChartSource source;
};

bool writeToTempThenRename(const QString& path, const std::function<bool(const QString&)>& write,
                           QString* error) {
  const QFileInfo info(path);
  const QString tmp = info.absolutePath() + QStringLiteral("/.") + info.completeBaseName() +
                      QStringLiteral(".partial.") + info.suffix();
  QFile::remove(tmp);
  if (!write(tmp)) {
    QFile::remove(tmp);
    if (error) *error = QStringLiteral("could not write %1").arg(path);
    return false;
  }
  QFile::remove(path);
  if (!QFile::rename(tmp, path)) {
    QFile::remove(tmp);
    if (error) *error = QStringLiteral("could not rename to %1").arg(path);
    return false;
  }
  return true;
}

// Through renderSvg: the same well-formed, portable SVG as File > Export writes.
bool writeSvg(QWidget* widget, QCustomPlot* plot, const QString& path) {
  const QSize size = widget->size();
  const QByteArray bytes =
      renderSvg(size, widget->windowTitle(), QString(), [&](QPaintDevice* device) {
        if (plot) {
          QCPPainter qcpPainter;  // vector output through QCustomPlot's own painter
          if (!qcpPainter.begin(device)) return false;
          plot->toPainter(&qcpPainter, size.width(), size.height());
          qcpPainter.end();
          return true;
        }
        QPainter painter;
        if (!painter.begin(device)) return false;
        widget->render(&painter);
        painter.end();
        return true;
      });
  QFile file(path);
  return !bytes.isEmpty() && file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

}  // namespace

QString csvField(const QString& text) {
  if (!text.contains(QLatin1Char(',')) && !text.contains(QLatin1Char('"')) &&
      !text.contains(QLatin1Char('\n')))
    return text;
  QString quoted = text;
  quoted.replace(QStringLiteral("\""), QStringLiteral("\"\""));
  return QStringLiteral("\"") + quoted + QStringLiteral("\"");
}

bool exportView(QWidget* widget, QCustomPlot* plot, const CsvProvider& csv, const QString& path,
                QString* error) {
  const QString ext = QFileInfo(path).suffix().toLower();
  if (ext == QStringLiteral("csv")) {
    if (!csv) {
      if (error) *error = QStringLiteral("this view has no CSV data");
      return false;
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Text)) {
      if (error) *error = file.errorString();
      return false;
    }
    file.write(csv().toUtf8());
    if (!file.commit()) {
      if (error) *error = file.errorString();
      return false;
    }
    return true;
  }
  if (ext == QStringLiteral("png")) {
    return writeToTempThenRename(
        path,
        [&](const QString& tmp) {
          if (plot) return plot->savePng(tmp, 0, 0, 1.0);
          return widget->grab().save(tmp, "PNG");
        },
        error);
  }
  if (ext == QStringLiteral("pdf")) {
    return writeToTempThenRename(
        path,
        [&](const QString& tmp) {
          if (plot) return plot->savePdf(tmp);
          QPdfWriter pdf(tmp);
          pdf.setPageSize(QPageSize(widget->size(), QPageSize::Point));
          pdf.setPageMargins(QMarginsF(0, 0, 0, 0));
          pdf.setResolution(72);
          QPainter painter(&pdf);
          widget->render(&painter);
          return true;
        },
        error);
  }
  if (ext == QStringLiteral("svg")) {
    return writeToTempThenRename(
        path, [&](const QString& tmp) { return writeSvg(widget, plot, tmp); }, error);
  }
  if (error) *error = QStringLiteral("unknown export format: .%1").arg(ext);
  return false;
}

std::vector<ChartSource> chartsIn(QWidget* root) {
  std::vector<ChartSource> out;
  for (QObject* o : root->findChildren<QObject*>(kChartTag))
    if (const auto* h = dynamic_cast<ChartHandle*>(o)) out.push_back(h->source);
  return out;
}

void installExportMenu(QWidget* widget, QCustomPlot* plot, CsvProvider csv,
                       const QString& baseName) {
  new ChartHandle(widget, plot, csv, baseName);
  widget->setContextMenuPolicy(Qt::CustomContextMenu);
  QObject::connect(widget, &QWidget::customContextMenuRequested, widget,
                   [widget, plot, csv = std::move(csv), baseName](const QPoint& pos) {
                     QMenu menu(widget);
                     const QStringList formats = {QStringLiteral("png"), QStringLiteral("svg"),
                                                  QStringLiteral("pdf"), QStringLiteral("csv")};
                     for (const QString& fmt : formats) {
                       if (fmt == QStringLiteral("csv") && !csv) continue;
                       QAction* a = menu.addAction(
                           QStringLiteral("Export %1...").arg(fmt.toUpper()));
                       a->setData(fmt);
                     }
                     QAction* chosen = menu.exec(widget->mapToGlobal(pos));
                     if (!chosen) return;
                     const QString fmt = chosen->data().toString();
                     const QString path = QFileDialog::getSaveFileName(
                         widget, QStringLiteral("Export"),
                         baseName + QStringLiteral(".") + fmt,
                         QStringLiteral("%1 (*.%2)").arg(fmt.toUpper(), fmt));
                     if (path.isEmpty()) return;
                     QString error;
                     if (!exportView(widget, plot, csv, path, &error))
                       QMessageBox::warning(widget, QStringLiteral("Export failed"), error);
                   });
}

}  // namespace spatten::views
