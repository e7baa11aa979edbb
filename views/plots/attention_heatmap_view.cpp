#include "views/plots/attention_heatmap_view.h"

#include <qcustomplot.h>

#include <QApplication>
#include <QCheckBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>
#include <limits>

#include "views/common/chart_export.h"
#include "views/common/palette.h"
#include "views/common/plot_empty.h"
#include "views/common/session_model.h"

namespace spatten::views {
namespace {
QSpinBox* makeSpin(const QString& name, QWidget* parent) {
  auto* s = new QSpinBox(parent);
  s->setObjectName(name);
  s->setRange(0, 0);
  return s;
}
QString tokenLabel(const AnalysisData& a, int index) {
  if (index < 0 || index >= static_cast<int>(a.tokens.size())) return {};
  QString t = a.tokens[static_cast<std::size_t>(index)].text.trimmed();
  return t.isEmpty() ? QStringLiteral("\u2423") : t;
}
}  // namespace

AttentionHeatmapView::AttentionHeatmapView(SessionModel* session, QWidget* parent)
    : QWidget(parent), m_session(session) {
  setObjectName(QStringLiteral("attentionHeatmap"));
  auto* layout = new QVBoxLayout(this);
  auto* bar = new QHBoxLayout;
  m_layer = makeSpin(QStringLiteral("heatmapLayer"), this);
  m_head = makeSpin(QStringLiteral("heatmapHead"), this);
  m_iteration = makeSpin(QStringLiteral("heatmapIteration"), this);
  m_mask = new QCheckBox(QStringLiteral("Mask pruned"), this);
  m_mask->setToolTip(
      QStringLiteral("On: the attention SpAtten actually used (pruned rows, columns and "
                     "heads blank). Off: the dense model's attention."));
  m_mask->setChecked(true);
  m_log = new QCheckBox(QStringLiteral("Log colour"), this);
  m_log->setObjectName(QStringLiteral("heatmapLogScale"));
  m_log->setToolTip(
      QStringLiteral("Colour by the logarithm of the probability, %1 decades below the "
                     "brightest cell: on a long text a row's probabilities are near 1/n, which a "
                     "linear scale draws all dark. Hover and CSV show the values themselves.")
          .arg(kLogDecades));
  bar->addWidget(new QLabel(QStringLiteral("Layer"), this));
  bar->addWidget(m_layer);
  bar->addWidget(new QLabel(QStringLiteral("Head"), this));
  bar->addWidget(m_head);
  bar->addWidget(new QLabel(QStringLiteral("Pass"), this));
  bar->addWidget(m_iteration);
  bar->addWidget(m_mask);
  bar->addWidget(m_log);
  auto* note = new QLabel(QStringLiteral("hatched = not computed (pruned, masked)"), this);
  note->setForegroundRole(QPalette::PlaceholderText);
  note->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
  bar->addWidget(note, 1);
  layout->addLayout(bar);
  // The readout of the cell under the mouse, on its own line so that it never widens the view.
  m_hover = new QLabel(this);
  m_hover->setObjectName(QStringLiteral("heatmapHover"));
  m_hover->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Fixed);
  m_hover->setMinimumHeight(m_hover->fontMetrics().height());
  layout->addWidget(m_hover);

  m_plot = new QCustomPlot(this);
  m_plot->setObjectName(QStringLiteral("heatmapPlot"));
  m_plot->setMouseTracking(true);
  m_plot->axisRect()->setBackground(QBrush(QColor(200, 200, 200), Qt::BDiagPattern));
  m_map = new QCPColorMap(m_plot->xAxis, m_plot->yAxis);
  m_map->setGradient(viridisGradient());
  m_map->setInterpolate(false);
  m_map->setTightBoundary(false);  // cells centred on integer key/query indices
  m_scale = new QCPColorScale(m_plot);
  m_scale->setLabel(QStringLiteral("attention probability"));
  m_plot->plotLayout()->addElement(0, 1, m_scale);
  m_map->setColorScale(m_scale);  // the scale owns the gradient from here on
  m_scale->setGradient(viridisGradient());
  m_linearTicker = m_scale->axis()->ticker();
  m_logTicker = QSharedPointer<QCPAxisTickerLog>::create();
  auto* group = new QCPMarginGroup(m_plot);
  m_plot->axisRect()->setMarginGroup(QCP::msBottom | QCP::msTop, group);
  m_scale->setMarginGroup(QCP::msBottom | QCP::msTop, group);
  m_plot->yAxis->setRangeReversed(true);
  m_plot->xAxis->setLabel(QStringLiteral("key token"));
  m_plot->yAxis->setLabel(QStringLiteral("query token"));
  m_plot->xAxis->setTickLabelRotation(60);
  m_selectionRect = new QCPItemRect(m_plot);
  m_selectionRect->setPen(QPen(okabeIto(6), 2.5));
  m_selectionRect->setBrush(Qt::NoBrush);
  m_selectionRect->setVisible(false);
  m_requestRect = new QCPItemRect(m_plot);
  m_requestRect->setPen(QPen(okabeIto(6), 2.5, Qt::DashLine));
  m_requestRect->setBrush(Qt::NoBrush);
  m_requestRect->setVisible(false);
  m_empty = new PlotEmptyState(m_plot);
  layout->addWidget(m_plot, 1);

