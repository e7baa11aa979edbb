#pragma once
// The Pareto view of a design-space sweep (docs/sweeps.md): one marker per point, a benefit
// (DRAM reduction, speedup or energy reduction against dense, higher is better) against a
// fidelity loss (lower is better), coloured by any swept parameter, the Pareto front drawn; hover
// shows a point's parameters and figures, a click selects it (pointActivated). Export (PNG, SVG,
// PDF, CSV) from the context menu like every chart. Input: plain points that app/ makes from the
// sweep's rows (core/sweep; a corpus row's figure is its mean). Thread: GUI thread.

#include <QMap>
#include <QPair>
#include <QString>
#include <QVector>
#include <QWidget>
#include <vector>

class QComboBox;
class QCPGraph;
class QCustomPlot;
class QLabel;

namespace spatten::views {

struct ParetoPoint {
  qulonglong point = 0;                      // the sweep's point number
  QVector<QPair<QString, QString>> params;   // swept key -> value, in axis order
  QMap<QString, double> figures;             // "dram_reduction", "speedup", "fidelity.mean_kl", ...
};

// Indices of the points no other point dominates (higher-or-equal x and lower-or-equal y, one of
// them strictly), by decreasing x. Equal points: the first one.
std::vector<int> paretoFront(const std::vector<double>& x, const std::vector<double>& y);

class ParetoView : public QWidget {
  Q_OBJECT
public:
  explicit ParetoView(QWidget* parent = nullptr);

  void setPoints(std::vector<ParetoPoint> points);
  const std::vector<ParetoPoint>& points() const { return m_rows; }
  QCustomPlot* plot() const { return m_plot; }
  QComboBox* benefitCombo() const { return m_benefit; }
  QComboBox* lossCombo() const { return m_loss; }
  QComboBox* colourCombo() const { return m_colour; }
  // The plotted coordinates of row i, the front (row indices) and the selected row (-1: none).
  double xOf(int i) const { return m_x[static_cast<std::size_t>(i)]; }
  double yOf(int i) const { return m_y[static_cast<std::size_t>(i)]; }
  const std::vector<int>& front() const { return m_front; }
  int selected() const { return m_selected; }
  // The row nearest to a pixel of the plot (within 12 px), -1 when none; its tooltip text.
  int rowAt(const QPointF& pixel) const;
  // The rows drawn on top of each other at rowAt(pixel) (within 3 px of it: points whose figures
  // are equal, such as a sweep over a hardware parameter seen as DRAM reduction vs fidelity), in
  // row order; empty when none.
  std::vector<int> rowsAt(const QPointF& pixel) const;
  QPointF pixelOf(int row) const;
  QString describe(int row) const;
  QString describeAt(const QPointF& pixel) const;  // the tooltip: every row of rowsAt(pixel)
  // Selects a row of rowsAt(pixel) and emits pointActivated: the first, or, when the selected row
  // is one of them, the next one (so that repeated clicks reach every overlapping point).
  bool selectAt(const QPointF& pixel);
  QString csv() const;

signals:
  void pointActivated(int row);

private:
  void rebuild();
  void fillCombos();
  QString infoText() const;  // the line above the plot: points, overlaps, front

  QCustomPlot* m_plot;
  QComboBox* m_benefit;
  QComboBox* m_loss;
  QComboBox* m_colour;
  QLabel* m_info;
  QCPGraph* m_frontGraph = nullptr;
  QCPGraph* m_selectedGraph = nullptr;
  std::vector<ParetoPoint> m_rows;
  std::vector<double> m_x, m_y;
  std::vector<int> m_front;
  int m_selected = -1;
};

}  // namespace spatten::views
