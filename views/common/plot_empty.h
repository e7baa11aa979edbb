#pragma once
// A chart's empty state: why nothing is drawn (no analysis yet, an error, no simulation), as text
// centred in the axis rect and wrapped to its width, with no axis ticks, numbers or legend (they
// would describe nothing, or the previous run). One per QCustomPlot, owned by it.
// Thread: GUI thread only.

#include <QObject>
#include <QString>
#include <vector>

class QCustomPlot;
class QCPAxis;
class QCPItemText;
class QColor;
class QFont;

namespace spatten::views {

class PlotEmptyState : public QObject {
public:
  explicit PlotEmptyState(QCustomPlot* plot);

  // Shows `text` (replacing any shown before) and hides the legend and the ticks and tick labels
  // of the plot's visible axes; clear() gives them back as they were. Neither replots.
  void show(const QString& text);
  void clear();
  bool shown() const { return m_shown; }
  QString text() const { return m_text; }  // unwrapped; empty when not shown
  void setStyle(const QFont& font, const QColor& colour);

private:
  void wrap();  // after each layout: the axis rect's width may have changed

  QCustomPlot* m_plot;
  QCPItemText* m_item;
  QString m_text;
  bool m_shown = false;
  struct AxisState {
    QCPAxis* axis;
    bool ticks, labels;
  };
  std::vector<AxisState> m_hidden;  // the axes show() changed, as they were
  bool m_legendWasVisible = false;  // the legend before show()
};

// `text` in lines of at most `width` pixels in `font`, broken at spaces; a word longer than a line
// is elided in the middle (an identifier such as "h.3.mlp.c_fc.weight" is not broken).
QString wrapToWidth(const QString& text, const QFont& font, int width);

}  // namespace spatten::views
