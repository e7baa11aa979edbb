#include "views/widgets/token_strip.h"

#include <QMouseEvent>
#include <QPainter>

#include <algorithm>

#include "views/common/palette.h"
#include "views/common/session_model.h"

namespace spatten::views {
namespace {
constexpr int kPadX = 6;
constexpr int kPadY = 3;
constexpr int kGap = 4;
constexpr int kMargin = 4;

QString display(const QString& text) {
  QString t = text;
  t.replace(QLatin1Char('\n'), QStringLiteral("\u21b5"));
  return t.trimmed().isEmpty() ? QStringLiteral("\u2423") : t.trimmed();
}
}  // namespace

TokenStrip::TokenStrip(SessionModel* session, QWidget* parent)
    : QWidget(parent), m_session(session) {
  setObjectName(QStringLiteral("tokenStrip"));
  setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
  setMouseTracking(true);
  connect(session, &SessionModel::analysisChanged, this, &TokenStrip::refresh);
  connect(session, &SessionModel::selectionChanged, this, qOverload<>(&QWidget::update));
}

QStringList TokenStrip::tokenTexts() const {
  QStringList out;
  if (const auto& a = m_session->analysis())
    for (const TokenText& t : a->tokens) out << t.text;
  return out;
}

std::vector<QRect> TokenStrip::layoutChips(int width) const {
  std::vector<QRect> chips;
  const auto& a = m_session->analysis();
  if (!a) return chips;
  const QFontMetrics fm(font());
  const int h = fm.height() + 2 * kPadY;
  int x = kMargin;
  int y = kMargin;
  for (const TokenText& t : a->tokens) {
    const int w = fm.horizontalAdvance(display(t.text)) + 2 * kPadX;
    if (x + w > width - kMargin && x > kMargin) {
      x = kMargin;
      y += h + kGap;
    }
    chips.emplace_back(x, y, w, h);
    x += w + kGap;
  }
  return chips;
}

int TokenStrip::heightForWidth(int width) const {
  const auto chips = layoutChips(width);
  const int h = QFontMetrics(font()).height() + 2 * kPadY + 2 * kMargin;
  return chips.empty() ? h : chips.back().bottom() + kMargin + 1;
}

QSize TokenStrip::sizeHint() const { return {600, heightForWidth(600)}; }
QSize TokenStrip::minimumSizeHint() const { return {100, heightForWidth(width() > 0 ? width() : 600)}; }

void TokenStrip::refresh() {
  m_chips = layoutChips(width());
  updateGeometry();
  update();
}

void TokenStrip::resizeEvent(QResizeEvent* event) {
  QWidget::resizeEvent(event);
  m_chips = layoutChips(width());
  if (minimumHeight() != heightForWidth(width())) updateGeometry();
}

void TokenStrip::paintEvent(QPaintEvent*) {
  QPainter p(this);
  p.setRenderHint(QPainter::Antialiasing);
  const auto& a = m_session->analysis();
  if (!a) {
    p.setPen(palette().color(QPalette::PlaceholderText));
    p.drawText(rect(), Qt::AlignCenter | Qt::TextWordWrap, m_session->emptyAnalysisText());
    return;
  }
  const Selection& sel = m_session->selection();
  const PruningIteration* pass = nullptr;
  if (a->hasSpatten && sel.iteration < static_cast<int>(a->iterations.size()))
    pass = &a->iterations[static_cast<std::size_t>(sel.iteration)];
  float maxImp = 0;
  if (pass && sel.layer < static_cast<int>(pass->tokenImportance.size())) {
    const auto& imp = pass->tokenImportance[static_cast<std::size_t>(sel.layer)];
    if (!imp.empty()) maxImp = *std::max_element(imp.begin(), imp.end());
  }
  for (std::size_t i = 0; i < m_chips.size() && i < a->tokens.size(); ++i) {
    QColor fill(235, 240, 250);
    bool pruned = false;
    bool future = false;
    const bool generated = static_cast<int>(i) >= a->promptLength;
    if (pass && sel.layer < static_cast<int>(pass->tokenAlive.size())) {
      const auto& alive = pass->tokenAlive[static_cast<std::size_t>(sel.layer)];
      if (i < alive.size()) {
        pruned = !alive[i];
        const float imp = pass->tokenImportance[static_cast<std::size_t>(sel.layer)][i];
        fill = pruned ? prunedColor() : viridis(maxImp > 0 ? 0.15 + 0.85 * imp / maxImp : 0.5);
      } else {
        future = true;  // generated in a later pass
        fill = QColor(245, 245, 245);
      }
    }
    const QRect r = m_chips[i];
    p.setBrush(fill);
    const bool selected = static_cast<int>(i) == sel.token;
    p.setPen(QPen(selected ? okabeIto(6) : QColor(150, 150, 150), selected ? 3 : 1,
                  generated ? Qt::DashLine : Qt::SolidLine));
    p.drawRoundedRect(r.adjusted(1, 1, -1, -1), 4, 4);
    QFont f = font();
    f.setStrikeOut(pruned);
    p.setFont(f);
    p.setPen(pruned || future ? QColor(110, 110, 110) : contrastingText(fill));
    p.drawText(r, Qt::AlignCenter, display(a->tokens[i].text));
  }
}

void TokenStrip::mousePressEvent(QMouseEvent* event) {
  for (std::size_t i = 0; i < m_chips.size(); ++i) {
    if (m_chips[i].contains(event->position().toPoint())) {
      m_session->selectToken(static_cast<int>(i));
      return;
    }
  }
  QWidget::mousePressEvent(event);
}

}  // namespace spatten::views
