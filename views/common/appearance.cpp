#include "views/common/appearance.h"

#include <qcustomplot.h>

namespace spatten::views {

QColor Appearance::background() const {
  if (dark) return highContrast ? QColor(0, 0, 0) : QColor(32, 33, 36);
  return QColor(255, 255, 255);
}

QColor Appearance::foreground() const {
  if (dark) return highContrast ? QColor(255, 255, 255) : QColor(232, 232, 232);
  return QColor(0, 0, 0);
}

QColor Appearance::muted() const {
  if (highContrast) return foreground();
  return dark ? QColor(170, 170, 170) : QColor(85, 85, 85);
}

QColor Appearance::gridLine() const {
  if (dark) return highContrast ? QColor(140, 140, 140) : QColor(70, 70, 74);
  return highContrast ? QColor(120, 120, 120) : QColor(220, 220, 220);
}

QColor Appearance::idleFill() const {
  if (dark) return highContrast ? QColor(90, 90, 90) : QColor(80, 80, 84);
  return highContrast ? QColor(200, 200, 200) : QColor(215, 215, 215);
}

QColor Appearance::emptyFill() const {
  return dark ? QColor(20, 20, 22) : QColor(255, 255, 255);
}

QFont zoomedFont(const QFont& base, const Appearance& a) {
  QFont f = base;
  if (base.pointSizeF() > 0)
    f.setPointSizeF(base.pointSizeF() * a.zoom);
  else
    f.setPixelSize(std::max(1, static_cast<int>(base.pixelSize() * a.zoom + 0.5)));
  if (a.highContrast) f.setBold(true);
  return f;
}

void applyToPlot(QCustomPlot* plot, const Appearance& a, const QFont& font) {
  const QColor fg = a.foreground();
  const QPen axisPen(a.highContrast ? fg : a.muted(), std::max(1.0, a.mark()));
  plot->setBackground(a.background());
  std::vector<QCPAxis*> axes;
  for (QCPAxisRect* rect : plot->axisRects())
    for (QCPAxis* axis : rect->axes()) axes.push_back(axis);
  for (QCPLayoutElement* e : plot->plotLayout()->elements(true)) {
    if (auto* scale = qobject_cast<QCPColorScale*>(e)) axes.push_back(scale->axis());
    if (auto* text = qobject_cast<QCPTextElement*>(e)) {
      text->setFont(font);
      text->setTextColor(fg);
    }
  }
  for (QCPAxis* axis : axes) {
    axis->setBasePen(axisPen);
    axis->setTickPen(axisPen);
    axis->setSubTickPen(axisPen);
    axis->setTickLabelColor(fg);
    axis->setLabelColor(fg);
    axis->setTickLabelFont(font);
    axis->setLabelFont(font);
    axis->grid()->setPen(QPen(a.gridLine(), 1, Qt::DotLine));
    axis->grid()->setZeroLinePen(Qt::NoPen);
  }
  if (plot->legend) {
    plot->legend->setFont(font);
    plot->legend->setTextColor(fg);
    QColor fill = a.background();
    fill.setAlpha(220);
    plot->legend->setBrush(fill);
    plot->legend->setBorderPen(QPen(a.muted(), 1));
  }
}

}  // namespace spatten::views
