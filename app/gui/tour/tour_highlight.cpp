#include "app/gui/tour/tour_highlight.h"

#include <QEvent>
#include <QPainter>

namespace spatten::app {
namespace {
constexpr int kPen = 4;
const QColor kColour(0xE6, 0x9F, 0x00);  // Okabe-Ito orange: visible on light and dark themes
}  // namespace

TourHighlight::TourHighlight(QWidget* parent) : QWidget(parent) {
  setObjectName(QStringLiteral("tourHighlight"));
  setAttribute(Qt::WA_TransparentForMouseEvents);
  setAttribute(Qt::WA_NoSystemBackground);
  hide();
}

void TourHighlight::show(QWidget* target, std::function<QRect()> area) {
  clear();
  if (!target) return;
  m_target = target;
  m_area = std::move(area);
  setParent(target);
  target->installEventFilter(this);
  setGeometry(target->rect());
  raise();
  QWidget::show();
  update();
}

void TourHighlight::clear() {
  if (m_target) m_target->removeEventFilter(this);
  m_target = nullptr;
  m_area = nullptr;
  hide();
}

QRect TourHighlight::outlined() const {
  return m_target && m_area ? m_area().intersected(m_target->rect()) : QRect();
}

bool TourHighlight::eventFilter(QObject* watched, QEvent* event) {
  if (watched == m_target && (event->type() == QEvent::Resize || event->type() == QEvent::Show)) {
    setGeometry(m_target->rect());
    raise();
  }
  return QWidget::eventFilter(watched, event);
}

void TourHighlight::paintEvent(QPaintEvent*) {
  const QRect r = outlined();
  if (r.isEmpty()) return;
  QPainter p(this);
  p.setRenderHint(QPainter::Antialiasing);
  p.setPen(QPen(kColour, kPen));
  p.setBrush(Qt::NoBrush);
  p.drawRoundedRect(QRectF(r).adjusted(kPen / 2.0, kPen / 2.0, -kPen / 2.0, -kPen / 2.0), 6, 6);
}

}  // namespace spatten::app
