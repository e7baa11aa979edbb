#include "views/plots/timeline_view.h"

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
constexpr double kRowHeight = 0.75;
constexpr int kActivityMinHeight = 200;  // px: 10 module rows and the cycle axis
constexpr int kDramMinHeight = 200;      // px: the curves, the cycle axis, the legend and the
                                         // rotated "cumulative DRAM [KiB]" label whole
constexpr int kBins = 200;  // bandwidth histogram bins over the run

QCPItemStraightLine* makeCursor(QCustomPlot* plot) {
  auto* line = new QCPItemStraightLine(plot);
  line->setPen(QPen(okabeIto(6), 2));
  line->point1->setCoords(0, 0);
  line->point2->setCoords(0, 1);
  return line;
}
}  // namespace

TimelineView::TimelineView(SessionModel* session, QWidget* parent, bool sideB)
    : QWidget(parent), m_session(session), m_sideB(sideB) {
  setObjectName(sideB ? QStringLiteral("timelineViewB") : QStringLiteral("timelineView"));
  auto* layout = new QVBoxLayout(this);
  m_info = new QLabel(this);
  m_info->setObjectName(QStringLiteral("timelineInfo"));
  m_info->setWordWrap(true);  // long texts wrap instead of widening the window
  m_info->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
  layout->addWidget(m_info);
  m_activity = new QCustomPlot(this);
  m_activity->setObjectName(QStringLiteral("timelineActivity"));
  m_dram = new QCustomPlot(this);
  m_dram->setObjectName(QStringLiteral("timelineDram"));
  layout->addWidget(m_activity, 3);
  layout->addWidget(m_dram, 2);
  // Below these the module rows overlap and the DRAM plot's axis labels collide; a short window
  // scrolls instead (CompareTimeline's scroll area).
  m_activity->setMinimumHeight(kActivityMinHeight);
  m_dram->setMinimumHeight(kDramMinHeight);
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
  placeLegendBelow(m_dram);  // inside, it hid the start of the curves
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
  m_activityEmpty = new PlotEmptyState(m_activity);
  m_dramEmpty = new PlotEmptyState(m_dram);
  m_activity->setMouseTracking(true);
  connect(m_activity, &QCustomPlot::mouseMove, this, &TimelineView::onHover);
  // Click = press and release within a few pixels (a drag pans instead).
  connect(m_activity, &QCustomPlot::mousePress, this,
          [this](QMouseEvent* e) { m_pressPos = e->position(); });
  connect(m_activity, &QCustomPlot::mouseRelease, this, [this](QMouseEvent* e) {
    if (e->button() == Qt::LeftButton && (e->position() - m_pressPos).manhattanLength() < 5)
      selectAt(e->position());
  });
  connect(m_session, &SessionModel::selectionChanged, this, &TimelineView::highlightSelection);
  if (!sideB) {
    installExportMenu(
        m_activity, m_activity, [this] { return csv(); }, QStringLiteral("timeline"));
    installExportMenu(
        m_dram, m_dram, [this] { return csv(); }, QStringLiteral("timeline-dram"));
  }
  connect(m_session, &SessionModel::appearanceChanged, this, &TimelineView::applyAppearance);
  connect(m_session, sideB ? &SessionModel::frameBChanged : &SessionModel::frameChanged, this,
          [this] {
            const auto& f = shownFrame();
            if (!f || f->timeline != m_shown) rebuild();  // no frame: empty, say why
            moveCursor();
          });
  applyAppearance();
}

void TimelineView::applyAppearance() {
  const Appearance& a = m_session->appearance();
  setFont(zoomedFont(QApplication::font(), a));
  for (QCustomPlot* p : {m_activity, m_dram}) {
    applyToPlot(p, a, font());
  }
  for (PlotEmptyState* e : {m_activityEmpty, m_dramEmpty}) e->setStyle(font(), a.foreground());

  for (QCPItemStraightLine* c : {m_cursorA, m_cursorB}) c->setPen(QPen(okabeIto(6), 2 * a.mark()));
  rebuild();  // graph pens and outlines follow the theme
}

const SimFramePtr& TimelineView::shownFrame() const {
  return m_sideB ? m_session->frameB() : m_session->frame();
}

double TimelineView::lastCycle() const {
  if (!m_shown) return 0;
  std::uint64_t end = m_shown->lastCycle;
  for (const auto& iv : m_shown->intervals) end = std::max(end, iv.end);
  return static_cast<double>(end);
}

