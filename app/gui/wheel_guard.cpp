#include "app/gui/wheel_guard.h"

#include <QEvent>
#include <QWidget>

namespace spatten::app {
namespace {

class WheelGuard : public QObject {
public:
  using QObject::QObject;

protected:
  bool eventFilter(QObject* watched, QEvent* event) override {
    if (event->type() == QEvent::Wheel && !static_cast<QWidget*>(watched)->hasFocus()) {
      // Ignored and filtered: QApplication then offers the event to the parents (the scroll
      // area), as it does for any wheel event a widget does not accept.
      event->ignore();
      return true;
    }
    return QObject::eventFilter(watched, event);
  }
};

}  // namespace

void guardWheel(QWidget* editor) {
  if (!editor) return;
  editor->setFocusPolicy(Qt::StrongFocus);
  editor->installEventFilter(new WheelGuard(editor));
}

}  // namespace spatten::app
