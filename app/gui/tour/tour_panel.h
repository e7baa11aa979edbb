#pragma once
// The guided tour (issue 13, "Teaching"; Help > Guided tour, F2): a side panel that walks through
// the chapters of tour_chapters.h. Each chapter loads its bundled sample through
// MainWindow::applySample, waits (never blocks) for the analysis and the simulator's timeline,
// resolves its point from that data, opens its view, sets the selection, seeks the simulator to
// the moment (then steps cycle by cycle when the chapter needs the top-k engine mid-round),
// outlines what to look at and shows the chapter's text beside it. Next / Previous (buttons,
// PgDown / PgUp and Alt+Right / Alt+Left while the tour is open), a chapter list, Esc or Close
// leaves; reopening resumes at the chapter left (persisted by settings_store). In presentation
// mode Esc first leaves presentation mode, a second Esc closes the tour. Thread: GUI thread.

#include <QObject>

#include "app/gui/tour/tour_chapters.h"

class QAction;
class QBoxLayout;
class QComboBox;
class QDockWidget;
class QLabel;
class QMenu;
class QPushButton;

namespace spatten::app {

class MainWindow;
class TourHighlight;

class GuidedTour : public QObject {
  Q_OBJECT
public:
  // Adds "Guided tour" at the top of `helpMenu` and the tour's keys to `window`.
  GuidedTour(MainWindow* window, QMenu* helpMenu);

  QAction* toggle;    // F2, checkable: opens (resumes) / leaves the tour
  QAction* next;      // PgDown, Alt+Right
  QAction* previous;  // PgUp, Alt+Left
  QAction* leave;     // Esc

  bool isOpen() const;
  void open();  // resumes at chapter()
  void close();
  int chapter() const { return m_chapter; }
  void setChapter(int index);  // the resume point (settings); shows it when open
  // True once the current chapter's moment was reached and its text is shown.
  bool isReady() const { return m_state == State::Ready; }
  const TourTarget& target() const { return m_target; }
  QString text() const;  // the text beside the view (plain)
  QDockWidget* dock() const { return m_dock; }
  TourHighlight* highlight() const { return m_highlight; }

signals:
  void chapterReady(int index);

private:
  enum class State { Closed, Loading, Seeking, Stepping, Ready, Failed };
  void start();     // the current chapter: load its sample (or reuse it) and go on
  void advance();   // the state machine, on every analysis / frame / busy change
  void arrive();    // the moment is reached: text and outline
  void fail(const QString& why);
  void showHeader();
  void mark();
  void updateEnabled();
  void placeDock();  // right dock; a bottom band in presentation mode

  MainWindow* m_window;
  QDockWidget* m_dock;
  QBoxLayout* m_layout;
  QWidget* m_side;  // title, chapter list, buttons, status
  QLabel* m_title;
  QComboBox* m_list;
  QLabel* m_text;
  QLabel* m_status;
  QPushButton* m_prev;
  QPushButton* m_next;
  TourHighlight* m_highlight;
  int m_chapter = 0;
  State m_state = State::Closed;
  TourTarget m_target;
  QString m_loadedSample;  // the sample (and the chapter's overrides) of m_loadedTimeline's run
  QStringList m_loadedSets;
  std::shared_ptr<const views::SimTimeline> m_loadedTimeline, m_staleTimeline;
  int m_steps = 0;
  std::uint64_t m_stepFrom = 0;  // cycle of the frame before the step in flight
};

}  // namespace spatten::app
