#include "views/common/plot_legend.h"

#include <qcustomplot.h>

#include <algorithm>
#include <vector>

namespace spatten::views {
namespace {

// The most columns (row-major fill: item i in column i % cols) whose widths, each its widest
// item's, fit in `width` pixels; at least one.
int columnsFor(const QCPLegend* legend, int width) {
  std::vector<int> widths;
  for (int i = 0; i < legend->itemCount(); ++i)
    if (const QCPAbstractLegendItem* it = legend->item(i))
      widths.push_back(it->minimumOuterSizeHint().width());
  const QMargins m = legend->margins();
  const int room = width - m.left() - m.right() - 2 * legend->borderPen().width();
  for (int cols = static_cast<int>(widths.size()); cols > 1; --cols) {
    std::vector<int> col(static_cast<std::size_t>(cols), 0);
    for (std::size_t i = 0; i < widths.size(); ++i)
      col[i % col.size()] = std::max(col[i % col.size()], widths[i]);
    int total = (cols - 1) * legend->columnSpacing();
    for (int w : col) total += w;
    if (total <= room) return cols;
  }
  return 1;
}

// The legend's row under the axis rect: the legend centred between two empty cells (a row of
// its own would stretch its columns over the plot's width). Before every layout it sets the
// legend's columns to what the plot's viewport holds: QCustomPlot runs the preparation phase
// first in a replot and in toPainter()/toPixmap(), so exports drawn at another size than the
// widget's get their own column count.
class LegendRow : public QCPLayoutGrid {
public:
  explicit LegendRow(QCPLegend* legend) : m_legend(legend) {}
  // Once the row is in the plot's layout (it then has the plot).
  void fill() {
    addElement(0, 0, new QCPLayoutElement(mParentPlot));
    addElement(0, 1, m_legend);
    addElement(0, 2, new QCPLayoutElement(mParentPlot));
    setColumnStretchFactors({1.0, 0.001, 1.0});
    setColumnSpacing(0);
  }
  void update(UpdatePhase phase) override {
    if (phase == upPreparation && mParentPlot) fitColumns(mParentPlot->viewport().width());
    QCPLayoutGrid::update(phase);
  }

private:
  static constexpr int kSlack = 10;  // px of the viewport's width left beside the legend
  void fitColumns(int viewportWidth) {
    const int cols = columnsFor(m_legend, viewportWidth - kSlack);
    if (cols == m_legend->wrap()) return;
    m_legend->setWrap(cols);
    m_legend->setFillOrder(QCPLegend::foColumnsFirst, true);  // re-lays out the items
  }
  QCPLegend* m_legend;
};

}  // namespace

void placeLegendBelow(QCustomPlot* plot) {
  QCPLegend* legend = plot->legend;
  // The plot's minimum width stays the one without the legend: QCustomPlot's minimumSizeHint()
  // is its layout's, and a legend row as wide as the window would keep the window from
  // shrinking (the columns follow the width, not the other way round).
  if (plot->minimumWidth() == 0)
    plot->setMinimumWidth(std::max(1, plot->plotLayout()->minimumOuterSizeHint().width()));
  if (QCPLayout* owner = legend->layout()) owner->take(legend);
  legend->setFillOrder(QCPLegend::foColumnsFirst);
  const int row = plot->plotLayout()->rowCount();
  auto* legendRow = new LegendRow(legend);
  plot->plotLayout()->addElement(row, 0, legendRow);
  plot->plotLayout()->setRowStretchFactor(row, 0.001);  // the legend's row: its minimum height
  legendRow->fill();
}

}  // namespace spatten::views
