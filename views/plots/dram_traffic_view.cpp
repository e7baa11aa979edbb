#include "views/plots/dram_traffic_view.h"

#include <qcustomplot.h>

#include <QApplication>
#include <QLabel>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>

#include "views/common/chart_export.h"
#include "views/common/palette.h"
#include "views/common/plot_empty.h"
#include "views/common/session_model.h"
#include "views/common/plot_legend.h"

namespace spatten::views {
namespace {
constexpr double kKiB = 1024.0;
constexpr double kOffset = 0.2;  // SpAtten bars left of the layer tick, dense right
double barsSum(const QCPBars* bars) {
  double sum = 0;
  for (auto it = bars->data()->constBegin(); it != bars->data()->constEnd(); ++it) sum += it->value;
  return sum * kKiB;
}
void setLayerTicks(QCustomPlot* plot) {
  auto ticks = QSharedPointer<QCPAxisTickerFixed>::create();
  ticks->setTickStep(1);
  ticks->setScaleStrategy(QCPAxisTickerFixed::ssMultiples);
  plot->xAxis->setTicker(ticks);
}
}  // namespace

DramTrafficView::DramTrafficView(SessionModel* session, QWidget* parent)
    : QWidget(parent), m_session(session) {
  setObjectName(QStringLiteral("dramTrafficView"));
  auto* layout = new QVBoxLayout(this);
  m_info = new QLabel(this);
  m_info->setObjectName(QStringLiteral("dramInfo"));
  m_info->setWordWrap(true);  // long texts wrap instead of widening the window
  m_info->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
  layout->addWidget(m_info);
  m_plot = new QCustomPlot(this);
  m_plot->setObjectName(QStringLiteral("dramPlot"));
  layout->addWidget(m_plot, 1);
  // Okabe-Ito: K MSB blue, K LSB vermillion, V bluish green, Q yellow, Meta reddish purple;
  // dense grey.
  const int colours[kDramKinds] = {5, 6, 3, 4, 7};
  QCPBars* below = nullptr;
  for (int k = 0; k < kDramKinds; ++k) {
    auto* bars = new QCPBars(m_plot->xAxis, m_plot->yAxis);
    bars->setName(QStringLiteral("SpAtten %1").arg(QString::fromUtf8(dramKindName(static_cast<DramKind>(k)))));
    bars->setBrush(okabeIto(colours[k]));
    bars->setPen(QPen(Qt::white, 0.5));
    bars->setWidth(0.38);
    if (below) bars->moveAbove(below);
    below = bars;
    m_kinds[static_cast<std::size_t>(k)] = bars;
  }
  below = nullptr;
  for (int k = 0; k < kDramKinds; ++k) {
    auto* bars = new QCPBars(m_plot->xAxis, m_plot->yAxis);
    bars->setName(
        QStringLiteral("B %1").arg(QString::fromUtf8(dramKindName(static_cast<DramKind>(k)))));
    bars->setBrush(QBrush(okabeIto(colours[k]), Qt::BDiagPattern));
    bars->setWidth(0.38);
    if (below) bars->moveAbove(below);
    below = bars;
    bars->removeFromLegend();
    m_kindsB[static_cast<std::size_t>(k)] = bars;
  }
  m_dense = new QCPBars(m_plot->xAxis, m_plot->yAxis);
  m_dense->setName(QStringLiteral("dense baseline (12-bit, no pruning)"));
  m_dense->setBrush(QColor(150, 150, 150));
  m_dense->setPen(QPen(Qt::white, 0.5));
  m_dense->setWidth(0.38);
  m_plot->xAxis->setLabel(QStringLiteral("layer (left bar: SpAtten, right bar: dense)"));
  m_plot->yAxis->setLabel(QStringLiteral("DRAM traffic [KiB], all passes"));
  m_plot->legend->setVisible(true);
  placeLegendBelow(m_plot);  // inside, it hid the bars of the later layers in a small window
  m_empty = new PlotEmptyState(m_plot);
  m_mark = new QCPItemRect(m_plot);
  m_mark->setPen(QPen(Qt::black, 2, Qt::DashLine));
  m_mark->setBrush(Qt::NoBrush);
  m_mark->setVisible(false);
  installExportMenu(m_plot, m_plot, [this] { return csv(); }, QStringLiteral("dram-traffic"));
  connect(m_session, &SessionModel::analysisChanged, this, &DramTrafficView::rebuild);
  connect(m_session, &SessionModel::compareChanged, this, &DramTrafficView::rebuild);
  connect(m_session, &SessionModel::selectionChanged, this, &DramTrafficView::highlightSelection);
  connect(m_plot, &QCustomPlot::mousePress, this, [this](QMouseEvent* e) {
    if (e->button() == Qt::LeftButton) selectAt(e->position());
  });
  connect(m_session, &SessionModel::appearanceChanged, this, &DramTrafficView::applyAppearance);
  applyAppearance();
  rebuild();
}

void DramTrafficView::applyAppearance() {
  const Appearance& a = m_session->appearance();
  setFont(zoomedFont(QApplication::font(), a));
  applyToPlot(m_plot, a, font());
  for (QCPBars* b : m_kinds) b->setPen(QPen(a.background(), 0.5 * a.mark()));
  for (int k = 0; k < kDramKinds; ++k)
    m_kindsB[static_cast<std::size_t>(k)]->setPen(
        QPen(m_kinds[static_cast<std::size_t>(k)]->brush().color(), 1.2 * a.mark()));
  m_dense->setPen(QPen(a.background(), 0.5 * a.mark()));
  m_dense->setBrush(a.dark ? QColor(120, 120, 120) : QColor(150, 150, 150));
  m_mark->setPen(QPen(a.foreground(), 2 * a.mark(), Qt::DashLine));
  m_empty->setStyle(font(), a.foreground());
  m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void DramTrafficView::rebuild() {
  const auto& a = m_session->analysis();
  for (QCPBars* b : m_kinds) b->data()->clear();
  for (QCPBars* b : m_kindsB) b->data()->clear();
  m_dense->data()->clear();
  const bool diff = m_session->compareMode() == CompareMode::Diff;
  const QString runName = a ? a->runName : QStringLiteral("SpAtten");
  for (std::size_t k = 0; k < m_kinds.size(); ++k) {
    const QString kind = QString::fromUtf8(dramKindName(static_cast<DramKind>(k)));
    m_kinds[k]->setName(diff ? QStringLiteral("A %1").arg(kind)
                             : QStringLiteral("%1 %2").arg(runName, kind));
    if (diff)
      m_kindsB[k]->addToLegend();
    else
      m_kindsB[k]->removeFromLegend();
  }
  if (diff)
    m_dense->removeFromLegend();
  else
    m_dense->addToLegend();
  m_plot->xAxis->setLabel(diff ? QStringLiteral("layer (left bar: A, right bar, hatched: B)")
                               : QStringLiteral("layer (left bar: %1, right bar: dense)")
                                     .arg(runName));
  if (diff) {
    rebuildCompare();
    return highlightSelection();
  }
  if (!a || !a->hasSpatten) {
    m_info->setText(a ? QStringLiteral("No SpAtten run: %1").arg(a->spattenError)
                      : m_session->emptyAnalysisText());
    m_empty->show(m_info->text());
    highlightSelection();
    return;
  }
  const auto& d = a->dram;
  m_empty->clear();
  setLayerTicks(m_plot);
  double maxBar = 0;
  for (std::size_t l = 0; l < d.bytesPerLayer.size(); ++l) {
    double stack = 0;
    for (int k = 0; k < kDramKinds; ++k) {
      const double v = d.bytesPerLayer[l][static_cast<std::size_t>(k)] / kKiB;
      m_kinds[static_cast<std::size_t>(k)]->addData(static_cast<double>(l) - kOffset, v);
      stack += v;
    }
    const double dense = l < d.denseBytesPerLayer.size() ? d.denseBytesPerLayer[l] / kKiB : 0.0;
    m_dense->addData(static_cast<double>(l) + kOffset, dense);
    maxBar = std::max({maxBar, stack, dense});
  }
  m_plot->xAxis->setRange(-0.7, static_cast<double>(d.bytesPerLayer.size()) - 0.3);
  m_plot->yAxis->setRange(0, maxBar > 0 ? maxBar * 1.25 : 1);
  const double total = d.total();
  const double dense = d.denseTotal();
  m_info->setText(QStringLiteral("%9 %1 KiB vs dense %2 KiB: %3\u00d7 less DRAM traffic "
                                 "(K MSB %4, K LSB %5, V %6, Q %7, Meta %8 KiB)")
                      .arg(total / kKiB, 0, 'f', 1)
                      .arg(dense / kKiB, 0, 'f', 1)
                      .arg(total > 0 ? dense / total : 0.0, 0, 'f', 2)
                      .arg(barsSum(m_kinds[0]) / kKiB, 0, 'f', 1)
                      .arg(barsSum(m_kinds[1]) / kKiB, 0, 'f', 1)
                      .arg(barsSum(m_kinds[2]) / kKiB, 0, 'f', 1)
                      .arg(barsSum(m_kinds[3]) / kKiB, 0, 'f', 1)
                      .arg(barsSum(m_kinds[4]) / kKiB, 0, 'f', 1)
                      .arg(runName));
  highlightSelection();
}

void DramTrafficView::highlightSelection() {
  const auto& a = m_session->analysis();
  const int layer = m_session->selection().layer;
  const int layers = a && a->hasSpatten ? static_cast<int>(a->dram.bytesPerLayer.size()) : 0;
  m_highlightedLayer = layer >= 0 && layer < layers ? layer : -1;
  m_mark->setVisible(m_highlightedLayer >= 0);
  if (m_highlightedLayer >= 0) {
    // Just above the layer's taller bar (SpAtten stack or dense), not the plot's top.
    const auto l = static_cast<std::size_t>(layer);
    double top = 0;
    for (double b : a->dram.bytesPerLayer[l]) top += b;
    if (l < a->dram.denseBytesPerLayer.size()) top = std::max(top, a->dram.denseBytesPerLayer[l]);
    m_mark->topLeft->setCoords(layer - 0.45, top / kKiB * 1.04);
    m_mark->bottomRight->setCoords(layer + 0.45, 0);
  }
  m_plot->replot(QCustomPlot::rpQueuedReplot);
}

int DramTrafficView::layerAt(const QPointF& pixel) const {
  const auto& a = m_session->analysis();
  if (!a || !a->hasSpatten) return -1;
  const double x = m_plot->xAxis->pixelToCoord(pixel.x());
  const int layer = static_cast<int>(std::lround(x));
  const bool inside =
      std::abs(x - layer) <= 0.45 && m_plot->axisRect()->rect().contains(pixel.toPoint());
  return inside && layer >= 0 && layer < static_cast<int>(a->dram.bytesPerLayer.size()) ? layer
                                                                                        : -1;
}

bool DramTrafficView::selectAt(const QPointF& pixel) {
  const int layer = layerAt(pixel);
  if (layer < 0) return false;
  m_session->selectLayerHead(layer, m_session->selection().head);
  return true;
}

double DramTrafficView::plottedSpattenBytes() const {
  double sum = 0;
  for (const QCPBars* b : m_kinds) sum += barsSum(b);
  return sum;
}

double DramTrafficView::plottedDenseBytes() const { return barsSum(m_dense); }

std::array<double, kDramKinds> DramTrafficView::plottedBytesB() const {
  std::array<double, kDramKinds> out{};
  for (std::size_t k = 0; k < out.size(); ++k) out[k] = barsSum(m_kindsB[k]);
  return out;
}

void DramTrafficView::rebuildCompare() {
  const auto& a = m_session->analysisA();
  const auto& b = m_session->analysisB();
  QString why;
  if (!m_session->hasCompare())
    why = QStringLiteral("no configuration B is pinned");
  else if (!a || !a->hasSpatten)
    why = a ? QStringLiteral("A has no SpAtten run: %1").arg(a->spattenError)
            : m_session->emptyAnalysisText();
  else if (!b)
    why = m_session->compareReason();
  else if (!b->hasSpatten)
    why = QStringLiteral("B has no SpAtten run: %1").arg(b->spattenError);
  else if (b->dram.bytesPerLayer.size() != a->dram.bytesPerLayer.size())
    why = QStringLiteral("A and B have different layer counts");
  if (!why.isEmpty()) {
    m_info->setText(QStringLiteral("A \u2212 B: no DRAM comparison (%1). Show A or B "
                                   "(Compare menu).")
                        .arg(why));
    m_empty->show(m_info->text());
    return;
  }
  m_empty->clear();
  setLayerTicks(m_plot);
  double maxBar = 0;
  const std::size_t layers = a->dram.bytesPerLayer.size();
  for (std::size_t l = 0; l < layers; ++l) {
    double stackA = 0, stackB = 0;
    for (std::size_t k = 0; k < m_kinds.size(); ++k) {
      const double va = a->dram.bytesPerLayer[l][k] / kKiB;
      const double vb = b->dram.bytesPerLayer[l][k] / kKiB;
      m_kinds[k]->addData(static_cast<double>(l) - kOffset, va);
      m_kindsB[k]->addData(static_cast<double>(l) + kOffset, vb);
      stackA += va;
      stackB += vb;
    }
    maxBar = std::max({maxBar, stackA, stackB});
  }
  m_plot->xAxis->setRange(-0.7, static_cast<double>(layers) - 0.3);
  m_plot->yAxis->setRange(0, maxBar > 0 ? maxBar * 1.25 : 1);
  const double ta = a->dram.total(), tb = b->dram.total();
  QString kinds;
  for (std::size_t k = 0; k < m_kinds.size(); ++k)
    kinds += QStringLiteral("%1%2 %3 / %4")
                 .arg(k ? QStringLiteral(", ") : QString(),
                      QString::fromUtf8(dramKindName(static_cast<DramKind>(k))))
                 .arg(barsSum(m_kinds[k]) / kKiB, 0, 'f', 1)
                 .arg(barsSum(m_kindsB[k]) / kKiB, 0, 'f', 1);
  m_info->setText(QStringLiteral("A %1 KiB vs B %2 KiB, A \u2212 B = %3 KiB (%4 KiB, A / B)")
                      .arg(ta / kKiB, 0, 'f', 1)
                      .arg(tb / kKiB, 0, 'f', 1)
                      .arg((ta - tb) / kKiB, 0, 'f', 1)
                      .arg(kinds));
}

QString DramTrafficView::csv() const {
  QString out = QStringLiteral("layer,k_msb_bytes,k_lsb_bytes,v_bytes,q_bytes,spatten_bytes,dense_bytes\n");
  const auto& a = m_session->analysis();
  if (!a || !a->hasSpatten) return out;
  for (std::size_t l = 0; l < a->dram.bytesPerLayer.size(); ++l) {
    const auto& b = a->dram.bytesPerLayer[l];
    out += QStringLiteral("%1,%2,%3,%4,%5,%6,%7\n")
               .arg(l)
               .arg(b[0], 0, 'f', 0)
               .arg(b[1], 0, 'f', 0)
               .arg(b[2], 0, 'f', 0)
               .arg(b[3], 0, 'f', 0)
               .arg(b[0] + b[1] + b[2] + b[3], 0, 'f', 0)
               .arg(a->dram.denseBytesPerLayer[l], 0, 'f', 0);
  }
  return out;
}

}  // namespace spatten::views
