#pragma once
// View (8) timeline of the whole simulated run: top, module activity over cycles (one row per
// Fig. 8 module, filled where busy); bottom, cumulative DRAM bytes and bandwidth per channel over
// time. A vertical cursor marks the current cycle; both plots zoom and pan together (wheel /
// drag, horizontal). Hover names the request a module works on; click seeks to that request.
// Thread: GUI thread.

#include <QWidget>

#include <memory>
#include <vector>

class QCPGraph;
class QCPItemStraightLine;
class QCustomPlot;
class QLabel;

namespace spatten::views {

class SessionModel;
struct SimTimeline;

class TimelineView : public QWidget {
  Q_OBJECT
public:
  explicit TimelineView(SessionModel* session, QWidget* parent = nullptr);

  QCustomPlot* activityPlot() const { return m_activity; }
  QCustomPlot* dramPlot() const { return m_dram; }
  // Final value of the cumulative DRAM curve (bytes).
  double plottedDramBytes() const;
  QString csv() const;

private:
  void rebuild();
  void moveCursor();
  void onHover(QMouseEvent* event);

  SessionModel* m_session;
  std::shared_ptr<const SimTimeline> m_shown;
  QLabel* m_info;
  QCustomPlot* m_activity;
  QCustomPlot* m_dram;
  QCPGraph* m_cumulative = nullptr;
  QCPItemStraightLine* m_cursorA;
  QCPItemStraightLine* m_cursorB;
};

}  // namespace spatten::views
