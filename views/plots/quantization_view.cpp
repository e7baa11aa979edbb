#include "views/plots/quantization_view.h"

#include <qcustomplot.h>

#include <QApplication>
#include <QLabel>
#include <QSplitter>
#include <QVBoxLayout>
#include <algorithm>

#include "views/common/chart_export.h"
#include "views/common/palette.h"
#include "views/common/plot_empty.h"
#include "views/common/session_model.h"
#include "views/common/plot_legend.h"

namespace spatten::views {

QuantizationView::QuantizationView(SessionModel* session, QWidget* parent)
    : QWidget(parent), m_session(session) {
  setObjectName(QStringLiteral("quantizationView"));
  auto* layout = new QVBoxLayout(this);
  m_info = new QLabel(this);
  m_info->setObjectName(QStringLiteral("quantInfo"));
  m_info->setWordWrap(true);  // long texts wrap instead of widening the window
  m_info->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
  layout->addWidget(m_info);
  auto* split = new QSplitter(Qt::Horizontal, this);
  layout->addWidget(split, 1);

  m_scatter = new QCustomPlot(split);
  m_scatter->setObjectName(QStringLiteral("quantScatter"));
  m_scatter->xAxis->setLabel(QStringLiteral("request (processing order)"));
  m_scatter->yAxis->setLabel(QStringLiteral("max probability, MSB-only keys"));
  m_kept = m_scatter->addGraph();
  m_kept->setName(QStringLiteral("no refetch"));
  m_kept->setLineStyle(QCPGraph::lsNone);
  m_kept->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, okabeIto(5), 4));
  m_refetch = m_scatter->addGraph();
  m_refetch->setName(QStringLiteral("LSB refetch"));
  m_refetch->setLineStyle(QCPGraph::lsNone);
  m_refetch->setScatterStyle(
      QCPScatterStyle(QCPScatterStyle::ssCross, QPen(okabeIto(6), 2), Qt::NoBrush, 8));
  m_selected = m_scatter->addGraph();
  m_selected->setName(QStringLiteral("selected"));
  m_selected->setLineStyle(QCPGraph::lsNone);
  m_selected->setScatterStyle(
      QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(Qt::black, 2), Qt::NoBrush, 14));
  m_threshold = new QCPItemStraightLine(m_scatter);
  m_threshold->setPen(QPen(okabeIto(1), 2, Qt::DashLine));
  m_scatter->legend->setVisible(true);
  m_scatter->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
  m_scatter->axisRect()->setRangeZoom(Qt::Horizontal);
  m_scatter->axisRect()->setRangeDrag(Qt::Horizontal);

  m_rows = new QCustomPlot(split);
  m_rows->setObjectName(QStringLiteral("quantRows"));
  m_rows->yAxis->setLabel(QStringLiteral("attention probability"));
  m_rows->xAxis->setLabel(QStringLiteral("key token"));
  m_msbBars = new QCPBars(m_rows->xAxis, m_rows->yAxis);
  m_msbBars->setName(QStringLiteral("MSB-only keys"));
  m_msbBars->setBrush(okabeIto(2));
  m_msbBars->setPen(Qt::NoPen);
  m_fullBars = new QCPBars(m_rows->xAxis, m_rows->yAxis);
  m_fullBars->setName(QStringLiteral("full precision keys"));
  m_fullBars->setBrush(okabeIto(1));
  m_fullBars->setPen(Qt::NoPen);
  auto* group = new QCPBarsGroup(m_rows);
  m_msbBars->setBarsGroup(group);
  m_fullBars->setBarsGroup(group);
  m_msbBars->setWidth(0.4);
  m_fullBars->setWidth(0.4);
  m_rows->legend->setVisible(true);
  m_rows->xAxis->setTickLabelRotation(60);
  m_rows->plotLayout()->insertRow(0);
  m_rowTitle = new QCPTextElement(m_rows, QString());
  m_rows->plotLayout()->addElement(0, 0, m_rowTitle);
  // A text element does not wrap: at 1280 px the title was cut at both ends.
  connect(m_rows, &QCustomPlot::afterLayout, this, &QuantizationView::wrapRowTitle);
  for (QCustomPlot* p : {m_scatter, m_rows}) placeLegendBelow(p);  // inside, they hid points
  m_scatterEmpty = new PlotEmptyState(m_scatter);
  m_rowsEmpty = new PlotEmptyState(m_rows);
  split->setSizes({800, 600});

  installExportMenu(m_scatter, m_scatter, [this] { return scatterCsv(); },
                    QStringLiteral("quantization-requests"));
  installExportMenu(m_rows, m_rows, [this] { return rowsCsv(); },
                    QStringLiteral("quantization-rows"));
  connect(m_session, &SessionModel::analysisChanged, this, &QuantizationView::rebuildScatter);
  connect(m_session, &SessionModel::selectionChanged, this, &QuantizationView::rebuildRows);
  connect(m_scatter, &QCustomPlot::mousePress, this, &QuantizationView::onScatterClick);
  connect(m_session, &SessionModel::appearanceChanged, this, &QuantizationView::applyAppearance);
  applyAppearance();
  rebuildScatter();
}

