#pragma once
// Every QAction of the main window with its shortcut, and the stepping toolbar (speed control and
// cycle scrubber). Owns no state beyond the widgets; MainWindow wires the actions to the
// SimulationController. Thread: GUI thread.

#include <QObject>

class QAction;
class QComboBox;
class QMainWindow;
class QSlider;
class QToolBar;

namespace spatten::app {

class StudioActions : public QObject {
  Q_OBJECT
public:
  explicit StudioActions(QMainWindow* window);

  QAction* openModel;
  QAction* quit;
  QAction* stepCycle;
  QAction* nextEvent;
  QAction* nextQuery;
  QAction* nextHead;
  QAction* nextLayer;
  QAction* nextTopkRound;  // to the end of the top-k engine's next quick-select round
  QAction* runPause;  // checkable: checked while running
  QAction* reset;
  QAction* stepBack;
  QAction* recompute;
  QAction* cancel;  // enabled while a computation is in flight
  // Checkable, on by default: the linked selection follows the simulator's cursor
  // (SessionModel::setFollowFrame), so stepping moves every view to the request being computed.
  QAction* followSimulator;

  QToolBar* toolBar;
  QComboBox* speed;    // cycles per second; data <= 0 = as fast as possible
  QSlider* scrubber;   // cycle 0 .. last known cycle

  double cyclesPerSecond() const;
  // Updates the scrubber without emitting seekRequested.
  void showCycle(quint64 cycle, quint64 lastCycle);
  void setSimulatorAvailable(bool available);

signals:
  void seekRequested(quint64 cycle);
};

}  // namespace spatten::app
