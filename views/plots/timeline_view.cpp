#include "views/plots/timeline_view.h"

#include <qcustomplot.h>

#include <QLabel>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

#include "views/common/chart_export.h"
#include "views/common/palette.h"
#include "views/common/session_model.h"

namespace spatten::views {
namespace {
constexpr double kRowHeight = 0.75;
constexpr int kBins = 200;  // bandwidth histogram bins over the run

QCPItemStraightLine* makeCursor(QCustomPlot* plot) {
  auto* line = new QCPItemStraightLine(plot);
  line->setPen(QPen(okabeIto(6), 2));
  line->point1->setCoords(0, 0);
  line->point2->setCoords(0, 1);
  return line;
}
}  // namespace

TimelineView::TimelineView(SessionModel* session, QWidget* parent)
    : QWidget(parent), m_session(session) {
  setObjectName(QStringLiteral("timelineView"));
  auto* layout = new QVBoxLayout(this);
  m_info = new QLabel(this);
  m_info->setObjectName(QStringLiteral("timelineInfo"));
  layout->addWidget(m_info);
  m_activity = new QCustomPlot(this);
  m_activity->setObjectName(QStringLiteral("timelineActivity"));
  m_dram = new QCustomPlot(this);
  m_dram->setObjectName(QStringLiteral("timelineDram"));
  layout->addWidget(m_activity, 3);
  layout->addWidget(m_dram, 2);
  for (QCustomPlot* p : {m_activity, m_dram}) {
    p->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    p->axisRect()->setRangeDrag(Qt::Horizontal);
    p->axisRect()->setRangeZoom(Qt::Horizontal);
    p->xAxis->setLabel(QStringLiteral("cycle"));
  }
  m_activity->yAxis->setRangeReversed(true);
  // Same left/right margins on both plots so that their cycle axes (and cursors) line up.
  for (QCustomPlot* p : {m_activity, m_dram}) {
    p->axisRect()->setAutoMargins(QCP::msTop | QCP::msBottom);
    p->axisRect()->setMargins(QMargins(150, 0, 80, 0));
  }
  m_dram->yAxis->setLabel(QStringLiteral("cumulative DRAM [KiB]"));
  m_dram->yAxis2->setVisible(true);
  m_dram->yAxis2->setLabel(QStringLiteral("bandwidth [B/cycle]"));
  m_dram->legend->setVisible(true);
  m_dram->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignLeft);
  // Zooming one plot zooms the other.
  connect(m_activity->xAxis, qOverload<const QCPRange&>(&QCPAxis::rangeChanged), m_dram,
          [this](const QCPRange& r) {
            if (m_dram->xAxis->range() == r) return;
            m_dram->xAxis->setRange(r);
            m_dram->replot(QCustomPlot::rpQueuedReplot);
          });
  connect(m_dram->xAxis, qOverload<const QCPRange&>(&QCPAxis::rangeChanged), m_activity,
          [this](const QCPRange& r) {
            if (m_activity->xAxis->range() == r) return;
            m_activity->xAxis->setRange(r);
            m_activity->replot(QCustomPlot::rpQueuedReplot);
          });
  m_cursorA = makeCursor(m_activity);
  m_cursorB = makeCursor(m_dram);
  m_activity->setMouseTracking(true);
  connect(m_activity, &QCustomPlot::mouseMove, this, &TimelineView::onHover);
  installExportMenu(m_activity, m_activity, [this] { return csv(); }, QStringLiteral("timeline"));
  installExportMenu(m_dram, m_dram, [this] { return csv(); }, QStringLiteral("timeline-dram"));
  connect(m_session, &SessionModel::frameChanged, this, [this] {
    const auto& f = m_session->frame();
    if (f && f->timeline != m_shown) rebuild();
    moveCursor();
  });
  rebuild();
}