void QuantizationView::applyAppearance() {
  const Appearance& a = m_session->appearance();
  const double m = a.mark();
  setFont(zoomedFont(QApplication::font(), a));
  applyToPlot(m_scatter, a, font());
  applyToPlot(m_rows, a, font());
  m_kept->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, okabeIto(5), 4 * m));
  m_refetch->setScatterStyle(
      QCPScatterStyle(QCPScatterStyle::ssCross, QPen(okabeIto(6), 2 * m), Qt::NoBrush, 8 * m));
  m_selected->setScatterStyle(
      QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(a.foreground(), 2 * m), Qt::NoBrush, 14 * m));
  m_threshold->setPen(QPen(okabeIto(1), 2 * m, Qt::DashLine));
  for (PlotEmptyState* e : {m_scatterEmpty, m_rowsEmpty}) e->setStyle(font(), a.foreground());
  m_scatter->replot(QCustomPlot::rpQueuedReplot);
  m_rows->replot(QCustomPlot::rpQueuedReplot);
}

void QuantizationView::rebuildScatter() {
  const auto& a = m_session->analysis();
  QVector<double> kx, ky, rx, ry;
  int refetches = 0;
  if (a && a->hasSpatten) {
    for (std::size_t i = 0; i < a->requests.size(); ++i) {
      const RequestInfo& r = a->requests[i];
      if (r.refetch) {
        rx << static_cast<double>(i);
        ry << static_cast<double>(r.maxProb);
        ++refetches;
      } else {
        kx << static_cast<double>(i);
        ky << static_cast<double>(r.maxProb);
      }
    }
  }
  m_kept->setData(kx, ky, true);
  m_refetch->setData(rx, ry, true);
  const double n = a ? static_cast<double>(a->requests.size()) : 1.0;
  m_scatter->xAxis->setRange(-1, std::max(1.0, n));
  m_scatter->yAxis->setRange(0, 1.02);
  const bool pq = a && a->hasSpatten && a->pqEnabled;
  const double thr = a ? a->pqThreshold : 0.0;
  m_threshold->point1->setCoords(0, thr);
  m_threshold->point2->setCoords(1, thr);
  m_threshold->setVisible(pq);
  if (!a || !a->hasSpatten) {
    m_info->setText(a ? QStringLiteral("No SpAtten run: %1").arg(a->spattenError)
                      : m_session->emptyAnalysisText());
    m_scatterEmpty->show(m_info->text());
  } else if (!pq) {
    m_scatterEmpty->clear();
    m_info->setText(QStringLiteral("Progressive quantization is off in this run: keys are fetched "
                                   "once with all %1 bits, so no request refetches LSBs (BERT uses "
                                   "static quantization, paper \u00a7III-D). %2 requests; points "
                                   "show their max probability. Turn \u201cProgressive "
                                   "quantization\u201d on to apply the threshold %3.")
                        .arg(a->kMsbBits + a->kLsbBits)
                        .arg(a->requests.size())
                        .arg(thr, 0, 'f', 2));
  } else {
    m_scatterEmpty->clear();
    m_info->setText(QStringLiteral("%1 requests, %2 refetched their key LSBs (max prob with %3-bit "
                                   "MSB keys < threshold %4, dashed orange). Click a point to "
                                   "inspect its rows.")
                        .arg(a->requests.size())
                        .arg(refetches)
                        .arg(a->kMsbBits)
                        .arg(thr, 0, 'f', 2));
  }
  m_scatter->replot(QCustomPlot::rpQueuedReplot);
  rebuildRows();
}

void QuantizationView::wrapRowTitle() {
  const QString text =
      wrapToWidth(m_rowTitleText, m_rowTitle->font(), std::max(100, m_rows->width() - 20));
  if (text == m_rowTitle->text()) return;
  m_rowTitle->setText(text);
  m_rows->replot(QCustomPlot::rpQueuedReplot);
}

QString QuantizationView::rowTitle() const { return m_rowTitle->text(); }

