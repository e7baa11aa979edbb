#pragma once
// View (7) the SpAtten datapath (paper Fig. 8): one box per module, coloured busy (bluish
// green) / stalled (vermillion) / idle (grey) at the current cycle, with the request it works on,
// its progress and FIFO fill bars; HBM2 channels and the on-chip K/V buffers at the side.
// Custom painted; updates on every published frame. Thread: GUI thread.

#include <QWidget>

#include <vector>

namespace spatten::views {

class SessionModel;

class DatapathView : public QWidget {
  Q_OBJECT
public:
  explicit DatapathView(SessionModel* session, QWidget* parent = nullptr);
  // Box of module `id` (core ModuleId order) in widget coordinates, for tests and clicks.
  QRectF moduleRect(int id) const;
  QString csv() const;
  // The line above the diagram (cycle, the Q×K unit's request, progress).
  QString headline() const;

protected:
  void paintEvent(QPaintEvent* event) override;
  void mousePressEvent(QMouseEvent* event) override;

private:
  void drawModule(class QPainter& p, int id, const QRectF& r) const;
  void drawArrow(class QPainter& p, QPointF from, QPointF to) const;
  void drawSide(class QPainter& p, const QRectF& area) const;
  double unit() const;  // layout unit: the font's line height (scales with the zoom)

  SessionModel* m_session;
};

}  // namespace spatten::views
