#include "views/widgets/color_bar.h"

#include <QLinearGradient>
#include <QPainter>

#include "views/common/palette.h"

namespace spatten::views {
namespace {
constexpr int kBarWidthEm = 10;  // gradient width in font heights
}

ColorBar::ColorBar(QString caption, QString low, QString high, QWidget* parent)
    : QWidget(parent),
      m_caption(std::move(caption)),
      m_low(std::move(low)),
      m_high(std::move(high)) {
  setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);
}

QSize ColorBar::sizeHint() const {
  const QFontMetrics fm(font());
  const int w = fm.horizontalAdvance(m_caption) + fm.horizontalAdvance(m_low) +
                fm.horizontalAdvance(m_high) + kBarWidthEm * fm.height() +
                4 * fm.averageCharWidth();
  return {w, fm.height() + 6};
}

QSize ColorBar::minimumSizeHint() const {
  return sizeHint();
}

void ColorBar::paintEvent(QPaintEvent*) {
  QPainter p(this);
  const QFontMetrics fm(font());
  const QColor text = palette().color(QPalette::WindowText);
  p.setPen(text);
  int x = 0;
  const auto label = [&](const QString& s) {
    p.drawText(QRect(x, 0, fm.horizontalAdvance(s), height()), Qt::AlignVCenter, s);
    x += fm.horizontalAdvance(s) + fm.averageCharWidth();
  };
  label(m_caption);
  label(m_low);
  const QRect bar(x, 3, kBarWidthEm * fm.height(), height() - 6);
  QLinearGradient g(bar.topLeft(), bar.topRight());
  for (int i = 0; i <= 8; ++i) g.setColorAt(i / 8.0, viridis(i / 8.0));
  p.fillRect(bar, g);
  p.setPen(QPen(text, 1));
  p.drawRect(bar.adjusted(0, 0, -1, -1));
  x = bar.right() + fm.averageCharWidth();
  label(m_high);
}

}  // namespace spatten::views