void QuantizationView::rebuildRows() {
  const auto& a = m_session->analysis();
  const int req = m_session->selection().request;
  QVector<double> x, msb, full;
  auto ticks = QSharedPointer<QCPAxisTickerText>::create();
  QString title;
  m_selected->data()->clear();
  if (a && req >= 0 && req < static_cast<int>(a->requests.size())) {
    const RequestInfo& r = a->requests[static_cast<std::size_t>(req)];
    m_selected->addData(req, static_cast<double>(r.maxProb));
    for (std::size_t j = 0; j < r.msbRow.size(); ++j) {
      x << static_cast<double>(j);
      msb << static_cast<double>(r.msbRow[j]);
      full << (j < r.fullRow.size() ? static_cast<double>(r.fullRow[j]) : 0.0);
      const int key = j < r.keyIndex.size() ? r.keyIndex[j] : static_cast<int>(j);
      const QString text = key < static_cast<int>(a->tokens.size())
                               ? a->tokens[static_cast<std::size_t>(key)].text.trimmed()
                               : QString::number(key);
      ticks->addTick(static_cast<double>(j), text);
    }
    title = QStringLiteral("request %1: pass %2, layer %3, head %4, query %5, max prob %6%7")
                .arg(req)
                .arg(r.iteration)
                .arg(r.layer)
                .arg(r.head)
                .arg(r.query)
                .arg(static_cast<double>(r.maxProb), 0, 'f', 3)
                .arg(r.refetch ? QStringLiteral(" \u2192 refetched")
                               : QStringLiteral(" (no refetch: full row not computed)"));
  }
  m_msbBars->setData(x, msb, true);
  m_fullBars->setData(x, full, true);
  m_rows->xAxis->setTicker(ticks);
  m_rows->xAxis->setRange(-0.6, std::max(1.0, static_cast<double>(x.size()) - 0.4));
  // Probabilities: 0 to the largest bar plus headroom; 0..1 when nothing is selected (rescale()
  // of empty bars would keep a meaningless range such as 6e-19).
  double top = 0;
  for (const double v : msb) top = std::max(top, v);
  for (const double v : full) top = std::max(top, v);
  m_rows->yAxis->setRange(0, top > 0 ? std::min(1.0, top * 1.06) : 1.0);
  m_rowTitleText = title;
  wrapRowTitle();
  // No request selected: what to do, inside the plot.
  if (title.isEmpty())
    m_rowsEmpty->show(a && !a->requests.empty()
                          ? QStringLiteral("Click a request in the scatter plot to see its "
                                           "attention row with MSB-only and full precision keys")
                          : QStringLiteral("No requests"));
  else
    m_rowsEmpty->clear();
  m_rows->replot(QCustomPlot::rpQueuedReplot);
  m_scatter->replot(QCustomPlot::rpQueuedReplot);
}

void QuantizationView::onScatterClick(QMouseEvent* event) {
  const auto& a = m_session->analysis();
  if (!a || a->requests.empty() || event->button() != Qt::LeftButton) return;
  // Nearest request in pixel distance.
  double best = 1e18;
  int bestIndex = -1;
  const QPointF pos = event->position();
  for (std::size_t i = 0; i < a->requests.size(); ++i) {
    const double px = m_scatter->xAxis->coordToPixel(static_cast<double>(i));
    const double py = m_scatter->yAxis->coordToPixel(static_cast<double>(a->requests[i].maxProb));
    const double d = (px - pos.x()) * (px - pos.x()) + (py - pos.y()) * (py - pos.y());
    if (d < best) {
      best = d;
      bestIndex = static_cast<int>(i);
    }
  }
  if (bestIndex >= 0 && best < 400) m_session->selectRequest(bestIndex);
}

QString QuantizationView::scatterCsv() const {
  QString out = QStringLiteral("request,iteration,layer,head,query,max_prob_msb,refetch,threshold\n");
  const auto& a = m_session->analysis();
  if (!a) return out;
  for (std::size_t i = 0; i < a->requests.size(); ++i) {
    const RequestInfo& r = a->requests[i];
    out += QStringLiteral("%1,%2,%3,%4,%5,%6,%7,%8\n")
               .arg(i)
               .arg(r.iteration)
               .arg(r.layer)
               .arg(r.head)
               .arg(r.query)
               .arg(static_cast<double>(r.maxProb), 0, 'g', 8)
               .arg(r.refetch ? 1 : 0)
               .arg(a->pqEnabled ? QString::number(a->pqThreshold, 'g', 8) : QString());
  }
  return out;
}

QString QuantizationView::rowsCsv() const {
  QString out = QStringLiteral("key,token,prob_msb,prob_full\n");
  const auto& a = m_session->analysis();
  const int req = m_session->selection().request;
  if (!a || req < 0 || req >= static_cast<int>(a->requests.size())) return out;
  const RequestInfo& r = a->requests[static_cast<std::size_t>(req)];
  for (std::size_t j = 0; j < r.msbRow.size(); ++j) {
    const int key = j < r.keyIndex.size() ? r.keyIndex[j] : static_cast<int>(j);
    const QString token = key >= 0 && key < static_cast<int>(a->tokens.size())
                              ? a->tokens[static_cast<std::size_t>(key)].text
                              : QString();
    out += QStringLiteral("%1,%2,%3,%4\n")  // one arg(): a token such as "%3" stays as it is
               .arg(QString::number(key), csvField(token),
                    QString::number(static_cast<double>(r.msbRow[j]), 'g', 8),
                    j < r.fullRow.size() ? QString::number(static_cast<double>(r.fullRow[j]), 'g', 8)
                                         : QString());
  }
  return out;
}

}  // namespace spatten::views
