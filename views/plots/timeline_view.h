#pragma once
// View (8) timeline of the whole simulated run: top, module activity over cycles (one row per
// Fig. 8 module, filled where busy); bottom, cumulative DRAM bytes and bandwidth per channel over
// time. A vertical cursor marks the current cycle; both plots zoom and pan together (wheel /
// drag, horizontal). The HBM2 row is split into one thin lane per channel, filled while the
// channel has a transaction in service. Hover names the request a module works on; a click (press
// and release without dragging) selects that request in the shared selection (and so its layer,
// head and query in every other view); the selected request's intervals are outlined.
// Thread: GUI thread.

#include <QWidget>
#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

class QCPGraph;
class QCPItemRect;
class QCPItemStraightLine;
class QCustomPlot;
class QLabel;
class QMouseEvent;

namespace spatten::views {

class PlotEmptyState;
class SessionModel;
struct SimFrame;
struct SimTimeline;

class TimelineView : public QWidget {
  Q_OBJECT
public:
  // sideB: compare mode's second timeline, drawing the session's frameB() (no export menus: the
  // exports are A's); see CompareTimeline.
  explicit TimelineView(SessionModel* session, QWidget* parent = nullptr, bool sideB = false);

  QCustomPlot* activityPlot() const { return m_activity; }
  QCustomPlot* dramPlot() const { return m_dram; }
  // Final value of the cumulative DRAM curve (bytes).
  double plottedDramBytes() const;
  QString csv() const;
  // Request busy in activity row `row` at `cycle` (for the HBM2 row: lane `lane` = channel), -1
  // when none or several.
  std::int64_t requestAt(double cycle, int row, int lane = -1) const;
  // Selects the request under a pixel of the activity plot; false when there is none.
  bool selectAt(const QPointF& pixel);
  int highlightedIntervals() const { return m_highlighted; }

  // The cycle range [0, last] of the shown timeline (0 when none).
  double lastCycle() const;
  const SimTimeline* shownTimeline() const { return m_shown.get(); }
  // Cycle of the current-cycle cursor, -1 when hidden (no frame).
  double cursorCycle() const;

private:
  const std::shared_ptr<const SimFrame>& shownFrame() const;
  void rebuild();
  void applyAppearance();
  void moveCursor();
  void highlightSelection();
  void onHover(QMouseEvent* event);
  // Row and HBM2 lane (-1 outside the HBM2 row) under a y coordinate of the activity plot.
  std::pair<int, int> rowAt(double y) const;

  SessionModel* m_session;
  bool m_sideB;
  std::shared_ptr<const SimTimeline> m_shown;
  QLabel* m_info;
  QCustomPlot* m_activity;
  QCustomPlot* m_dram;
  QCPGraph* m_cumulative = nullptr;
  PlotEmptyState* m_activityEmpty;  // no timeline: why
  PlotEmptyState* m_dramEmpty;
  QCPItemStraightLine* m_cursorA;
  QCPItemStraightLine* m_cursorB;
  QPointF m_pressPos;  // pixel of the last press: a release near it is a click, not a drag
  int m_highlighted = 0;
  std::vector<QCPItemRect*> m_marks;  // outlines of the selected request's intervals
};

}  // namespace spatten::views
