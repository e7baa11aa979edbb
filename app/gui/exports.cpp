#include "app/gui/exports.h"

#include <qcustomplot.h>

#include <QBuffer>
#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QDir>
#include <QFileInfo>
#include <QImageWriter>
#include <QPainter>
#include <QPdfWriter>
#include <QRegularExpression>
#include <QSaveFile>
#include <QTabBar>
#include <QTabWidget>
#include <cstdio>

#include "app/gui/main_window.h"
#include "app/gui/report.h"
#include "app/gui/screenshot_runner.h"
#include "app/gui/session_document.h"
#include "app/gui/session_state.h"
#include "app/gui/simulation_controller.h"
#include "core/util/file_write.h"
#include "views/common/chart_export.h"
#include "views/common/session_model.h"
#include "views/common/svg_output.h"

namespace spatten::app {
namespace {

struct Located {
  views::ChartSource chart;
  int tab = -1;
};

std::vector<Located> allCharts(const MainWindow& window) {
  std::vector<Located> out;
  for (std::size_t i = 0; i < window.views().size(); ++i)
    for (const views::ChartSource& c : views::chartsIn(window.views()[i].widget))
      out.push_back({c, static_cast<int>(i)});
  return out;
}

// Single-line text for metadata: newlines and tabs written as \n and \t.
QString oneLine(QString s) {
  return s.replace(QLatin1Char('\\'), QStringLiteral("\\\\"))
      .replace(QLatin1Char('\n'), QStringLiteral("\\n"))
      .replace(QLatin1Char('\r'), QStringLiteral("\\r"))
      .replace(QLatin1Char('\t'), QStringLiteral("\\t"));
}

bool save(const QString& path, const QByteArray& bytes, QString* error) {
  QSaveFile file(path);
  if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit()) {
    *error = QStringLiteral("%1: %2").arg(path, file.errorString());
    return false;
  }
  return true;
}

// `bytes` to `path`, or, when there are none, false with *error = "path: why".
bool saveOrExplain(const QString& path, const QByteArray& bytes, const QString& why,
                   QString* error) {
  if (bytes.isEmpty()) {
    *error = QStringLiteral("%1: %2").arg(path, why);
    return false;
  }
  return save(path, bytes, error);
}

// Draws the chart at kChartSize (a widget is resized for the drawing and given its size back).
void draw(const views::ChartSource& c, QPaintDevice* device, bool vector) {
  if (c.plot) {
    QCPPainter painter(device);
    if (!vector) painter.setRenderHint(QPainter::Antialiasing);
    c.plot->toPainter(&painter, kChartSize.width(), kChartSize.height());
    return;
  }
  const QSize old = c.widget->size();
  c.widget->resize(kChartSize);
  QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
  c.widget->render(device, QPoint(), QRegion(),
                   QWidget::DrawChildren | QWidget::DrawWindowBackground);
  c.widget->resize(old);
}

QByteArray png(const views::ChartSource& c, double scale, const ExportMeta& meta) {
  QImage image(kChartSize * scale, QImage::Format_ARGB32_Premultiplied);
  image.setDevicePixelRatio(scale);
  image.fill(Qt::white);
  draw(c, &image, false);
  image.setDevicePixelRatio(1.0);
  image.setDotsPerMeterX(3780);  // 96 dpi whatever the screen
  image.setDotsPerMeterY(3780);
  const QStringList keys = {QStringLiteral("Title"),         QStringLiteral("Software"),
                            QStringLiteral("Model"),         QStringLiteral("Text"),
                            QStringLiteral("Configuration"), QStringLiteral("Position")};
  const QStringList values = {meta.chart, meta.software,      meta.model,
                              meta.text,  meta.configuration, meta.position};
  for (int i = 0; i < keys.size(); ++i) image.setText(keys[i], values[i]);
  QBuffer buffer;
  buffer.open(QIODevice::WriteOnly);
  QImageWriter writer(&buffer, "png");
  writer.write(image);
  return buffer.data();
}

QByteArray svg(const views::ChartSource& c, const ExportMeta& meta) {
  return views::renderSvg(kChartSize, meta.chart, meta.lines().join(QLatin1Char('\n')),
                          [&](QPaintDevice* device) {
                            draw(c, device, true);
                            return true;
                          });
}

QByteArray pdf(const views::ChartSource& c, const ExportMeta& meta) {
  QBuffer buffer;
  buffer.open(QIODevice::WriteOnly);
  {
    QPdfWriter writer(&buffer);
    writer.setPageSize(QPageSize(kChartSize, QPageSize::Point));
    writer.setPageMargins(QMarginsF(0, 0, 0, 0));
    writer.setResolution(72);
    writer.setTitle(meta.lines().join(QStringLiteral("; ")));
    writer.setCreator(meta.software);
    draw(c, &writer, true);
  }
  // Deterministic: the creation date Qt stamps becomes a fixed one of the same length, and the
  // font subset tags ("QNAAAA+DejaVuSans", which vary between processes) become tags numbered in
  // order of appearance; same lengths, so the cross-reference offsets stay valid.
  QByteArray bytes = buffer.data();
  const QString text = QString::fromLatin1(bytes);
  static const QRegularExpression date(QStringLiteral("/CreationDate \\(D:[0-9]{14}[^)]*\\)"));
  for (auto it = date.globalMatch(text); it.hasNext();) {
    const auto m = it.next();
    QString fixed = QStringLiteral("/CreationDate (D:20000101000000");
    fixed += QString(m.capturedLength() - fixed.size() - 1, QLatin1Char(' ')) + QLatin1Char(')');
    if (fixed.size() == m.capturedLength())
      bytes.replace(m.capturedStart(), m.capturedLength(), fixed.toLatin1());
  }
  static const QRegularExpression tag(QStringLiteral("/([A-Z]{6})\\+([A-Za-z0-9_-]+)"));
  QStringList seen;
  for (auto it = tag.globalMatch(text); it.hasNext();) {
    const auto m = it.next();
    if (!seen.contains(m.captured(0))) seen << m.captured(0);  // tag + font name
    QByteArray fixed(6, 'A');
    for (int i = 5, n = static_cast<int>(seen.indexOf(m.captured(0))); i >= 0; --i, n /= 26)
      fixed[i] = static_cast<char>('A' + n % 26);
    bytes.replace(m.capturedStart(1), 6, fixed);
  }
  return bytes;
}

struct Planned {
  QString chart, variant, file;
};

// Every (chart, variant) of `formats`: "png@2x" -> "<chart>@2x.png"; csv only with CSV data.
std::vector<Planned> plan(const MainWindow& window, const QStringList& formats) {
  std::vector<Planned> out;
  if (formats.contains(QStringLiteral("html")))
    out.push_back({{}, QStringLiteral("html"), QString::fromLatin1(kReportFile)});
  for (const Located& l : allCharts(window))
    for (const QString& v : chartVariants()) {
      const QString format = v.section(QLatin1Char('@'), 0, 0);
      if (!formats.contains(format) || (format == QStringLiteral("csv") && !l.chart.csv)) continue;
      const QString scale = v.section(QLatin1Char('@'), 1);
      out.push_back({l.chart.name, v,
                     scale.isEmpty() ? l.chart.name + QLatin1Char('.') + v
                                     : QStringLiteral("%1@%2.png").arg(l.chart.name, scale)});
    }
  return out;
}

// The tab at the left end of a (horizontal) tab bar, the first one shown when it is scrolled.
int firstShownTab(const QTabBar& bar) {
  return bar.tabAt(QPoint(1, bar.height() / 2));
}

}  // namespace

