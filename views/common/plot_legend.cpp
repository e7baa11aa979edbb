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

}  // namespace

void placeLegendBelow(QCustomPlot* plot) {
  QCPLegend* legend = plot->legend;
  // The plot's minimum width stays the one without the legend: QCustomPlot's minimumSizeHint()
  // is its layout's, and a legend row as wide as the window would keep the window from
  // shrinking (the columns follow the width, not the other way round).
  if (plot->minimumWidth() == 0)
    plot->setMinimumWidth(std::max(1, plot->plotLayout()->minimumOuterSizeHint().width()));
  if (QCPLayout* owner = legend->layout()) owner->take(legend);
  const int row = plot->plotLayout()->rowCount();
  // Centred at its own width: a row of its own would stretch its columns over the plot's width.
  auto* centre = new QCPLayoutGrid;
  plot->plotLayout()->addElement(row, 0, centre);
  plot->plotLayout()->setRowStretchFactor(row, 0.001);  // the legend's row: its minimum height
  centre->addElement(0, 0, new QCPLayoutElement(plot));
  centre->addElement(0, 1, legend);
  centre->addElement(0, 2, new QCPLayoutElement(plot));
  centre->setColumnStretchFactors({1.0, 0.001, 1.0});
  centre->setColumnSpacing(0);
  legend->setFillOrder(QCPLegend::foColumnsFirst);
  QObject::connect(plot, &QCustomPlot::beforeReplot, legend, [plot, legend] {
    const int cols = columnsFor(legend, plot->viewport().width() - 10);
    if (cols == legend->wrap()) return;
    legend->setWrap(cols);
    legend->setFillOrder(QCPLegend::foColumnsFirst, true);  // re-lays out the items
  });
}

}  // namespace spatten::views
