#pragma once
// Compare mode's controls (issue 15): the Compare menu and toolbar — "Pin current as B"
// (Ctrl+Shift+B) keeps the current run and hardware configuration as B, the segmented
// A | B | A − B switch (Ctrl+1 / Ctrl+2 / Ctrl+3), "Clear B" (Ctrl+Alt+B) — the Compare dock with
// the figures table, and the notice the views without a meaningful difference show in A − B.
// B is computed by the worker with every request (SimulationController::setCompareB); the
// SessionModel holds B's results and the mode. Thread: GUI thread.

#include <QObject>
#include <optional>

#include "app/gui/backend/analysis_request.h"

class QAction;
class QDockWidget;
class QMenu;
class QToolBar;

namespace spatten::views {
class CompareTable;
}

namespace spatten::app {

class MainWindow;

class CompareControls : public QObject {
  Q_OBJECT
public:
  explicit CompareControls(MainWindow* window);

  QAction* pinB;
  QAction* clearB;
  QAction* showA;
  QAction* showB;
  QAction* showDiff;
  QMenu* menu;
  QToolBar* toolBar;
  QDockWidget* dock;
  views::CompareTable* table;

  // Pins `b` as configuration B (Pin current as B, sessions) and recomputes (never blocks);
  // nullopt clears B and leaves compare mode.
  void setPinned(const std::optional<RunHwConfig>& b);
  const std::optional<RunHwConfig>& pinned() const;
  // One line naming a configuration: its presets and the values that differ from `other`.
  static QString describe(const RunHwConfig& self, const RunHwConfig& other);

private:
  void showDock();  // below the views, or beside the Parameters panel on a small screen
  void updateActions();
  void updateLabels();

  MainWindow* m_window;
};

}  // namespace spatten::app