QStringList chartVariants() {
  return {QStringLiteral("png"), QStringLiteral("png@2x"), QStringLiteral("png@4x"),
          QStringLiteral("svg"), QStringLiteral("pdf"),    QStringLiteral("csv")};
}

QStringList chartFormats() {
  return {QStringLiteral("png"), QStringLiteral("svg"), QStringLiteral("pdf"),
          QStringLiteral("csv"), QStringLiteral("html")};
}

QStringList ExportMeta::lines() const {
  return {QStringLiteral("chart: ") + chart,
          QStringLiteral("software: ") + software,
          QStringLiteral("model: ") + model,
          QStringLiteral("text: ") + oneLine(text),
          QStringLiteral("configuration: ") + configuration,
          QStringLiteral("position: ") + position};
}

ExportMeta exportMeta(const MainWindow& window, const QString& chart) {
  ExportMeta m;
  m.chart = chart;
  m.software = QStringLiteral("SpAtten Studio " SPATTEN_VERSION);
  const AnalysisRequest r = window.currentRequest();
  m.model = QFileInfo(r.modelDir).fileName();
  m.text = r.text;
  try {
    const core::Session s = sessionOf(window, nullptr);
    m.configuration = QStringLiteral("run %1 %2; hardware %3")
                          .arg(r.runPreset, QString::fromStdString(core::toJson(s.run).dump()),
                               QString::fromStdString(s.hw.toJson().dump()));
  } catch (const std::exception& e) {
    m.configuration = QStringLiteral("(invalid: %1)").arg(QString::fromUtf8(e.what()));
  }
  const views::Selection& sel = window.session()->selection();
  m.position =
      QStringLiteral("pass %1, layer %2, head %3").arg(sel.iteration).arg(sel.layer).arg(sel.head);
  if (const views::SimFramePtr& f = window.session()->frame())
    m.position += QStringLiteral(", cycle %1").arg(f->cycle);
  return m;
}