void TimelineView::rebuild() {
  const auto& f = shownFrame();
  m_shown = f ? f->timeline : nullptr;
  m_activity->clearGraphs();
  m_dram->clearGraphs();
  m_cumulative = nullptr;
  if (!m_shown) {
    // A frame without a timeline: the worker is still simulating the whole run (it follows).
    m_info->setText(f          ? QStringLiteral("Computing the whole run\u2026")
                    : !m_sideB ? m_session->emptyFrameText()
                               : QStringLiteral("B: no simulation (%1)")
                                     .arg(m_session->compareReason().isEmpty()
                                              ? QStringLiteral("no configuration B")
                                              : m_session->compareReason()));
    // Nothing of the previous run stays: no row names, no legend, no axis numbers; why, inside
    // the activity plot.
    m_activityEmpty->show(m_info->text());
    m_dramEmpty->show(QString());
    m_activity->yAxis->setTicker(QSharedPointer<QCPAxisTickerText>::create());
    for (QCustomPlot* p : {m_activity, m_dram}) p->xAxis->setRange(0, 1);
    m_dram->yAxis->setRange(0, 1);
    m_dram->yAxis2->setRange(0, 1);
    highlightSelection();
    m_activity->replot(QCustomPlot::rpQueuedReplot);
    m_dram->replot(QCustomPlot::rpQueuedReplot);
    return;
  }
  m_activityEmpty->clear();
  m_dramEmpty->clear();
  const SimTimeline& t = *m_shown;
  std::uint64_t end = t.lastCycle;
  for (const auto& iv : t.intervals) end = std::max(end, iv.end);
  const int rows = static_cast<int>(t.modules.size());
  auto ticks = QSharedPointer<QCPAxisTickerText>::create();
  std::vector<std::vector<const ActivityInterval*>> perModule(static_cast<std::size_t>(rows));
  for (const auto& iv : t.intervals)
    if (iv.module >= 0 && iv.module < rows) perModule[static_cast<std::size_t>(iv.module)].push_back(&iv);
  // One filled band per row (or per HBM2 lane): the graph steps to `top` where busy and back to
  // `bottom` (the baseline graph) where idle. The y axis is reversed: `top` < `bottom`.
  const auto band = [&](double top, double bottom, const QColor& c, const auto& intervals,
                        const QString& name) {
    QCPGraph* base = m_activity->addGraph();
    base->setPen(QPen(m_session->appearance().gridLine()));
    base->addData(0, bottom);
    base->addData(static_cast<double>(end), bottom);
    QCPGraph* g = m_activity->addGraph();
    g->setLineStyle(QCPGraph::lsStepLeft);
    g->setPen(QPen(c.darker(120)));
    g->setBrush(c);
    g->setChannelFillGraph(base);
    QVector<double> xs{0}, ys{bottom};
    for (const ActivityInterval& iv : intervals) {
      xs << static_cast<double>(iv.start) << static_cast<double>(iv.end);
      ys << top << bottom;
    }
    xs << static_cast<double>(end);
    ys << bottom;
    g->setData(xs, ys, true);
    g->setName(name);
  };
  for (int m = 0; m < rows; ++m) {
    const QColor c = okabeIto(m % 7 + 1);
    const QString& name = t.modules[static_cast<std::size_t>(m)];
    const int lanes = static_cast<int>(t.channelBusy.size());
    if (m == t.hbmModule && lanes > 0) {
      ticks->addTick(m, QStringLiteral("%1 (ch 0\u2013%2)").arg(name).arg(lanes - 1));
      const double lane = kRowHeight / lanes;
      for (int ch = 0; ch < lanes; ++ch) {
        const double top = m - kRowHeight / 2 + ch * lane;
        band(top, top + lane * 0.8, ch % 2 ? c : c.darker(130),
             t.channelBusy[static_cast<std::size_t>(ch)],
             QStringLiteral("%1 ch %2").arg(name).arg(ch));
      }
      continue;
    }
    ticks->addTick(m, name);
    std::vector<ActivityInterval> own;
    own.reserve(perModule[static_cast<std::size_t>(m)].size());
    for (const ActivityInterval* iv : perModule[static_cast<std::size_t>(m)]) own.push_back(*iv);
    band(m - kRowHeight / 2, m + kRowHeight / 2, c, own, name);
  }
  m_activity->yAxis->setTicker(ticks);
  // Same left/right margins on both plots so that their cycle axes (and cursors) line up; wide
  // enough, at this font, for the longest row name (left) and the bandwidth axis (right).
  const QFontMetrics fm(m_activity->yAxis->tickLabelFont());
  int names = 0;
  for (const QString& label : ticks->ticks()) names = std::max(names, fm.horizontalAdvance(label));
  const int left =
      std::max(names + fm.height(), 2 * fm.height() + fm.horizontalAdvance(QStringLiteral("0000")));
  const int right = fm.horizontalAdvance(QStringLiteral("0000")) + 2 * fm.height() + 8;
  for (QCustomPlot* p : {m_activity, m_dram})
    p->axisRect()->setMargins(QMargins(left, 0, right, 0));
  m_activity->yAxis->setRange(-0.6, rows - 0.4);
  m_activity->xAxis->setRange(0, std::max<double>(1, static_cast<double>(end)));

  // DRAM: cumulative bytes and per-channel bandwidth in kBins bins.
  m_cumulative = m_dram->addGraph();
  m_cumulative->setName(QStringLiteral("cumulative bytes"));
  m_cumulative->setPen(
      QPen(m_session->appearance().foreground(), 2 * m_session->appearance().mark()));
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
  highlightSelection();
  moveCursor();
}

