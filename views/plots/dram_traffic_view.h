#pragma once
// View (5) DRAM traffic: bytes per layer, SpAtten stacked by kind (K MSB, K LSB, V, Q) next to
// the dense baseline (static 12-bit Q/K/V, no pruning), summed over all passes. Units: KiB.
// A click on a layer's bars selects that layer in the shared selection (the head is kept), and the
// selected layer is outlined. Thread: GUI thread.

#include <QWidget>

#include <array>

#include "views/common/view_data.h"

class QCPBars;
class QCPItemRect;
class QCustomPlot;
class QLabel;

namespace spatten::views {

class PlotEmptyState;
class SessionModel;

class DramTrafficView : public QWidget {
  Q_OBJECT
public:
  explicit DramTrafficView(SessionModel* session, QWidget* parent = nullptr);

  QCustomPlot* plot() const { return m_plot; }
  // Sums of the plotted bars, in bytes (tests compare them to core's DRAM report).
  double plottedSpattenBytes() const;
  double plottedDenseBytes() const;
  // Compare mode's A - B: B's plotted bytes by kind (0 when not comparing).
  std::array<double, kDramKinds> plottedBytesB() const;
  QString csv() const;
  // Layer whose bars span the pixel's x (either bar or the gap between them), -1 outside.
  int layerAt(const QPointF& pixel) const;
  bool selectAt(const QPointF& pixel);  // selects layerAt(pixel); false when none
  int highlightedLayer() const { return m_highlightedLayer; }
  QCPItemRect* selectionMark() const { return m_mark; }

private:
  void rebuild();
  void highlightSelection();
  void applyAppearance();

  SessionModel* m_session;
  QCustomPlot* m_plot;
  QLabel* m_info;
  // Compare mode's A - B: A's stacks left of the layer tick, B's (hatched) right, no dense bars.
  void rebuildCompare();  // draws nothing and says why when B cannot be compared
  std::array<QCPBars*, kDramKinds> m_kinds{};
  std::array<QCPBars*, kDramKinds> m_kindsB{};
  QCPBars* m_dense;
  QCPItemRect* m_mark;  // outline of the selected layer
  PlotEmptyState* m_empty;  // nothing to draw: why, inside the plot
  int m_highlightedLayer = -1;
};

}  // namespace spatten::views
