#include "views/plots/pareto_view.h"

#include <qcustomplot.h>

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QToolTip>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <set>
#include <utility>

#include "views/common/chart_export.h"
#include "views/common/palette.h"
#include "views/common/plot_legend.h"

namespace spatten::views {
namespace {

constexpr double kOverlapPx = 3.0;         // points this close are drawn on top of each other
constexpr std::size_t kOverlapListed = 8;  // overlapping points listed in one tooltip

double figure(const ParetoPoint& p, const char* name) {
  return p.figures.value(QString::fromUtf8(name), std::nan(""));
}

struct Loss {
  const char* label;
  const char* path;
  bool oneMinus;  // the loss is 1 - the figure (an agreement or a cosine)
};
constexpr Loss kLosses[] = {{"1 − top-1 agreement", "fidelity.top1_agreement", true},
                            {"mean KL(dense ‖ pruned) [nats]", "fidelity.mean_kl", false},
                            {"1 − CLS cosine", "fidelity.cls_cosine", true},
                            {"1 − MLM agreement", "fidelity.mlm_agreement", true}};
constexpr const char* kBenefits[][2] = {{"DRAM reduction vs dense [×]", "dram_reduction"},
                                        {"speedup vs dense [×]", "speedup"},
                                        {"energy reduction vs dense [×]", "energy_reduction"}};

// The data's range widened by `scale` around its centre. All values equal: QCustomPlot would
// keep the old range's width around them (a "1 - top-1 agreement" of 0.2 on -3 .. 3); instead
// +-10 % of the value (+-0.5 around 0), and never below 0 for data that is not negative.
// NaN (a figure the run lacks) is not plotted and not counted.
void fitAxis(QCPAxis* axis, const std::vector<double>& v, double scale) {
  double lo = INFINITY, hi = -INFINITY;
  for (const double x : v)
    if (std::isfinite(x)) lo = std::min(lo, x), hi = std::max(hi, x);
  if (lo > hi) return;  // nothing to show: the range stays
  if (hi - lo > 1e-9 * std::max(1.0, std::abs(hi))) {
    axis->setRange(lo, hi);
    axis->scaleRange(scale);
    return;
  }
  const double pad = hi != 0 ? 0.1 * std::abs(hi) : 0.5;
  axis->setRange(lo >= 0 ? std::max(0.0, lo - pad) : lo - pad, hi + pad);
}

}  // namespace

std::vector<int> paretoFront(const std::vector<double>& x, const std::vector<double>& y) {
  std::vector<int> order(x.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
    const auto ua = static_cast<std::size_t>(a), ub = static_cast<std::size_t>(b);
    return x[ua] != x[ub] ? x[ua] > x[ub] : y[ua] < y[ub];
  });
  std::vector<int> front;
  double best = INFINITY;
  for (int i : order) {
    const auto u = static_cast<std::size_t>(i);
    if (std::isnan(x[u]) || std::isnan(y[u])) continue;
    if (y[u] < best) {
      front.push_back(i);
      best = y[u];
    }
  }
  return front;
}

