#pragma once
// A transient banner centred near the bottom of a widget, like a browser's "Esc leaves full
// screen" notice: presentation mode's list of keys, which the status bar (its permanent labels
// take half of a 1280-px screen) would cut. Word-wrapped to 90 % of the widget's width, follows
// its resizes, hidden after a timeout, when clicked, or by hideNow(). Thread: GUI thread.

#include <QLabel>
#include <QTimer>

namespace spatten::app {

class KeyHint : public QLabel {
  Q_OBJECT
public:
  explicit KeyHint(QWidget* over);

  // Shows `richText` for `ms` milliseconds (replacing what it showed).
  void showText(const QString& richText, int ms);
  void hideNow();

protected:
  bool eventFilter(QObject* watched, QEvent* event) override;
  void mousePressEvent(QMouseEvent* event) override;

private:
  void place();

  QTimer m_timer;
};

}  // namespace spatten::app
