#pragma once
// Layers x tokens (or layers x heads) grid of the cascade pruning state of one pass: display =
// token text (heads: importance), background = cumulative importance (viridis, normalised per
// layer), pruned cells greyed from the layer where they were pruned on. Headers: token text
// (tokens) or "H<h>" (heads) across, "L<l>  alive/total" down. Values-only changes emit
// dataChanged; a shape change resets. Thread: GUI thread.

#include <QAbstractTableModel>

#include "views/common/view_data.h"

namespace spatten::views {

class PruningGridModel : public QAbstractTableModel {
  Q_OBJECT
public:
  enum class Kind { Tokens, Heads };
  enum Role { PrunedRole = Qt::UserRole + 1, ImportanceRole, PrunedAfterLayerRole, KeepClassRole };
  // Compare mode's A - B grid: which configuration computes (keeps) a cell.
  enum class KeepClass { Both = 0, OnlyA = 1, OnlyB = 2, Neither = 3 };
  static QColor keepClassColor(KeepClass c);  // Okabe-Ito (colour-blind safe)
  static QString keepClassName(KeepClass c);  // "kept by A and B", ...

  explicit PruningGridModel(Kind kind, QObject* parent = nullptr);

  // Shows pass `iteration` of `analysis` (nullptr clears).
  void setAnalysis(AnalysisPtr analysis, int iteration);
  // Compare mode: colour the cells by keepClass against `b` (nullptr: normal grid). Ignored
  // (comparing() false) when b has no SpAtten run or its grid has another shape.
  void setCompare(AnalysisPtr b);
  bool comparing() const;
  KeepClass keepClass(int layer, int column) const;  // requires comparing()
  Kind kind() const { return m_kind; }
  int iteration() const { return m_iteration; }

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

  bool isPruned(int layer, int column) const;
  float importance(int layer, int column) const;
  // First layer in which `column` is not alive (-1 = alive in every layer).
  int prunedFromLayer(int column) const;
  int aliveCount(int layer) const;  // columns computed in `layer`
  QString tokenText(int column) const;
  QString csv() const;
  // Importance as shown in the head grid: fixed point, 0-2 decimals (1120, 45.3, 0.87).
  static QString formatImportance(float value);

private:
  const PruningIteration* pass() const;
  const PruningIteration* passB() const;
  QVariant compareData(const QModelIndex& index, int role) const;  // the A - B roles
  int columns(const AnalysisData* a, int iteration) const;

  Kind m_kind;
  AnalysisPtr m_analysis;
  AnalysisPtr m_compareB;
  int m_iteration = 0;
};

}  // namespace spatten::views