ParetoView::ParetoView(QWidget* parent) : QWidget(parent) {
  setObjectName(QStringLiteral("paretoView"));
  auto* layout = new QVBoxLayout(this);
  auto* bar = new QHBoxLayout;
  m_benefit = new QComboBox(this);
  m_benefit->setObjectName(QStringLiteral("paretoBenefit"));
  for (const auto& b : kBenefits) m_benefit->addItem(QString::fromUtf8(b[0]), QString::fromUtf8(b[1]));
  m_loss = new QComboBox(this);
  m_loss->setObjectName(QStringLiteral("paretoLoss"));
  m_colour = new QComboBox(this);
  m_colour->setObjectName(QStringLiteral("paretoColour"));
  bar->addWidget(new QLabel(QStringLiteral("x:"), this));
  bar->addWidget(m_benefit);
  bar->addWidget(new QLabel(QStringLiteral("y:"), this));
  bar->addWidget(m_loss);
  bar->addWidget(new QLabel(QStringLiteral("colour:"), this));
  bar->addWidget(m_colour, 1);
  layout->addLayout(bar);
  m_info = new QLabel(this);
  m_info->setObjectName(QStringLiteral("paretoInfo"));
  m_info->setWordWrap(true);
  layout->addWidget(m_info);
  m_plot = new QCustomPlot(this);
  m_plot->setObjectName(QStringLiteral("paretoPlot"));
  m_plot->setMinimumHeight(180);  // with its legend; the sweep dialog fits a 600-px screen
  m_plot->legend->setVisible(true);
  placeLegendBelow(m_plot);  // inside, it would hide part of the front
  m_plot->setMouseTracking(true);
  layout->addWidget(m_plot, 1);
  for (QComboBox* c : {m_benefit, m_loss, m_colour}) {
    c->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    connect(c, &QComboBox::currentIndexChanged, this, &ParetoView::rebuild);
  }
  installExportMenu(m_plot, m_plot, [this] { return csv(); }, QStringLiteral("pareto"));
  connect(m_plot, &QCustomPlot::mouseMove, this, [this](QMouseEvent* e) {
    const QString text = describeAt(e->position());
    if (!text.isEmpty())
      QToolTip::showText(e->globalPosition().toPoint(), text, m_plot);
    else
      QToolTip::hideText();
  });
  connect(m_plot, &QCustomPlot::mousePress, this, [this](QMouseEvent* e) {
    if (e->button() == Qt::LeftButton) selectAt(e->position());
  });
  rebuild();
}

void ParetoView::setPoints(std::vector<ParetoPoint> points) {
  m_rows = std::move(points);
  m_selected = -1;
  fillCombos();
  rebuild();
}

void ParetoView::fillCombos() {
  const QSignalBlocker b1(m_loss), b2(m_colour);
  const QString loss = m_loss->currentData().toString(), colour = m_colour->currentText();
  m_loss->clear();
  m_colour->clear();
  if (m_rows.empty()) return;
  for (const Loss& l : kLosses)
    if (!std::isnan(figure(m_rows[0], l.path)))
      m_loss->addItem(QString::fromUtf8(l.label), QString::fromUtf8(l.path));
  for (const auto& kv : m_rows[0].params) m_colour->addItem(kv.first);
  if (const int i = m_loss->findData(loss); i >= 0) m_loss->setCurrentIndex(i);
  if (const int i = m_colour->findText(colour); i >= 0) m_colour->setCurrentIndex(i);
}

