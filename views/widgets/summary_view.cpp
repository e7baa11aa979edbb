#include "views/widgets/summary_view.h"

#include <QApplication>
#include <QLocale>
#include <QTextBrowser>
#include <QVBoxLayout>
#include <algorithm>

#include "views/common/chart_export.h"
#include "views/common/palette.h"
#include "views/common/session_model.h"
#include "views/common/view_data.h"

namespace spatten::views {
namespace {

constexpr int kBarCells = 30;  // characters of a utilization bar

QString number(std::uint64_t v) {
  return QLocale(QLocale::English).toString(static_cast<qulonglong>(v));
}

QString percent(std::uint64_t part, std::uint64_t whole) {
  return whole ? QStringLiteral("%1 %").arg(
                     100.0 * static_cast<double>(part) / static_cast<double>(whole), 0, 'f', 1)
               : QStringLiteral("-");
}

// Busy / stalled / idle as coloured block characters (kBarCells in all).
QString bar(const ModuleUsage& m, const Appearance& look) {
  const double total = static_cast<double>(m.busy + m.stalled + m.idle);
  if (total <= 0) return {};
  const int busy = static_cast<int>(kBarCells * static_cast<double>(m.busy) / total + 0.5);
  const int stalled = std::min(
      kBarCells - busy, static_cast<int>(kBarCells * static_cast<double>(m.stalled) / total + 0.5));
  const int idle = kBarCells - busy - stalled;
  auto run = [](int n, const QColor& c) {
    return n > 0 ? QStringLiteral("<span style=\"color:%1\">%2</span>")
                       .arg(c.name(), QString(n, QChar(0x2588)))
                 : QString();
  };
  return QStringLiteral("<tt>%1%2%3</tt>")
      .arg(run(busy, stateBusyColor()), run(stalled, stateStalledColor()),
           run(idle, look.idleFill()));
}

QString microjoules(double pj) {
  return QString::number(pj * 1e-6, 'f', 3);
}

}  // namespace

SummaryView::SummaryView(SessionModel* session, QWidget* parent)
    : QWidget(parent), m_session(session) {
  setObjectName(QStringLiteral("summaryView"));
  auto* layout = new QVBoxLayout(this);
  m_browser = new QTextBrowser(this);
  m_browser->setObjectName(QStringLiteral("summaryText"));
  m_browser->setOpenLinks(false);
  layout->addWidget(m_browser);
  connect(session, &SessionModel::frameChanged, this, &SummaryView::onFrame);
  connect(session, &SessionModel::analysisChanged, this, &SummaryView::onFrame);
  connect(session, &SessionModel::appearanceChanged, this, [this] {
    setFont(zoomedFont(QApplication::font(), m_session->appearance()));
    rebuild();
  });
  setFont(zoomedFont(QApplication::font(), m_session->appearance()));
  installExportMenu(
      m_browser, nullptr, [this] { return csv(); }, QStringLiteral("research-summary"));
  rebuild();
}

QString SummaryView::html() const {
  return m_browser->toHtml();
}

void SummaryView::onFrame() {
  const auto& f = m_session->frame();
  RunSummaryPtr next = f ? f->summary : nullptr;
  if (next == m_summary && next) return;  // same summary (stepping): nothing to redraw
  m_summary = std::move(next);
  rebuild();
}

void SummaryView::rebuild() {
  const Appearance& look = m_session->appearance();
  const QString muted = look.muted().name();
  if (!m_summary) {
    const QString why = !m_session->frame()
                            ? m_session->emptyFrameText()
                            : QStringLiteral(
                                  "Simulating the whole SpAtten run and the dense run "
                                  "on the same hardware (worker thread)...");
    m_browser->setHtml(QStringLiteral("<p>%1</p>").arg(why.toHtmlEscaped()));
    return;
  }
  const RunSummary& s = *m_summary;
  const auto& a = m_session->analysis();
  const QString run = (a ? a->runName : QStringLiteral("SpAtten")).toHtmlEscaped();
  const double speedup = s.speedup();
  const double us = 1e-3 / s.clockGhz;  // microseconds per cycle
  QString html =
      QStringLiteral("<h2>%1 on the %2 hardware (%3 GHz)</h2>")
          .arg(a ? a->modelName.toHtmlEscaped() : QStringLiteral("Run"), s.hardware.toHtmlEscaped())
          .arg(s.clockGhz, 0, 'g', 3);
  html += QStringLiteral(
              "<p style=\"font-size:large\"><b>%6: %1 cycles</b> (%2 \u00b5s) "
              "&nbsp;\u00b7&nbsp; dense: %3 cycles (%4 \u00b5s) &nbsp;\u00b7&nbsp; <b>speedup "
              "%5\u00d7</b></p>")
              .arg(number(s.pruned.cycles))
              .arg(static_cast<double>(s.pruned.cycles) * us, 0, 'f', 2)
              .arg(number(s.dense.cycles))
              .arg(static_cast<double>(s.dense.cycles) * us, 0, 'f', 2)
              .arg(speedup, 0, 'f', 2)
              .arg(run);
  const ModuleUsage* neck =
      s.bottleneck >= 0 ? &s.modules[static_cast<std::size_t>(s.bottleneck)] : nullptr;
  if (neck)
    html += QStringLiteral(
                "<p><b>Bottleneck: %1 (module %2)</b>, busy %3 of the %5 run's "
                "cycles%4</p>")
                .arg(neck->name.toHtmlEscaped(), neck->paperId)
                .arg(percent(neck->busy, s.pruned.cycles))
                .arg(speedup < 1.0 ? QStringLiteral(": it makes this run slower than the dense one")
                                   : QString())
                .arg(run);
  html += QStringLiteral(
              "<p style=\"color:%1\">Dense = %2. Both runs are simulated to the end "
              "by the cycle simulator (%3 and %4 requests).</p>")
              .arg(muted, s.denseConfig.toHtmlEscaped(), number(s.pruned.requests),
                   number(s.dense.requests));
  // Utilization.
  html += QStringLiteral(
              "<h3>Module utilization (%3 run)</h3><table cellspacing=\"0\" "
              "cellpadding=\"3\"><tr><th align=\"left\">module</th><th>busy</th>"
              "<th>stalled</th><th>idle</th><th align=\"left\">"
              "<span style=\"color:%1\">busy</span> / <span style=\"color:%2\">"
              "stalled</span> / idle</th></tr>")
              .arg(stateBusyColor().name(), stateStalledColor().name(), run);
  // The bar's cell does not wrap: in a narrow window a bar's end went under its start.
  for (std::size_t i = 0; i < s.modules.size(); ++i) {
    const ModuleUsage& m = s.modules[i];
    const std::uint64_t total = m.busy + m.stalled + m.idle;
    const QString name = QStringLiteral("%1 (%2)").arg(m.name.toHtmlEscaped(), m.paperId);
    html +=
        QStringLiteral(
            "<tr><td>%1</td><td align=\"right\">%2</td><td align=\"right\">%3</td>"
            "<td align=\"right\">%4</td><td style=\"white-space:nowrap\">%5</td></tr>")
            .arg(static_cast<int>(i) == s.bottleneck ? QStringLiteral("<b>%1</b>").arg(name) : name,
                 percent(m.busy, total), percent(m.stalled, total), percent(m.idle, total),
                 bar(m, look));
  }
  html += QStringLiteral("</table>");
  // Energy.
  const double e = s.energyTotal(false), ed = s.energyTotal(true);
  html += QStringLiteral(
      "<h3>Energy (core's model, hw.energy table)</h3><table cellspacing=\"0\" "
      "cellpadding=\"3\" border=\"1\"><tr><th align=\"left\">part</th><th>"
      "%1 \u00b5J</th><th>share</th><th>dense \u00b5J</th></tr>").arg(run);
  for (const EnergyPart& p : s.energy)
    html += QStringLiteral(
                "<tr><td>%1</td><td align=\"right\">%2</td><td align=\"right\">%3 %"
                "</td><td align=\"right\">%4</td></tr>")
                .arg(p.name.toHtmlEscaped(), microjoules(p.pj))
                .arg(e > 0 ? 100.0 * p.pj / e : 0.0, 0, 'f', 1)
                .arg(microjoules(p.densePj));
  html += QStringLiteral(
              "<tr><td><b>total</b></td><td align=\"right\"><b>%1</b></td><td></td>"
              "<td align=\"right\"><b>%2</b></td></tr></table><p>Energy: %3\u00d7 "
              "less than dense.</p>")
              .arg(microjoules(e), microjoules(ed))
              .arg(e > 0 ? ed / e : 0.0, 0, 'f', 2);
  // DRAM.
  html += QStringLiteral(
      "<h3>DRAM bytes by kind</h3><table cellspacing=\"0\" cellpadding=\"3\" "
      "border=\"1\"><tr><th align=\"left\">kind</th><th>%1</th><th>"
      "dense</th></tr>").arg(run);
  for (int k = 0; k < kDramKinds; ++k)
    html += QStringLiteral(
                "<tr><td>%1</td><td align=\"right\">%2</td><td align=\"right\">%3</td>"
                "</tr>")
                .arg(QString::fromUtf8(dramKindName(static_cast<DramKind>(k))),
                     number(s.pruned.dramBytes[static_cast<std::size_t>(k)]),
                     number(s.dense.dramBytes[static_cast<std::size_t>(k)]));
  html += QStringLiteral(
              "<tr><td><b>total</b></td><td align=\"right\"><b>%1</b></td><td "
              "align=\"right\"><b>%2</b></td></tr></table>")
              .arg(number(s.pruned.dramTotal()), number(s.dense.dramTotal()));
  m_browser->setHtml(html);
}

QString SummaryView::csv() const {
  if (!m_summary) return QStringLiteral("section,item,spatten,dense\n");
  const RunSummary& s = *m_summary;
  QString out = QStringLiteral("section,item,spatten,dense\n");
  auto row = [&out](const QString& section, const QString& item, const QString& a,
                    const QString& b) {
    out += QStringLiteral("%1,%2,%3,%4\n").arg(csvField(section), csvField(item), a, b);
  };
  row(QStringLiteral("run"), QStringLiteral("cycles"), QString::number(s.pruned.cycles),
      QString::number(s.dense.cycles));
  row(QStringLiteral("run"), QStringLiteral("speedup"), QString::number(s.speedup(), 'g', 6), {});
  row(QStringLiteral("run"), QStringLiteral("bottleneck"),
      s.bottleneck >= 0 ? s.modules[static_cast<std::size_t>(s.bottleneck)].name : QString(), {});
  for (const ModuleUsage& m : s.modules) {
    row(QStringLiteral("busy_cycles"), m.name, QString::number(m.busy), {});
    row(QStringLiteral("stalled_cycles"), m.name, QString::number(m.stalled), {});
    row(QStringLiteral("idle_cycles"), m.name, QString::number(m.idle), {});
  }
  for (const EnergyPart& p : s.energy)
    row(QStringLiteral("energy_pj"), p.name, QString::number(p.pj, 'g', 10),
        QString::number(p.densePj, 'g', 10));
  for (int k = 0; k < kDramKinds; ++k)
    row(QStringLiteral("dram_bytes"), QString::fromUtf8(dramKindName(static_cast<DramKind>(k))),
        QString::number(s.pruned.dramBytes[static_cast<std::size_t>(k)]),
        QString::number(s.dense.dramBytes[static_cast<std::size_t>(k)]));
  return out;
}

}  // namespace spatten::views
