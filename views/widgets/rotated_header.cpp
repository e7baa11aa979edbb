#include "views/widgets/rotated_header.h"

#include <QPainter>
#include <algorithm>

namespace spatten::views {
namespace {
constexpr int kMaxLabelEm = 7;  // longest label drawn, in font heights (longer ones are elided)
}

RotatedHeader::RotatedHeader(QWidget* parent) : QHeaderView(Qt::Horizontal, parent) {
  setSectionsClickable(true);
  setHighlightSections(true);
}

QSize RotatedHeader::sizeHint() const {
  const QFontMetrics fm(font());
  int longest = fm.height();
  if (model())
    for (int c = 0; c < model()->columnCount(); ++c)
      longest =
          std::max(longest, fm.horizontalAdvance(model()->headerData(c, orientation()).toString()));
  return {QHeaderView::sizeHint().width(), std::min(longest, kMaxLabelEm * fm.height()) + 10};
}

void RotatedHeader::paintSection(QPainter* painter, const QRect& rect, int logicalIndex) const {
  if (!rect.isValid() || !model()) return;
  painter->save();
  const bool selected = selectionModel() && selectionModel()->isColumnSelected(logicalIndex, {});
  painter->fillRect(rect, palette().color(selected ? QPalette::Highlight : QPalette::Button));
  painter->setPen(palette().color(QPalette::Mid));
  painter->drawLine(rect.topRight(), rect.bottomRight());
  painter->drawLine(rect.bottomLeft(), rect.bottomRight());
  painter->setPen(palette().color(selected ? QPalette::HighlightedText : QPalette::ButtonText));
  const QFontMetrics fm(font());
  const QString text = fm.elidedText(model()->headerData(logicalIndex, orientation()).toString(),
                                     Qt::ElideRight, rect.height() - 8);
  // Rotate about the section's bottom-left corner: x runs up the section, y across it.
  painter->translate(rect.left(), rect.bottom());
  painter->rotate(-90);
  painter->drawText(QRect(4, 0, rect.height() - 8, rect.width()), Qt::AlignLeft | Qt::AlignVCenter,
                    text);
  painter->restore();
}

}  // namespace spatten::views
