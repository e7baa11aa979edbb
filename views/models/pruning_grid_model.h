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
  enum Role { PrunedRole = Qt::UserRole + 1, ImportanceRole, PrunedAfterLayerRole };

  explicit PruningGridModel(Kind kind, QObject* parent = nullptr);

  // Shows pass `iteration` of `analysis` (nullptr clears).
  void setAnalysis(AnalysisPtr analysis, int iteration);
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
  int columns(const AnalysisData* a, int iteration) const;

  Kind m_kind;
  AnalysisPtr m_analysis;
  int m_iteration = 0;
};

}  // namespace spatten::views
