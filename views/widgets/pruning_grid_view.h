#pragma once
// View (1) token pruning and (2) head pruning: a PruningGridModel in a QTableView with the pass
// (generation iteration) selector, a legend and linked selection: clicking a cell selects the
// layer and the token (or head) in every view; the selected token/head column is highlighted.
// Thread: GUI thread.

#include <QWidget>

class QLabel;
class QSpinBox;
class QTableView;

namespace spatten::views {

class SessionModel;
class PruningGridModel;

class PruningGridView : public QWidget {
  Q_OBJECT
public:
  enum class Kind { Tokens, Heads };
  PruningGridView(Kind kind, SessionModel* session, QWidget* parent = nullptr);

  PruningGridModel* model() const { return m_model; }
  QTableView* table() const { return m_table; }

private:
  void refresh();
  void syncSelection();

  Kind m_kind;
  SessionModel* m_session;
  PruningGridModel* m_model;
  QTableView* m_table;
  QSpinBox* m_iteration;
  QLabel* m_summary;
};

}  // namespace spatten::views
