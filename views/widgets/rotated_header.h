#pragma once
// Horizontal table header that draws each section's text rotated by 90 degrees (read bottom to
// top), so that narrow columns (one per token) can still carry their label. Section sizes are the
// table's business; the header's height fits the longest label (capped). Thread: GUI thread.

#include <QHeaderView>

namespace spatten::views {

class RotatedHeader : public QHeaderView {
  Q_OBJECT
public:
  explicit RotatedHeader(QWidget* parent = nullptr);
  QSize sizeHint() const override;

protected:
  void paintSection(QPainter* painter, const QRect& rect, int logicalIndex) const override;
};

}  // namespace spatten::views