void TimelineView::rebuild() {
  const auto& f = m_session->frame();
  m_shown = f ? f->timeline : nullptr;
  m_activity->clearGraphs();
  m_dram->clearGraphs();
  m_cumulative = nullptr;
  if (!m_shown) {
    m_info->setText(QStringLiteral("No simulation yet"));
    m_activity->replot(QCustomPlot::rpQueuedReplot);
    m_dram->replot(QCustomPlot::rpQueuedReplot);
    return;
  }
  const SimTimeline& t = *m_shown;
  std::uint64_t end = t.lastCycle;
  for (const auto& iv : t.intervals) end = std::max(end, iv.end);
  const int rows = static_cast<int>(t.modules.size());
  auto ticks = QSharedPointer<QCPAxisTickerText>::create();
  std::vector<std::vector<const ActivityInterval*>> perModule(static_cast<std::size_t>(rows));
  for (const auto& iv : t.intervals)
    if (iv.module >= 0 && iv.module < rows) perModule[static_cast<std::size_t>(iv.module)].push_back(&iv);
  for (int m = 0; m < rows; ++m) {
    ticks->addTick(m, t.modules[static_cast<std::size_t>(m)]);
    QCPGraph* base = m_activity->addGraph();
    base->setPen(QPen(QColor(220, 220, 220)));
    base->addData(0, m + kRowHeight / 2);
    base->addData(static_cast<double>(end), m + kRowHeight / 2);
    QCPGraph* g = m_activity->addGraph();
    g->setLineStyle(QCPGraph::lsStepLeft);
    const QColor c = okabeIto(m % 7 + 1);
    g->setPen(QPen(c.darker(120)));
    g->setBrush(c);
    g->setChannelFillGraph(base);
    QVector<double> xs, ys;
    xs << 0;
    ys << m + kRowHeight / 2;
    for (const ActivityInterval* iv : perModule[static_cast<std::size_t>(m)]) {
      xs << static_cast<double>(iv->start) << static_cast<double>(iv->end);
      ys << m - kRowHeight / 2 << m + kRowHeight / 2;
    }
    xs << static_cast<double>(end);
    ys << m + kRowHeight / 2;
    g->setData(xs, ys, true);
    g->setName(t.modules[static_cast<std::size_t>(m)]);
  }
  m_activity->yAxis->setTicker(ticks);
  m_activity->yAxis->setRange(-0.6, rows - 0.4);
  m_activity->xAxis->setRange(0, std::max<double>(1, static_cast<double>(end)));

  // DRAM: cumulative bytes and per-channel bandwidth in kBins bins.
  m_cumulative = m_dram->addGraph();
  m_cumulative->setName(QStringLiteral("cumulative bytes"));
  m_cumulative->setPen(QPen(Qt::black, 2));
  QVector<double> cx{0}, cy{0};
  double sum = 0;
  const double bin = std::max(1.0, static_cast<double>(end) / kBins);
  std::vector<std::vector<double>> bw(static_cast<std::size_t>(std::max(1, t.channels)),
                                      std::vector<double>(kBins + 1, 0.0));
  for (const DramEvent& e : t.dram) {
    sum += e.bytes;
    cx << static_cast<double>(e.cycle);
    cy << sum / 1024.0;
    const auto b = std::min<std::size_t>(kBins, static_cast<std::size_t>(static_cast<double>(e.cycle) / bin));
    if (e.channel >= 0 && e.channel < t.channels) bw[static_cast<std::size_t>(e.channel)][b] += e.bytes;
  }
  cx << static_cast<double>(end);
  cy << sum / 1024.0;
  m_cumulative->setData(cx, cy, true);
  for (int c = 0; c < t.channels; ++c) {
    QCPGraph* g = m_dram->addGraph(m_dram->xAxis, m_dram->yAxis2);
    g->setPen(QPen(viridis(t.channels > 1 ? static_cast<double>(c) / (t.channels - 1) : 0.5), 1));
    g->setLineStyle(QCPGraph::lsStepLeft);
    QVector<double> xs, ys;
    for (int b = 0; b <= kBins; ++b) {
      xs << b * bin;
      ys << bw[static_cast<std::size_t>(c)][static_cast<std::size_t>(b)] / bin;
    }
    g->setData(xs, ys, true);
    if (c == 0) g->setName(QStringLiteral("bandwidth per channel (colour = channel)"));
    else g->removeFromLegend();
  }
  m_dram->xAxis->setRange(m_activity->xAxis->range());
  m_dram->yAxis->setRange(0, std::max(1.0, sum / 1024.0 * 1.05));
  m_dram->yAxis2->rescale();
  m_dram->yAxis2->setRangeLower(0);
  m_info->setText(QStringLiteral("%1 cycles%2, %3 busy intervals, %4 DRAM transactions (%5 KiB) on %6 "
                                 "channels. Wheel: zoom, drag: pan.")
                      .arg(end)
                      .arg(t.lastCycle ? QString() : QStringLiteral(" (partial: run still long)"))
                      .arg(t.intervals.size())
                      .arg(t.dram.size())
                      .arg(sum / 1024.0, 0, 'f', 1)
                      .arg(t.channels));
  moveCursor();
}

void TimelineView::moveCursor() {
  const auto& f = m_session->frame();
  const double x = f ? static_cast<double>(f->cycle) : 0.0;
  for (QCPItemStraightLine* c : {m_cursorA, m_cursorB}) {
    c->point1->setCoords(x, 0);
    c->point2->setCoords(x, 1);
    c->setVisible(f != nullptr);
  }
  m_activity->replot(QCustomPlot::rpQueuedReplot);
  m_dram->replot(QCustomPlot::rpQueuedReplot);
}

void TimelineView::onHover(QMouseEvent* event) {
  if (!m_shown) return;
  const double x = m_activity->xAxis->pixelToCoord(event->position().x());
  const int m = static_cast<int>(std::lround(m_activity->yAxis->pixelToCoord(event->position().y())));
  QString text = QStringLiteral("cycle %1").arg(static_cast<qint64>(x));
  for (const ActivityInterval& iv : m_shown->intervals) {
    if (iv.start > x) break;
    if (iv.module == m && static_cast<double>(iv.end) > x) {
      text = QStringLiteral("%1 busy on request %2, cycles %3\u2013%4")
                 .arg(m_shown->modules[static_cast<std::size_t>(m)])
                 .arg(iv.request)
                 .arg(iv.start)
                 .arg(iv.end);
    }
  }
  m_activity->setToolTip(text);
}

double TimelineView::plottedDramBytes() const {
  if (!m_cumulative || m_cumulative->data()->isEmpty()) return 0;
  return (m_cumulative->data()->constEnd() - 1)->value * 1024.0;
}

QString TimelineView::csv() const {
  QString out = QStringLiteral("module,start_cycle,end_cycle,request\n");
  if (!m_shown) return out;
  for (const ActivityInterval& iv : m_shown->intervals)
    out += QStringLiteral("%1,%2,%3,%4\n")
               .arg(csvField(m_shown->modules[static_cast<std::size_t>(iv.module)]))
               .arg(iv.start)
               .arg(iv.end)
               .arg(iv.request);
  return out;
}

}  // namespace spatten::views