std::vector<ChartInfo> chartList(const MainWindow& window) {
  std::vector<ChartInfo> out;
  for (const Located& l : allCharts(window))
    out.push_back({l.chart.name, window.views()[static_cast<std::size_t>(l.tab)].title,
                   static_cast<bool>(l.chart.csv)});
  return out;
}

QByteArray chartBytes(MainWindow& window, const QString& chart, const QString& variant,
                      QString* error) {
  for (const Located& l : allCharts(window)) {
    if (l.chart.name != chart) continue;
    QTabWidget* tabs = window.tabs();
    const int before = tabs->currentIndex(), firstShown = firstShownTab(*tabs->tabBar());
    tabs->setCurrentIndex(l.tab);  // the view draws what it shows now
    QCoreApplication::sendPostedEvents();
    const ExportMeta meta = exportMeta(window, chart);
    QByteArray bytes;
    if (variant.startsWith(QStringLiteral("png")))
      bytes =
          png(l.chart, variant == QStringLiteral("png") ? 1.0 : variant.right(2).left(1).toDouble(),
              meta);
    else if (variant == QStringLiteral("svg"))
      bytes = svg(l.chart, meta);
    else if (variant == QStringLiteral("pdf"))
      bytes = pdf(l.chart, meta);
    else if (variant == QStringLiteral("csv") && l.chart.csv)
      bytes = (QStringLiteral("# ") + meta.lines().join(QStringLiteral("\n# ")) +
               QLatin1Char('\n') + l.chart.csv())
                  .toUtf8();
    // Back to the tab shown before, and the tab bar scrolled back as it was: a current tab the
    // bar scrolled to would leave it scrolled (the bar scrolls only to make a tab visible), so
    // the tab that was first shown is made current on the way when the bar moved.
    if (firstShown >= 0 && firstShownTab(*tabs->tabBar()) != firstShown)
      tabs->setCurrentIndex(firstShown);
    tabs->setCurrentIndex(before);
    if (bytes.isEmpty()) *error = QStringLiteral("cannot export %1 as %2").arg(chart, variant);
    return bytes;
  }
  *error = QStringLiteral("no chart named %1").arg(chart);
  return {};
}

bool exportChart(MainWindow& window, const QString& chart, const QString& variant,
                 const QString& path, QString* error) {
  QString why;
  return saveOrExplain(path, chartBytes(window, chart, variant, &why), why, error);
}

bool exportReport(MainWindow& window, const QString& path, QString* error) {
  QString why;
  return saveOrExplain(path, reportHtml(window, &why), why, error);
}

QStringList chartFiles(const MainWindow& window, const QStringList& formats) {
  QStringList out;
  for (const Planned& p : plan(window, formats)) out << p.file;
  return out;
}

bool exportCharts(MainWindow& window, const QString& dir, const QStringList& formats,
                  QString* error) {
  for (const Planned& p : plan(window, formats)) {
    const QString path = QDir(dir).filePath(p.file);
    if (p.variant == QStringLiteral("html") ? !exportReport(window, path, error)
                                            : !exportChart(window, p.chart, p.variant, path, error))
      return false;
  }
  return true;
}

int exportSessionCharts(MainWindow& window, const QString& session, const QString& dir,
                        const QStringList& formats) {
  for (const QString& f : formats)
    if (!chartFormats().contains(f)) {
      std::fprintf(stderr, "error: --formats: %s: not a chart format (png, svg, pdf, csv, html)\n",
                   qPrintable(f));
      return 2;
    }
  // As spatten-cli export, before the run (no --out: the working directory).
  try {
    if (!dir.isEmpty()) core::ensureFolder(dir.toStdString(), "--out");
  } catch (const std::exception& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 2;
  }
  window.resize(1600, 1000);
  window.show();
  if (!window.document()->openFile(session)) {
    std::fprintf(stderr, "error: %s\n", qPrintable(window.document()->lastError()));
    return 2;
  }
  const std::uint64_t cycle = core::loadSession(session.toStdString()).cursor.cycle;
  waitForViews(&window, 600000);
  QDeadlineTimer deadline(600000);
  const auto reached = [&window, cycle] {
    const views::SimFramePtr& f = window.session()->frame();
    return !f || f->cycle == cycle || f->finished;
  };
  while (!deadline.hasExpired() && !reached()) pumpEvents(20);
  if (!window.controller()->lastError().isEmpty()) {
    std::fprintf(stderr, "error: %s\n", qPrintable(window.controller()->lastError()));
    return 2;
  }
  pumpEvents(100);
  QString error;
  if (!exportCharts(window, dir, formats, &error)) {
    std::fprintf(stderr, "error: %s\n", qPrintable(error));
    return 1;
  }
  return 0;
}

}  // namespace spatten::app
