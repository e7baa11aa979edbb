#pragma once
// Help > Keyboard shortcuts (Ctrl+/): every action of the main window that has a key, grouped by
// the menu that holds it (menu-bar order; actions in no menu, such as Alt+1 ... Alt+0, under
// "Window"), with a filter that matches the action's text or its keys. A scrolling list that fits
// the screen, not a message box: the list is taller than a 720-px projector. Thread: GUI thread.

#include <QDialog>
#include <QString>
#include <vector>

class QLineEdit;
class QMainWindow;
class QTreeWidget;

namespace spatten::app {

struct ShortcutRow {
  QString group;   // "Simulation", "View > Panels", "Window"
  QString action;  // without '&'
  QString keys;    // every key of the action, native text, ", "-separated
};

// The rows in menu order, each action once (the first menu that holds it).
std::vector<ShortcutRow> collectShortcuts(const QMainWindow* window);

class ShortcutsDialog : public QDialog {
  Q_OBJECT
public:
  explicit ShortcutsDialog(QMainWindow* window);

  void setFilter(const QString& text);
  int visibleRows() const;  // actions shown under the current filter
  QTreeWidget* tree() const { return m_tree; }

private:
  QLineEdit* m_filter;
  QTreeWidget* m_tree;
};

}  // namespace spatten::app
