#pragma once
// Attention probabilities of one layer and head as a QCPColorMap: rows = queries (top = first),
// columns = keys, colour = probability (viridis). With a SpAtten run and "Mask pruned" on, it
// shows the attention SpAtten actually used: pruned rows/columns and heads are blank (grey).
// Hover shows the value; click selects the key token. Outlined: the selected token's column (who
// attends to it) and the selected request's row (the query whose keys it computes; stepping
// selects the simulator's request, SessionModel::setFollowFrame). "Log colour" colours by the
// logarithm of the probability (long texts: a row's probabilities are near 1/n). Thread: GUI
// thread.

#include <QSharedPointer>
#include <QWidget>
#include <memory>

class QCPAxisTicker;
class QCPColorMap;
class QCPColorScale;
class QCPItemRect;
class QCheckBox;
class QCustomPlot;
class QLabel;
class QSpinBox;

namespace spatten::views {

class PlotEmptyState;
class SessionModel;
struct AnalysisData;
struct Matrix;

class AttentionHeatmapView : public QWidget {
  Q_OBJECT
public:
  explicit AttentionHeatmapView(SessionModel* session, QWidget* parent = nullptr);
  ~AttentionHeatmapView() override;

  QCustomPlot* plot() const { return m_plot; }
  QCPColorMap* colorMap() const { return m_map; }
  // The matrix currently drawn (nullptr when none); rows/columns 0..shownRows()-1 are drawn
  // (the queries and keys known after the selected pass).
  const Matrix* currentMatrix() const;
  int shownRows() const;
  void setMaskPruned(bool on);
  void setLogScale(bool on);
  // Log colour's range: kLogDecades decades below the top of the linear scale, or from the
  // smallest probability drawn when that is higher (and always at least one decade). Drawn cells
  // below it take its colour (a zero has no place on a log scale); hover and CSV keep the values.
  static constexpr double kLogDecades = 4;
  QString csv() const;
  QString hoverText() const;  // the readout of the cell under the mouse ("" = none)
  // What is outlined: the selected token's column and the selected request's query row, -1 for
  // none (a request of another layer, head or pass is not drawn here).
  int outlinedColumn() const;
  int outlinedRow() const;

private:
  void rebuild();
  void syncControls();
  void applyAppearance();
  void updateTicks();
  void onHover(QMouseEvent* event);
  void onClick(QMouseEvent* event);
  bool cellAt(const QPointF& pos, int* row, int* col) const;

  SessionModel* m_session;
  QSpinBox* m_layer;
  QSpinBox* m_head;
  QSpinBox* m_iteration;
  QCheckBox* m_mask;
  QCheckBox* m_log;
  QLabel* m_hover;
  QCustomPlot* m_plot;
  QCPColorMap* m_map;
  QCPColorScale* m_scale;
  QSharedPointer<QCPAxisTicker> m_linearTicker, m_logTicker;  // the colour scale's, per mode
  QCPItemRect* m_selectionRect;  // the token's column
  QCPItemRect* m_requestRect;    // the request's row
  PlotEmptyState* m_empty;       // why nothing is drawn
  int m_tickStep = 0;            // every m_tickStep-th token labelled (0 = labels to rebuild)
  // The used attention of the shown head (usedAttention), built when first shown: of analysis
  // m_usedOf (a copy of the pointer, dropped when the analysis changes), head index m_usedIdx.
  mutable std::shared_ptr<const AnalysisData> m_usedOf;
  mutable std::size_t m_usedIdx = 0;
  mutable std::unique_ptr<Matrix> m_used;
};

}  // namespace spatten::views
