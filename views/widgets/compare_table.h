#pragma once
// Compare mode's table (the Compare dock): configurations A and B side by side and their
// difference A - B: cycles and dense cycles (the research summary's simulations), speedup vs
// dense, DRAM bytes by kind (K MSB, K LSB, V, Q) and in total, energy (core's energy model), and
// the fidelity figures of each run against the dense model. Each figure cell holds its exact value
// in Qt::UserRole (the text is rounded); a figure not known yet (the simulations follow the
// analysis) is "…". Without a pinned B it says how to pin one. Thread: GUI thread.

#include <QWidget>

class QLabel;
class QTableWidget;

namespace spatten::views {

class SessionModel;

class CompareTable : public QWidget {
  Q_OBJECT
public:
  explicit CompareTable(SessionModel* session, QWidget* parent = nullptr);

  QTableWidget* table() const { return m_table; }
  QLabel* info() const { return m_info; }
  // Row of the figure named `name` (column 0's text), -1 when absent.
  int row(const QString& name) const;
  QString csv() const;

private:
  void rebuild();

  SessionModel* m_session;
  QLabel* m_info;
  QTableWidget* m_table;
  const void* m_shown[4] = {};  // analyses and summaries last shown (skip identical rebuilds)
};

}  // namespace spatten::views
