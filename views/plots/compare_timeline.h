#pragma once
// The Timeline tab: A's TimelineView and, in compare mode's A - B, B's below it on the same cycle
// axis (both plots of both timelines zoom and pan together; the range spans the longer run) with
// each one's cycle cursor (B's simulator follows A's cycle, so stepping moves both). A caption
// above each names its configuration. Thread: GUI thread.

#include <QWidget>

class QLabel;

namespace spatten::views {

class SessionModel;
class TimelineView;

class CompareTimeline : public QWidget {
  Q_OBJECT
public:
  explicit CompareTimeline(SessionModel* session, QWidget* parent = nullptr);

  TimelineView* timelineA() const { return m_a; }
  TimelineView* timelineB() const { return m_b; }

private:
  void update();  // shows / hides B and its captions for the compare mode
  void align();   // the same cycle range on every plot

  SessionModel* m_session;
  TimelineView* m_a;
  TimelineView* m_b;
  QLabel* m_captionA;
  QLabel* m_captionB;
  // The timelines last aligned: a new one resets its own range, so it is aligned again.
  const void* m_alignedA = nullptr;
  const void* m_alignedB = nullptr;
};

}  // namespace spatten::views
