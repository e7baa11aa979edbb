#include "app/gui/key_hint.h"

#include <QEvent>
#include <QMouseEvent>
#include <algorithm>

namespace spatten::app {

KeyHint::KeyHint(QWidget* over) : QLabel(over) {
  setObjectName(QStringLiteral("keyHint"));
  setTextFormat(Qt::RichText);
  setWordWrap(true);
  setAlignment(Qt::AlignCenter);
  // The same dark banner in every theme: it sits over the views, whatever their colours.
  setStyleSheet(
      QStringLiteral("QLabel#keyHint { background: rgba(20, 20, 20, 215); color: white; "
                     "border-radius: 10px; padding: 12px 20px; }"));
  QFont f = font();
  f.setPointSizeF(f.pointSizeF() * 1.25);
  setFont(f);
  m_timer.setSingleShot(true);
  connect(&m_timer, &QTimer::timeout, this, &KeyHint::hideNow);
  over->installEventFilter(this);
  hide();
}

void KeyHint::showText(const QString& richText, int ms) {
  setText(richText);
  place();
  show();
  raise();
  m_timer.start(ms);
}

void KeyHint::hideNow() {
  m_timer.stop();
  hide();
}

void KeyHint::place() {
  const QWidget* over = parentWidget();
  // At most 90 % of the widget, and no wider than a readable line (the text wraps below that).
  const int w = std::clamp(over->width() * 9 / 10, 1, 1100);
  const int h = heightForWidth(w) > 0 ? heightForWidth(w) : sizeHint().height();
  setGeometry((over->width() - w) / 2, std::max(0, over->height() - h - 24), w, h);
}

bool KeyHint::eventFilter(QObject* watched, QEvent* event) {
  if (watched == parentWidget() && event->type() == QEvent::Resize && isVisible()) place();
  return QLabel::eventFilter(watched, event);
}

void KeyHint::mousePressEvent(QMouseEvent* event) {
  hideNow();
  event->accept();
}

}  // namespace spatten::app