void TimelineView::highlightSelection() {
  for (QCPItemRect* r : m_marks) m_activity->removeItem(r);
  m_marks.clear();
  m_highlighted = 0;
  const int req = m_session->selection().request;
  if (m_shown && req >= 0) {
    constexpr std::size_t kMaxMarks = 400;  // outlines drawn; the count covers every interval
    for (const ActivityInterval& iv : m_shown->intervals) {
      if (iv.request != req) continue;
      ++m_highlighted;
      if (m_marks.size() >= kMaxMarks) continue;
      auto* r = new QCPItemRect(m_activity);
      r->setPen(QPen(m_session->appearance().foreground(), 2 * m_session->appearance().mark()));
      r->setBrush(Qt::NoBrush);
      r->topLeft->setCoords(static_cast<double>(iv.start), iv.module - kRowHeight / 2 - 0.08);
      r->bottomRight->setCoords(static_cast<double>(iv.end), iv.module + kRowHeight / 2 + 0.08);
      m_marks.push_back(r);
    }
  }
  m_activity->replot(QCustomPlot::rpQueuedReplot);
}

std::pair<int, int> TimelineView::rowAt(double y) const {
  const int row = static_cast<int>(std::lround(y));
  int lane = -1;
  const int lanes = m_shown ? static_cast<int>(m_shown->channelBusy.size()) : 0;
  if (m_shown && row == m_shown->hbmModule && lanes > 0)
    lane = std::clamp(
        static_cast<int>(std::floor((y - (row - kRowHeight / 2)) / (kRowHeight / lanes))), 0,
        lanes - 1);
  return {row, lane};
}

std::int64_t TimelineView::requestAt(double cycle, int row, int lane) const {
  if (!m_shown) return -1;
  if (row == m_shown->hbmModule && lane >= 0 &&
      lane < static_cast<int>(m_shown->channelBusy.size())) {
    const auto& busy = m_shown->channelBusy[static_cast<std::size_t>(lane)];
    const auto it = std::upper_bound(
        busy.begin(), busy.end(), cycle,
        [](double c, const ActivityInterval& iv) { return c < static_cast<double>(iv.start); });
    if (it == busy.begin()) return -1;
    const ActivityInterval& iv = *(it - 1);
    return cycle < static_cast<double>(iv.end) ? iv.request : -1;
  }
  std::int64_t found = -1;
  for (const ActivityInterval& iv : m_shown->intervals) {
    if (static_cast<double>(iv.start) > cycle) break;
    if (iv.module == row && static_cast<double>(iv.end) > cycle) found = iv.request;
  }
  return found;
}

bool TimelineView::selectAt(const QPointF& pixel) {
  const double x = m_activity->xAxis->pixelToCoord(pixel.x());
  const auto [row, lane] = rowAt(m_activity->yAxis->pixelToCoord(pixel.y()));
  const std::int64_t req = requestAt(x, row, lane);
  if (req < 0) return false;
  m_session->selectRequest(static_cast<int>(req));
  return true;
}

double TimelineView::cursorCycle() const {
  return m_cursorA->visible() ? m_cursorA->point1->coords().x() : -1.0;
}

void TimelineView::moveCursor() {
  const auto& f = shownFrame();
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
  const auto [m, lane] = rowAt(m_activity->yAxis->pixelToCoord(event->position().y()));
  QString text = QStringLiteral("cycle %1").arg(static_cast<qint64>(x));
  const std::int64_t req = requestAt(x, m, lane);
  if (m >= 0 && m < static_cast<int>(m_shown->modules.size()) && (req >= 0 || lane >= 0)) {
    const QString who = lane >= 0 ? QStringLiteral("%1 channel %2")
                                        .arg(m_shown->modules[static_cast<std::size_t>(m)])
                                        .arg(lane)
                                  : m_shown->modules[static_cast<std::size_t>(m)];
    text = req >= 0 ? QStringLiteral("%1 busy on request %2 at cycle %3 (click: select it)")
                          .arg(who)
                          .arg(req)
                          .arg(static_cast<qint64>(x))
                    : QStringLiteral("%1 at cycle %2").arg(who).arg(static_cast<qint64>(x));
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
  for (std::size_t c = 0; c < m_shown->channelBusy.size(); ++c)
    for (const ActivityInterval& iv : m_shown->channelBusy[c])
      out +=
          QStringLiteral("HBM2 ch %1,%2,%3,%4\n").arg(c).arg(iv.start).arg(iv.end).arg(iv.request);
  return out;
}

}  // namespace spatten::views
