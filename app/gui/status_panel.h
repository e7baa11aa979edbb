#pragma once
// The main window's status bar: state (model, what the token count counts, compute times or the
// error in full), cycle, simulator cursor, DRAM reduction and fidelity. Reads the session and the
// controller; owns only its labels. Thread: GUI thread.

#include <QObject>

class QLabel;
class QStatusBar;

namespace spatten::views {
class SessionModel;
}

namespace spatten::app {

class SimulationController;
class ReservingLabel;

class StatusPanel : public QObject {
  Q_OBJECT
public:
  StatusPanel(QStatusBar* bar, views::SessionModel* session, SimulationController* controller);

  void update();
  QString text() const;  // every label joined with " | " (tests, screenshots)

private:
  QString stateText() const;
  QString cursorText() const;

  views::SessionModel* m_session;
  SimulationController* m_controller;
  QLabel* m_state;
  ReservingLabel* m_cycle;
  ReservingLabel* m_cursor;
  ReservingLabel* m_dram;
  ReservingLabel* m_fidelity;
};

}  // namespace spatten::app
