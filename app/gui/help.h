#pragma once
// Help for teachers and students (issue 13): what every view shows, how to read it and which
// figure of the SpAtten paper it corresponds to (viewHelp, also each view's What's This text),
// the Help menu (help on the current view with F1, What's This with Shift+F1, the keyboard
// shortcuts, About with the paper's citation). Thread: GUI thread.

#include <QObject>
#include <QString>
#include <vector>

#include "app/gui/view_factory.h"

class QAction;
class QMainWindow;
class QMenu;
class QTabWidget;

namespace spatten::app {

// Rich text for the view with this id (view_factory ids: "attention", "token-pruning", ...).
QString viewHelp(const QString& viewId);
// The paper's citation (About box, README).
QString paperCitation();

class HelpMenu : public QObject {
  Q_OBJECT
public:
  // Sets every view's What's This text and fills `menu`.
  HelpMenu(QMainWindow* window, QTabWidget* tabs, const std::vector<ViewEntry>& views, QMenu* menu);

  QAction* viewHelpAction;  // F1
  QAction* whatsThis;       // Shift+F1
  QAction* shortcuts;  // Ctrl+/: ShortcutsDialog
  QAction* about;

private:
  void showViewHelp();

  QMainWindow* m_window;
  QTabWidget* m_tabs;
  std::vector<ViewEntry> m_views;
};

}  // namespace spatten::app