  installExportMenu(m_plot, m_plot, [this] { return csv(); }, QStringLiteral("attention"));

  connect(m_session, &SessionModel::analysisChanged, this, &AttentionHeatmapView::rebuild);
  connect(m_session, &SessionModel::selectionChanged, this, &AttentionHeatmapView::rebuild);
  connect(m_layer, &QSpinBox::valueChanged, this,
          [this](int l) { m_session->selectLayerHead(l, m_session->selection().head); });
  connect(m_head, &QSpinBox::valueChanged, this,
          [this](int h) { m_session->selectLayerHead(m_session->selection().layer, h); });
  connect(m_iteration, &QSpinBox::valueChanged, m_session, &SessionModel::selectIteration);
  connect(m_mask, &QCheckBox::toggled, this, &AttentionHeatmapView::rebuild);
  connect(m_log, &QCheckBox::toggled, this, &AttentionHeatmapView::rebuild);
  connect(m_plot, &QCustomPlot::mouseMove, this, &AttentionHeatmapView::onHover);
  connect(m_plot, &QCustomPlot::mousePress, this, &AttentionHeatmapView::onClick);
  connect(m_plot, &QCustomPlot::afterLayout, this, &AttentionHeatmapView::updateTicks);
  connect(m_session, &SessionModel::appearanceChanged, this,
          &AttentionHeatmapView::applyAppearance);
  applyAppearance();
  rebuild();
}

void AttentionHeatmapView::applyAppearance() {
  const Appearance& a = m_session->appearance();
  setFont(zoomedFont(QApplication::font(), a));
  applyToPlot(m_plot, a, font());
  m_plot->axisRect()->setBackground(
      QBrush(a.idleFill().darker(a.dark ? 80 : 105), Qt::BDiagPattern));
  m_selectionRect->setPen(QPen(okabeIto(6), 2.5 * a.mark()));
  m_requestRect->setPen(QPen(okabeIto(6), 2.5 * a.mark(), Qt::DashLine));
  m_empty->setStyle(font(), a.foreground());
  m_tickStep = 0;
  updateTicks();
  m_plot->replot(QCustomPlot::rpQueuedReplot);
}

// Token labels on both axes, every `step`-th one when cells are narrower than a line of text
// (long sequences, small windows, zoomed fonts): labels never overlap.
void AttentionHeatmapView::updateTicks() {
  const auto& a = m_session->analysis();
  const int n = shownRows();
  if (!a || n == 0) return;
  // Cells narrower than a pixel (hundreds of tokens) still count: a step computed for a 1-pixel
  // cell put 16 labels on 6 pixels at 1,000 tokens.
  const double cell =
      std::max(1, std::min(m_plot->axisRect()->width(), m_plot->axisRect()->height())) /
      static_cast<double>(n);
  const int line = QFontMetrics(m_plot->xAxis->tickLabelFont()).height();
  const int step = std::max(1, static_cast<int>(std::ceil(line * 1.1 / cell)));
  if (step == m_tickStep) return;
  m_tickStep = step;
  auto xTicks = QSharedPointer<QCPAxisTickerText>::create();
  auto yTicks = QSharedPointer<QCPAxisTickerText>::create();
  for (int i = 0; i < n; i += step) {
    xTicks->addTick(i, tokenLabel(*a, i));
    yTicks->addTick(i, tokenLabel(*a, i));
  }
  m_plot->xAxis->setTicker(xTicks);
  m_plot->yAxis->setTicker(yTicks);
  m_plot->replot(QCustomPlot::rpQueuedReplot);
}

AttentionHeatmapView::~AttentionHeatmapView() = default;

void AttentionHeatmapView::setMaskPruned(bool on) { m_mask->setChecked(on); }
void AttentionHeatmapView::setLogScale(bool on) {
  m_log->setChecked(on);
}
QString AttentionHeatmapView::hoverText() const {
  return m_hover->text();
}

