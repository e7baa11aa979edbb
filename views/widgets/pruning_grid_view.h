#pragma once
// View (1) token pruning and (2) head pruning: a PruningGridModel in a QTableView with the pass
// (generation iteration) selector, a summary that says what the grid counts and why nothing is
// pruned when nothing is, a colour bar, and linked selection: clicking a cell selects the layer
// and the token (or head) in every view; the selected column is outlined.
// Layout contract: the token grid fits every column of the pass into the view's width (narrow
// columns show their token in the rotated header, cells keep their colour and tooltip; below
// kMinColumn pixels per column it scrolls), rows are a few text lines tall, never stretched to
// fill the view; no label forces the window wider than it is (labels wrap). Thread: GUI thread.

#include <QWidget>

class QLabel;
class QSpinBox;
class QStyledItemDelegate;
class QTableView;

namespace spatten::views {

class SessionModel;
class PruningGridModel;

class PruningGridView : public QWidget {
  Q_OBJECT
public:
  enum class Kind { Tokens, Heads };
  static constexpr int kMinColumn = 8;  // pixels per token column before the grid scrolls

  PruningGridView(Kind kind, SessionModel* session, QWidget* parent = nullptr);

  PruningGridModel* model() const { return m_model; }
  QTableView* table() const { return m_table; }
  QString summary() const;

protected:
  bool eventFilter(QObject* watched, QEvent* event) override;

private:
  void refresh();
  void applyAppearance();
  void syncSelection();
  void fitSections();  // column widths / row heights for the viewport's size
  QString describePass() const;
  QString describeCompare() const;  // compare mode's A - B summary (counts per class)
  QString normalLegend() const;

  Kind m_kind;
  SessionModel* m_session;
  PruningGridModel* m_model;
  QTableView* m_table;
  QSpinBox* m_iteration;
  QLabel* m_summary;
  QLabel* m_legend;
  QWidget* m_colours;  // the importance colour bar (hidden in A - B)
  QStyledItemDelegate* m_delegate;
};

}  // namespace spatten::views
