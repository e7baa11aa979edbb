#pragma once
// A small horizontal viridis colour bar with a caption and end labels, the legend of the pruning
// grids ("colour = importance / max of the layer"). Colour-blind safe (viridis). Thread: GUI.

#include <QWidget>

namespace spatten::views {

class ColorBar : public QWidget {
  Q_OBJECT
public:
  ColorBar(QString caption, QString low, QString high, QWidget* parent = nullptr);
  QSize sizeHint() const override;
  QSize minimumSizeHint() const override;

protected:
  void paintEvent(QPaintEvent* event) override;

private:
  QString m_caption, m_low, m_high;
};

}  // namespace spatten::views