const Matrix* AttentionHeatmapView::currentMatrix() const {
  const auto& a = m_session->analysis();
  if (!a) return nullptr;
  const Selection& s = m_session->selection();
  const auto idx = static_cast<std::size_t>(s.layer * a->heads + s.head);
  if (m_usedOf && m_usedOf != a) {  // another analysis: drop the old one's matrix (and pointer)
    m_usedOf.reset();
    m_used.reset();
  }
  const bool validHead = s.layer >= 0 && s.layer < a->layers && s.head >= 0 && s.head < a->heads;
  if (m_mask->isChecked() && a->hasSpatten && validHead) {
    if (!m_used || m_usedIdx != idx) {
      m_used = std::make_unique<Matrix>(usedAttention(*a, s.layer, s.head));
      m_usedOf = a;
      m_usedIdx = idx;
    }
    return m_used.get();
  }
  if (idx < a->denseProbs.size()) return &a->denseProbs[idx];
  return nullptr;
}

int AttentionHeatmapView::shownRows() const {
  const auto& a = m_session->analysis();
  const Matrix* m = currentMatrix();
  if (!a || !m) return 0;
  return std::clamp(a->lastQuery(m_session->selection().iteration) + 1, 0, m->rows);
}

void AttentionHeatmapView::syncControls() {
  const auto& a = m_session->analysis();
  const Selection& s = m_session->selection();
  const QSignalBlocker b1(m_layer), b2(m_head), b3(m_iteration);
  m_layer->setRange(0, a ? std::max(0, a->layers - 1) : 0);
  m_head->setRange(0, a ? std::max(0, a->heads - 1) : 0);
  m_iteration->setRange(0, a ? std::max(0, a->passCount - 1) : 0);
  m_iteration->setEnabled(a && a->passCount > 1);
  m_layer->setValue(s.layer);
  m_head->setValue(s.head);
  m_iteration->setValue(s.iteration);
  m_mask->setEnabled(a && a->hasSpatten);
  m_log->setEnabled(a != nullptr);  // a colour scale only with a matrix to colour
}

void AttentionHeatmapView::rebuild() {
  syncControls();
  // The readout described the matrix under the mouse; this one may be another (issue 13, 9e).
  m_hover->clear();
  m_plot->setToolTip(QString());
  const auto& a = m_session->analysis();
  const Matrix* m = currentMatrix();
  const bool empty = !a || !m || m->rows == 0 || m->cols == 0;
  // No axes' ticks or numbers and no colour scale without a matrix: they described nothing.
  m_scale->setVisible(!empty);
  if (empty) {
    m_empty->show(a ? QStringLiteral("Nothing to show for this layer and head")
                    : m_session->emptyAnalysisText());
    m_map->data()->clear();
    m_selectionRect->setVisible(false);
    m_requestRect->setVisible(false);
    m_plot->replot(QCustomPlot::rpQueuedReplot);
    return;
  }
  m_empty->clear();
  const int rows = shownRows();
  const int cols = rows;  // keys known after this pass (BERT/summarization: rows == cols)
  m_map->data()->setSize(cols, rows);
  m_map->data()->setRange(QCPRange(0, cols - 1), QCPRange(0, rows - 1));
  // Colour range: the largest value outside rows with a single key (GPT-2's first query always
  // attends to itself with 1.0 and would wash everything else out); brighter cells saturate.
  float maxValue = 0;
  float maxAll = 0;
  float minPositive = std::numeric_limits<float>::infinity();
  for (int q = 0; q < rows; ++q) {
    int keys = 0;
    float rowMax = 0;
    for (int k = 0; k < cols; ++k) {
      const float v = m->at(q, k);
      if (!std::isnan(v) && v > 0) {
        ++keys;
        rowMax = std::max(rowMax, v);
        minPositive = std::min(minPositive, v);
      }
    }
    maxAll = std::max(maxAll, rowMax);
    if (keys > 1) maxValue = std::max(maxValue, rowMax);
  }
  if (maxValue <= 0) maxValue = maxAll;
  const double upper = maxValue > 0 ? maxValue : 1;
  const bool log = m_log->isChecked();
  const double lower =
      log ? std::min(std::max(upper * std::pow(10.0, -kLogDecades), double{minPositive}),
                     upper / 10)
          : 0;
  for (int q = 0; q < rows; ++q)
    for (int k = 0; k < cols; ++k) {
      const float v = m->at(q, k);
      m_map->data()->setCell(k, q, std::isnan(v) ? std::nan("") : std::max(double{v}, lower));
    }
  m_scale->setDataScaleType(log ? QCPAxis::stLogarithmic : QCPAxis::stLinear);
  m_scale->axis()->setTicker(log ? m_logTicker : m_linearTicker);
  m_scale->axis()->setNumberFormat(log ? QStringLiteral("eb") : QStringLiteral("gb"));
  m_scale->axis()->setNumberPrecision(log ? 0 : 6);
  m_scale->setLabel(log ? QStringLiteral("attention probability (log)")
                        : QStringLiteral("attention probability"));
  m_map->setDataRange(QCPRange(lower, upper));
  m_tickStep = 0;
  updateTicks();
  m_plot->xAxis->setRange(-0.5, cols - 0.5);
  m_plot->yAxis->setRange(-0.5, rows - 0.5);
  // The selected token's column (who attends to it) and the selected request's row (dashed: the
  // query whose attention the request computes).
  const int tok = outlinedColumn();
  m_selectionRect->setVisible(tok >= 0);
  m_selectionRect->topLeft->setCoords(tok - 0.5, -0.5);
  m_selectionRect->bottomRight->setCoords(tok + 0.5, rows - 0.5);
  const int query = outlinedRow();
  m_requestRect->setVisible(query >= 0);
  m_requestRect->topLeft->setCoords(-0.5, query - 0.5);
  m_requestRect->bottomRight->setCoords(cols - 0.5, query + 0.5);
  m_plot->replot(QCustomPlot::rpQueuedReplot);
}

