#pragma once
// The guided tour's outline: a frame drawn over part of a view (a grid row, a datapath module,
// the whole view) in a colour of the colour-blind-safe palette. A child of the outlined widget,
// transparent for the mouse; follows the widget's size and asks `area` for the rectangle on every
// paint (rows move when the grid rescales). Thread: GUI thread.

#include <QPointer>
#include <QWidget>

#include <functional>

namespace spatten::app {

class TourHighlight : public QWidget {
  Q_OBJECT
public:
  explicit TourHighlight(QWidget* parent = nullptr);

  // Outlines `area()` (coordinates of `target`) on `target`; nullptr hides the outline.
  void show(QWidget* target, std::function<QRect()> area);
  void clear();
  QWidget* target() const { return m_target; }
  QRect outlined() const;  // the outlined rectangle in the target's coordinates (empty if none)

protected:
  void paintEvent(QPaintEvent* event) override;
  bool eventFilter(QObject* watched, QEvent* event) override;

private:
  QPointer<QWidget> m_target;
  std::function<QRect()> m_area;
};

}  // namespace spatten::app