void ParetoView::rebuild() {
  m_plot->clearGraphs();
  m_x.assign(m_rows.size(), 0.0);
  m_y.assign(m_rows.size(), 0.0);
  const QByteArray xPath = m_benefit->currentData().toString().toUtf8();
  const QByteArray yPath = m_loss->currentData().toString().toUtf8();
  const bool oneMinus = yPath != "fidelity.mean_kl";
  for (std::size_t i = 0; i < m_rows.size(); ++i) {
    m_x[i] = figure(m_rows[i], xPath.constData());
    const double y = figure(m_rows[i], yPath.constData());
    m_y[i] = oneMinus ? 1.0 - y : y;
  }
  m_front = paretoFront(m_x, m_y);
  // One graph per value of the colour parameter (in first-seen order), viridis by rank.
  const int key = m_colour->currentIndex();
  std::map<QString, std::vector<int>> byValue;
  std::vector<QString> order;
  for (std::size_t i = 0; i < m_rows.size(); ++i) {
    const QString v = key < 0 ? QString() : m_rows[i].params.value(key).second;
    if (!byValue.count(v)) order.push_back(v);
    byValue[v].push_back(static_cast<int>(i));
  }
  for (std::size_t k = 0; k < order.size(); ++k) {
    QCPGraph* g = m_plot->addGraph();
    const double t = order.size() > 1 ? double(k) / double(order.size() - 1) : 0.5;
    const QColor c = viridis(t);
    g->setLineStyle(QCPGraph::lsNone);
    g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, c, c, 7));
    g->setName(m_colour->currentText() + QStringLiteral(" = ") + order[k]);
    for (int i : byValue[order[k]])
      g->addData(m_x[static_cast<std::size_t>(i)], m_y[static_cast<std::size_t>(i)]);
    if (k >= 12) g->removeFromLegend();
  }
  m_frontGraph = m_plot->addGraph();
  m_frontGraph->setName(QStringLiteral("Pareto front"));
  m_frontGraph->setPen(QPen(Qt::black, 1.5));
  m_frontGraph->setLineStyle(QCPGraph::lsStepLeft);
  m_frontGraph->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(Qt::black, 1.5),
                                                Qt::NoBrush, 11));
  QVector<double> fx, fy;
  for (auto it = m_front.rbegin(); it != m_front.rend(); ++it) {  // by increasing x
    fx.push_back(m_x[static_cast<std::size_t>(*it)]);
    fy.push_back(m_y[static_cast<std::size_t>(*it)]);
  }
  m_frontGraph->setData(fx, fy, true);
  m_selectedGraph = m_plot->addGraph();
  m_selectedGraph->setName(QStringLiteral("selected (loaded into the views)"));
  m_selectedGraph->setLineStyle(QCPGraph::lsNone);
  m_selectedGraph->setScatterStyle(
      QCPScatterStyle(QCPScatterStyle::ssCrossCircle, QPen(QColor(213, 94, 0), 2), Qt::NoBrush, 16));
  if (m_selected >= 0)
    m_selectedGraph->addData(m_x[static_cast<std::size_t>(m_selected)],
                             m_y[static_cast<std::size_t>(m_selected)]);
  m_plot->xAxis->setLabel(m_benefit->currentText() + QStringLiteral("  (better →)"));
  m_plot->yAxis->setLabel(m_loss->currentText() + QStringLiteral("  (lower is better)"));
  fitAxis(m_plot->xAxis, m_x, 1.1);
  fitAxis(m_plot->yAxis, m_y, 1.15);
  m_info->setText(infoText());
  m_plot->replot();
}

QPointF ParetoView::pixelOf(int row) const {
  const auto u = static_cast<std::size_t>(row);
  return {m_plot->xAxis->coordToPixel(m_x[u]), m_plot->yAxis->coordToPixel(m_y[u])};
}

int ParetoView::rowAt(const QPointF& pixel) const {
  int best = -1;
  double bestD = 12.0 * 12.0;
  for (std::size_t i = 0; i < m_rows.size(); ++i) {
    if (std::isnan(m_x[i]) || std::isnan(m_y[i])) continue;
    const QPointF d = pixelOf(static_cast<int>(i)) - pixel;
    const double dd = d.x() * d.x() + d.y() * d.y();
    if (dd < bestD) bestD = dd, best = static_cast<int>(i);
  }
  return best;
}

std::vector<int> ParetoView::rowsAt(const QPointF& pixel) const {
  const int nearest = rowAt(pixel);
  if (nearest < 0) return {};
  const QPointF at = pixelOf(nearest);
  std::vector<int> rows;
  for (std::size_t i = 0; i < m_rows.size(); ++i) {
    if (std::isnan(m_x[i]) || std::isnan(m_y[i])) continue;
    const QPointF d = pixelOf(static_cast<int>(i)) - at;
    if (d.x() * d.x() + d.y() * d.y() <= kOverlapPx * kOverlapPx)
      rows.push_back(static_cast<int>(i));
  }
  return rows;
}

