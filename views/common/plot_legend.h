#pragma once

class QCustomPlot;

namespace spatten::views {

// Moves `plot`'s legend out of the axis rect into a row of its own below it (an inset legend
// hides data once the window is small), filled row by row with as many columns as the plot's
// width holds. The column count is recomputed before every layout (a replot after a resize or
// renamed or added items, and an export drawn at its own size). GUI thread only.
void placeLegendBelow(QCustomPlot* plot);

}  // namespace spatten::views