int AttentionHeatmapView::outlinedRow() const {
  const auto& a = m_session->analysis();
  const Selection& s = m_session->selection();
  if (!a || !currentMatrix() || s.request < 0 || s.request >= static_cast<int>(a->requests.size()))
    return -1;
  const RequestInfo& r = a->requests[static_cast<std::size_t>(s.request)];
  if (r.layer != s.layer || r.head != s.head || r.iteration != s.iteration) return -1;
  return r.query >= 0 && r.query < shownRows() ? r.query : -1;
}

int AttentionHeatmapView::outlinedColumn() const {
  const int tok = m_session->selection().token;
  // The request's own query token (selecting a request selects it too) is its row, not a cross.
  if (tok == outlinedRow()) return -1;
  return currentMatrix() && tok >= 0 && tok < shownRows() ? tok : -1;
}

bool AttentionHeatmapView::cellAt(const QPointF& pos, int* row, int* col) const {
  const Matrix* m = currentMatrix();
  if (!m || !m_plot->axisRect()->rect().contains(pos.toPoint())) return false;
  const int k = static_cast<int>(std::lround(m_plot->xAxis->pixelToCoord(pos.x())));
  const int q = static_cast<int>(std::lround(m_plot->yAxis->pixelToCoord(pos.y())));
  const int n = shownRows();
  if (k < 0 || k >= n || q < 0 || q >= n) return false;
  *row = q;
  *col = k;
  return true;
}

void AttentionHeatmapView::onHover(QMouseEvent* event) {
  int q = 0, k = 0;
  if (!cellAt(event->position(), &q, &k)) {
    m_hover->clear();
    return;
  }
  const auto& a = *m_session->analysis();
  const float v = currentMatrix()->at(q, k);
  const QString value = std::isnan(v) ? QStringLiteral("pruned") : QString::number(v, 'f', 4);
  const QString text = QStringLiteral("query %1 \u201c%2\u201d \u2192 key %3 \u201c%4\u201d: %5")
                           .arg(q)
                           .arg(tokenLabel(a, q))
                           .arg(k)
                           .arg(tokenLabel(a, k), value);
  m_hover->setText(text);
  m_plot->setToolTip(text);
}

void AttentionHeatmapView::onClick(QMouseEvent* event) {
  int q = 0, k = 0;
  if (event->button() == Qt::LeftButton && cellAt(event->position(), &q, &k))
    m_session->selectToken(k);
}

QString AttentionHeatmapView::csv() const {
  const Matrix* m = currentMatrix();
  const auto& a = m_session->analysis();
  if (!m || !a) return {};
  const int n = shownRows();
  QString out = QStringLiteral("query\\key");
  for (int k = 0; k < n; ++k) out += QStringLiteral(",") + csvField(tokenLabel(*a, k));
  out += QStringLiteral("\n");
  for (int q = 0; q < n; ++q) {
    out += csvField(tokenLabel(*a, q));
    for (int k = 0; k < n; ++k) {
      const float v = m->at(q, k);
      out += QStringLiteral(",") + (std::isnan(v) ? QString() : QString::number(v, 'g', 8));
    }
    out += QStringLiteral("\n");
  }
  return out;
}

}  // namespace spatten::views