QString ParetoView::describeAt(const QPointF& pixel) const {
  const std::vector<int> rows = rowsAt(pixel);
  if (rows.size() <= 1) return rows.empty() ? QString() : describe(rows.front());
  QStringList blocks{QStringLiteral("%1 points here; each click loads the next").arg(rows.size())};
  const std::size_t shown = std::min<std::size_t>(rows.size(), kOverlapListed);
  for (std::size_t i = 0; i < shown; ++i) {
    const int row = rows[i];
    blocks << (row == m_selected ? QStringLiteral("(selected) ") : QString()) + describe(row);
  }
  if (rows.size() > shown) blocks << QStringLiteral("... and %1 more").arg(rows.size() - shown);
  return blocks.join(QStringLiteral("\n\n"));
}

QString ParetoView::infoText() const {
  if (m_rows.empty()) return QStringLiteral("No sweep yet: choose axes and press Run.");
  std::set<std::pair<double, double>> positions;
  std::size_t plotted = 0;
  for (std::size_t i = 0; i < m_rows.size(); ++i)
    if (!std::isnan(m_x[i]) && !std::isnan(m_y[i])) positions.insert({m_x[i], m_y[i]}), ++plotted;
  if (positions.size() == plotted)
    return QStringLiteral(
               "%1 points, %2 on the Pareto front (circled). Hover a point for its "
               "parameters; click to load it into every view.")
        .arg(m_rows.size())
        .arg(m_front.size());
  return QStringLiteral(
             "%1 points at %2 positions (equal figures overlap), %3 on the Pareto front "
             "(circled). Hover a position for its points; click to load one into "
             "every view, click again for the next.")
      .arg(m_rows.size())
      .arg(positions.size())
      .arg(m_front.size());
}

QString ParetoView::describe(int row) const {
  const ParetoPoint& r = m_rows[static_cast<std::size_t>(row)];
  QStringList lines{QStringLiteral("point %1").arg(r.point)};
  for (const auto& kv : r.params) lines << kv.first + QStringLiteral(" = ") + kv.second;
  lines << QStringLiteral("%1: %2").arg(m_benefit->currentText()).arg(xOf(row), 0, 'g', 5)
        << QStringLiteral("%1: %2").arg(m_loss->currentText()).arg(yOf(row), 0, 'g', 5)
        << QStringLiteral("cycles: %1").arg(figure(r, "cycles"), 0, 'f', 0);
  return lines.join(QLatin1Char('\n'));
}

bool ParetoView::selectAt(const QPointF& pixel) {
  const std::vector<int> rows = rowsAt(pixel);
  if (rows.empty()) return false;
  const auto it = std::find(rows.begin(), rows.end(), m_selected);
  const int row = it == rows.end() || it + 1 == rows.end() ? rows.front() : *(it + 1);
  m_selected = row;
  m_selectedGraph->data()->clear();
  m_selectedGraph->addData(xOf(row), yOf(row));
  m_plot->replot();
  emit pointActivated(row);
  return true;
}

QString ParetoView::csv() const {
  QStringList out;
  QStringList head{QStringLiteral("point")};
  if (!m_rows.empty())
    for (const auto& kv : m_rows[0].params) head << csvField(kv.first);
  head << csvField(m_benefit->currentText()) << csvField(m_loss->currentText())
       << QStringLiteral("pareto_front");
  out << head.join(QLatin1Char(','));
  for (std::size_t i = 0; i < m_rows.size(); ++i) {
    QStringList line{QString::number(m_rows[i].point)};
    for (const auto& kv : m_rows[i].params) line << csvField(kv.second);
    const bool onFront =
        std::find(m_front.begin(), m_front.end(), static_cast<int>(i)) != m_front.end();
    line << QString::number(m_x[i], 'g', 7) << QString::number(m_y[i], 'g', 7)
         << QString::number(onFront ? 1 : 0);
    out << line.join(QLatin1Char(','));
  }
  return out.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

}  // namespace spatten::views
