#include "app/gui/shortcuts_dialog.h"

#include <QAction>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMainWindow>
#include <QMenu>
#include <QMenuBar>
#include <QSet>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <algorithm>

#include "app/gui/screen_fit.h"

namespace spatten::app {
namespace {

QString plain(QString text) {
  return text.remove(QLatin1Char('&'));
}

QString keysOf(const QAction* a) {
  QStringList keys;
  for (const QKeySequence& k : a->shortcuts()) keys << k.toString(QKeySequence::NativeText);
  return keys.join(QStringLiteral(", "));
}

void collectMenu(const QMenu* menu, const QString& group, QSet<const QAction*>& seen,
                 std::vector<ShortcutRow>& rows) {
  for (const QAction* a : menu->actions()) {
    if (a->menu() != nullptr) {
      collectMenu(a->menu(), group + QStringLiteral(" > ") + plain(a->menu()->title()), seen, rows);
      continue;
    }
    if (a->isSeparator() || a->shortcut().isEmpty() || seen.contains(a)) continue;
    seen.insert(a);
    rows.push_back({group, plain(a->text()), keysOf(a)});
  }
}

}  // namespace

std::vector<ShortcutRow> collectShortcuts(const QMainWindow* window) {
  std::vector<ShortcutRow> rows;
  QSet<const QAction*> seen;
  for (const QAction* top : window->menuBar()->actions())
    if (top->menu() != nullptr) collectMenu(top->menu(), plain(top->menu()->title()), seen, rows);
  // Window-wide keys that no menu lists (the view keys, Esc leaving presentation mode).
  for (const QAction* a : window->findChildren<QAction*>()) {
    if (a->shortcut().isEmpty() || a->text().isEmpty() || seen.contains(a)) continue;
    seen.insert(a);
    rows.push_back({QStringLiteral("Window"), plain(a->text()), keysOf(a)});
  }
  return rows;
}

ShortcutsDialog::ShortcutsDialog(QMainWindow* window) : QDialog(window) {
  setWindowTitle(QStringLiteral("Keyboard shortcuts"));
  setObjectName(QStringLiteral("shortcutsDialog"));
  m_filter = new QLineEdit(this);
  m_filter->setObjectName(QStringLiteral("shortcutFilter"));
  m_filter->setPlaceholderText(QStringLiteral("Filter: an action or a key (\"layer\", \"F9\")"));
  m_filter->setClearButtonEnabled(true);
  m_tree = new QTreeWidget(this);
  m_tree->setObjectName(QStringLiteral("shortcutTree"));
  m_tree->setColumnCount(2);
  m_tree->setHeaderLabels({QStringLiteral("Action"), QStringLiteral("Keys")});
  m_tree->setRootIsDecorated(false);
  m_tree->setUniformRowHeights(true);
  m_tree->setSelectionMode(QAbstractItemView::NoSelection);
  QTreeWidgetItem* group = nullptr;
  for (const ShortcutRow& r : collectShortcuts(window)) {
    if (group == nullptr || group->text(0) != r.group) {
      group = new QTreeWidgetItem(m_tree, {r.group});
      QFont bold = group->font(0);
      bold.setBold(true);
      group->setFont(0, bold);
      group->setFirstColumnSpanned(true);
      group->setFlags(Qt::ItemIsEnabled);
    }
    new QTreeWidgetItem(group, {r.action, r.keys});
  }
  m_tree->expandAll();
  m_tree->header()->setSectionResizeMode(0, QHeaderView::Stretch);
  m_tree->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(m_filter);
  layout->addWidget(m_tree, 1);
  layout->addWidget(buttons);
  connect(m_filter, &QLineEdit::textChanged, this, &ShortcutsDialog::setFilter);
  // As tall as the list needs, within the screen (the list scrolls beyond that).
  const int rowHeight = m_tree->fontMetrics().height() + 6;
  const int rows = m_tree->topLevelItemCount() + visibleRows();
  resize(fitToScreen(window, QSize(640, rows * rowHeight + 140)));
}

void ShortcutsDialog::setFilter(const QString& text) {
  const QString needle = text.trimmed();
  for (int g = 0; g < m_tree->topLevelItemCount(); ++g) {
    QTreeWidgetItem* group = m_tree->topLevelItem(g);
    int shown = 0;
    for (int i = 0; i < group->childCount(); ++i) {
      QTreeWidgetItem* item = group->child(i);
      const bool match = needle.isEmpty() || item->text(0).contains(needle, Qt::CaseInsensitive) ||
                         item->text(1).contains(needle, Qt::CaseInsensitive) ||
                         group->text(0).contains(needle, Qt::CaseInsensitive);
      item->setHidden(!match);
      shown += match ? 1 : 0;
    }
    group->setHidden(shown == 0);
  }
}

int ShortcutsDialog::visibleRows() const {
  int n = 0;
  for (int g = 0; g < m_tree->topLevelItemCount(); ++g) {
    const QTreeWidgetItem* group = m_tree->topLevelItem(g);
    for (int i = 0; i < group->childCount(); ++i) n += group->child(i)->isHidden() ? 0 : 1;
  }
  return n;
}

}  // namespace spatten::app
