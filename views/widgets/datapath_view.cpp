#include "views/widgets/datapath_view.h"

#include <QApplication>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <algorithm>
#include <cmath>

#include "views/common/chart_export.h"
#include "views/common/palette.h"
#include "views/common/session_model.h"

namespace spatten::views {
namespace {

// Grid position (column, row) of each module in core ModuleId order: Fetcher, HBM, QxK,
// Softmax, Requant, TopkV, AttnV, TokenAcc, HeadAcc, TopkToken.
constexpr double kPos[][2] = {{1, 0}, {0, 0}, {0, 1}, {1, 1}, {2, 1},
                              {3, 1}, {4, 1}, {1, 2}, {4, 2}, {2.5, 2}};
constexpr int kModules = 10;

QColor stateColor(ModuleActivity s, const Appearance& a) {
  switch (s) {
    case ModuleActivity::Busy: return stateBusyColor();
    case ModuleActivity::Stalled: return stateStalledColor();
    default:
      return a.idleFill();
  }
}

QString stateName(ModuleActivity s) {
  switch (s) {
    case ModuleActivity::Busy: return QStringLiteral("busy");
    case ModuleActivity::Stalled: return QStringLiteral("stalled");
    default: return QStringLiteral("idle");
  }
}

void drawBar(QPainter& p, const QRectF& r, double fraction, const QString& label, const QColor& c,
             const Appearance& a) {
  p.setPen(QPen(a.muted(), a.mark()));
  p.setBrush(a.emptyFill());
  p.drawRect(r);
  if (fraction > 0) {
    p.setPen(Qt::NoPen);
    p.setBrush(c);
    p.drawRect(QRectF(r.left(), r.top(), r.width() * std::min(1.0, fraction), r.height()));
  }
  p.setPen(a.foreground());
  const QRectF inner = r.adjusted(4, 0, -4, 0);
  // Elided rather than clipped mid-glyph when the side panel is narrow (the full text is in the
  // CSV export).
  p.drawText(inner, Qt::AlignVCenter | Qt::AlignLeft,
             QFontMetricsF(p.font()).elidedText(label, Qt::ElideRight, inner.width()));
}

}  // namespace

DatapathView::DatapathView(SessionModel* session, QWidget* parent)
    : QWidget(parent), m_session(session) {
  setObjectName(QStringLiteral("datapathView"));
  setMinimumSize(480, 320);
  connect(session, &SessionModel::frameChanged, this, qOverload<>(&QWidget::update));
  connect(session, &SessionModel::analysisChanged, this, qOverload<>(&QWidget::update));
  installExportMenu(this, nullptr, [this] { return csv(); }, QStringLiteral("datapath"));
  connect(session, &SessionModel::appearanceChanged, this, [this] {
    setFont(zoomedFont(QApplication::font(), m_session->appearance()));
    update();
  });
  setFont(zoomedFont(QApplication::font(), m_session->appearance()));
}

double DatapathView::unit() const {
  return QFontMetricsF(font()).height();
}

QRectF DatapathView::moduleRect(int id) const {
  if (id < 0 || id >= kModules) return {};
  // In font-height units u, so that the diagram scales with the zoom: headline 3.5u above,
  // legend 3u below, side panel (channels, buffers) right of 78 % of the width.
  const double u = unit();
  const QRectF area(u, 3.5 * u, width() * 0.78 - u, height() - 6.5 * u);
  const double cw = area.width() / 5.0;
  const double rh = area.height() / 3.0;
  return QRectF(area.left() + kPos[id][0] * cw + 0.6 * u, area.top() + kPos[id][1] * rh + 0.6 * u,
                cw - 1.4 * u, rh - 2 * u);
}

void DatapathView::drawArrow(QPainter& p, QPointF from, QPointF to) const {
  const Appearance& look = m_session->appearance();
  const double head = 9 * look.mark();
  p.setPen(QPen(look.muted(), 2 * look.mark()));
  p.drawLine(from, to);
  const QLineF line(to, from);
  const double angle = std::atan2(-line.dy(), line.dx());
  const QPointF a =
      to + QPointF(std::sin(angle + M_PI / 3) * head, std::cos(angle + M_PI / 3) * head);
  const QPointF b = to + QPointF(std::sin(angle + M_PI - M_PI / 3) * head,
                                 std::cos(angle + M_PI - M_PI / 3) * head);
  p.setBrush(look.muted());
  p.drawPolygon(QPolygonF({to, a, b}));
}

void DatapathView::drawModule(QPainter& p, int id, const QRectF& r) const {
  const auto& f = m_session->frame();
  const ModuleFrame* m =
      f && id < static_cast<int>(f->modules.size()) ? &f->modules[static_cast<std::size_t>(id)] : nullptr;
  const Appearance& look = m_session->appearance();
  const QColor fill = m ? stateColor(m->state, look) : look.idleFill();
  p.setPen(QPen(look.foreground(), 1.5 * look.mark()));
  p.setBrush(fill);
  p.drawRoundedRect(r, 6, 6);
  p.setPen(contrastingText(fill));
  // Titles (three lines, four in narrow windows), FIFO names (two): word-wrapped to the box
  // instead of elided, so that e.g. "(2/13) Top-k (tok/head)" and "address FIFOs (all lanes)"
  // stay readable.
  const QString title = m ? QStringLiteral("(%1) %2").arg(m->paperId, m->name) : QStringLiteral("?");
  const double textW = r.width() - 12;
  QFont bold = font();
  bold.setBold(true);
  bold = fitLines(bold, title, textW, 3);
  p.setFont(bold);
  const QFontMetricsF boldFm(bold);
  // A title that needs more than three lines even at 75 % (a narrow window) gets a fourth.
  const double titleH = std::min(
      4 * boldFm.height(),
      boldFm.boundingRect(QRectF(0, 0, textW, 1e4), Qt::AlignHCenter | Qt::TextWordWrap, title)
          .height());
  p.drawText(QRectF(r.left() + 6, r.top() + 4, textW, titleH),
             Qt::AlignTop | Qt::AlignHCenter | Qt::TextWordWrap, title);
  p.setFont(font());
  if (!m) return;
  QString body = stateName(m->state);
  if (m->request >= 0) body += QStringLiteral(" \u00b7 request %1").arg(m->request);
  if (m->total > 0) body += QStringLiteral("\n%1 / %2").arg(m->progress).arg(m->total);
  const QFontMetricsF fm(font());
  const double lineH = fm.height();
  const double bodyTop = r.top() + 4 + titleH + 2;
  const double bodyH =
      std::min(3 * lineH,
               fm.boundingRect(QRectF(0, 0, textW, 1e4), Qt::AlignHCenter | Qt::TextWordWrap, body)
                   .height());
  p.drawText(QRectF(r.left() + 6, bodyTop, textW, bodyH),
             Qt::AlignHCenter | Qt::AlignTop | Qt::TextWordWrap, body);
  double y = bodyTop + std::max(2 * lineH, bodyH) + 6;
  for (const FifoFill& fifo : m->fifos) {
    // Name above the bar (wrapped to two lines at most), fill numbers inside the bar.
    const double nameH = std::min(
        2 * lineH,
        fm.boundingRect(QRectF(0, 0, textW, 1e4), Qt::AlignLeft | Qt::TextWordWrap, fifo.name)
            .height());
    if (y + nameH + lineH + 2 > r.bottom() - 2) break;
    p.setPen(contrastingText(fill));
    p.drawText(QRectF(r.left() + 6, y, textW, nameH),
               Qt::AlignLeft | Qt::AlignVCenter | Qt::TextWordWrap, fifo.name);
    y += nameH;
    const double frac = fifo.capacity > 0 ? static_cast<double>(fifo.fill) / fifo.capacity : 0.0;
    const QString label = fifo.capacity > 0 ? QStringLiteral("%1 / %2").arg(fifo.fill).arg(fifo.capacity)
                                            : QString::number(fifo.fill);
    drawBar(p, QRectF(r.left() + 6, y, textW, lineH + 2), frac, label, okabeIto(2), look);
    y += lineH + 8;
  }
}

void DatapathView::drawSide(QPainter& p, const QRectF& area) const {
  const auto& f = m_session->frame();
  const Appearance& look = m_session->appearance();
  p.setPen(look.foreground());
  QFont bold = font();
  bold.setBold(true);
  const double lineH = QFontMetricsF(font()).height() + 2;
  // Side titles wrap (two lines at most) rather than lose their unit to an ellipsis: at 1280 px
  // "HBM2 channels (outsta..." left the bars' "1/16" unexplained. Returns the height drawn.
  const auto sideTitle = [&](double top, const QString& text) {
    const QFontMetricsF fm(bold);
    const QRectF box(area.left(), top, area.width(), 2 * lineH);
    const QRectF need = fm.boundingRect(box, Qt::TextWordWrap, text);
    const double h = need.height() > lineH + 1 ? 2 * lineH : lineH;
    p.setFont(bold);
    p.drawText(QRectF(area.left(), top, area.width(), h), Qt::TextWordWrap, text);
    p.setFont(font());
    return h;
  };
  const double titleH = sideTitle(area.top(), QStringLiteral("HBM2 channels (outstanding reads)"));
  if (!f) return;
  double y = area.top() + titleH + 4;
  for (std::size_t c = 0; c < f->channels.size() && y < area.bottom() - 4 * lineH; ++c) {
    const ChannelFrame& ch = f->channels[c];
    const double frac = ch.maxOutstanding > 0 ? static_cast<double>(ch.outstanding) / ch.maxOutstanding : 0;
    drawBar(p, QRectF(area.left(), y, area.width(), lineH), frac,
            QStringLiteral("ch %1: %2/%3, %4 KiB")
                .arg(c)
                .arg(ch.outstanding)
                .arg(ch.maxOutstanding)
                .arg(static_cast<double>(ch.bytes) / 1024.0, 0, 'f', 1),
            okabeIto(5).lighter(150), look);
    y += lineH + 2;
  }
  y += 8;
  y += sideTitle(y, QStringLiteral("On-chip buffers (lines)")) + 2;
  drawBar(p, QRectF(area.left(), y, area.width(), lineH),
          f->keyBufferLines ? static_cast<double>(f->keyBufferUsed) / f->keyBufferLines : 0,
          QStringLiteral("key buffer %1/%2").arg(f->keyBufferUsed).arg(f->keyBufferLines),
          okabeIto(1), look);
  y += lineH + 4;
  drawBar(p, QRectF(area.left(), y, area.width(), lineH),
          f->valueBufferLines ? static_cast<double>(f->valueBufferUsed) / f->valueBufferLines : 0,
          QStringLiteral("value buffer %1/%2").arg(f->valueBufferUsed).arg(f->valueBufferLines),
          okabeIto(1), look);
}

QString DatapathView::headline() const {
  const auto& f = m_session->frame();
  if (!f) return m_session->emptyFrameText();
  if (f->request < 0)
    return QStringLiteral(
               "Cycle %1 \u00b7 Q\u00d7K idle (%2) \u00b7 %3/%4 requests done \u00b7 %5 in "
               "flight")
        .arg(f->cycle)
        .arg(f->finished ? QStringLiteral("finished") : QStringLiteral("no request yet"))
        .arg(f->requestsDone)
        .arg(f->requestCount)
        .arg(f->inflightRequests);
  return f ? QStringLiteral(
                 "Cycle %1 \u00b7 Q\u00d7K on request %2 (pass %3, layer %4, head %5, query "
                 "%6) "
                 "\u00b7 %7/%8 requests done \u00b7 %9 in flight%10")
                 .arg(f->cycle)
                 .arg(f->request)
                 .arg(f->iteration)
                 .arg(f->layer)
                 .arg(f->head)
                 .arg(f->query)
                 .arg(f->requestsDone)
                 .arg(f->requestCount)
                 .arg(f->inflightRequests)
                 .arg(f->finished ? QStringLiteral(" \u00b7 finished") : QString())
           : QStringLiteral("No simulation yet: waiting for a SpAtten run");
}

void DatapathView::paintEvent(QPaintEvent*) {
  QPainter p(this);
  p.setRenderHint(QPainter::Antialiasing);
  const Appearance& look = m_session->appearance();
  const double u = unit();
  p.fillRect(rect(), look.background());
  p.setFont(headlineFont(font()));
  p.setPen(look.foreground());
  if (!m_session->frame()) {  // no simulator: say why, draw no empty diagram
    p.drawText(rect().adjusted(u, 0, -u, 0), Qt::AlignCenter | Qt::TextWordWrap, headline());
    return;
  }
  const QRectF headBox(u, 0.5 * u, width() - 2 * u, 2.5 * u);
  p.setFont(fitHeight(headlineFont(font()), headline(), headBox.width(), headBox.height()));
  p.drawText(headBox, Qt::AlignLeft | Qt::AlignVCenter | Qt::TextWordWrap, headline());
  p.setFont(font());
  // Data flow of Fig. 8.
  auto right = [](const QRectF& r) { return QPointF(r.right(), r.center().y()); };
  auto left = [](const QRectF& r) { return QPointF(r.left(), r.center().y()); };
  drawArrow(p, right(moduleRect(1)), left(moduleRect(0)));
  drawArrow(p, QPointF(moduleRect(0).center().x(), moduleRect(0).bottom()),
            QPointF(moduleRect(2).center().x() + 20, moduleRect(2).top()));
  for (int id : {2, 3, 4, 5}) drawArrow(p, right(moduleRect(id)), left(moduleRect(id + 1)));
  drawArrow(p, QPointF(moduleRect(3).center().x(), moduleRect(3).bottom()),
            QPointF(moduleRect(7).center().x(), moduleRect(7).top()));
  drawArrow(p, right(moduleRect(7)), left(moduleRect(9)));
  drawArrow(p, QPointF(moduleRect(6).center().x(), moduleRect(6).bottom()),
            QPointF(moduleRect(8).center().x(), moduleRect(8).top()));
  drawArrow(p, left(moduleRect(8)), right(moduleRect(9)));
  drawArrow(p, QPointF(moduleRect(4).center().x(), moduleRect(4).top()),
            QPointF(moduleRect(0).right() - 10, moduleRect(0).bottom()));
  for (int id = 0; id < kModules; ++id) drawModule(p, id, moduleRect(id));
  drawSide(p,
           QRectF(width() * 0.78 + 0.6 * u, 3.5 * u, width() * 0.22 - 1.6 * u, height() - 5 * u));
  // Legend.
  double x = u;
  const double y = height() - 2 * u;
  const QFontMetricsF fm(font());
  for (auto s : {ModuleActivity::Busy, ModuleActivity::Stalled, ModuleActivity::Idle}) {
    p.setBrush(stateColor(s, look));
    p.setPen(QPen(look.foreground(), look.mark()));
    p.drawRect(QRectF(x, y, u, u));
    p.setPen(look.foreground());
    const double w = fm.horizontalAdvance(stateName(s));
    p.drawText(QRectF(x + 1.4 * u, y, w + 2, u), Qt::AlignVCenter, stateName(s));
    x += 2.4 * u + w;
  }
  p.drawText(
      QRectF(x, y - u, width() - x - u, 3 * u), Qt::AlignVCenter | Qt::TextWordWrap,
      QStringLiteral(
          "Bars: FIFO / buffer fill. Numbers in brackets: module ids of the paper's Fig. 8."));
}

void DatapathView::mousePressEvent(QMouseEvent* event) {
  const auto& f = m_session->frame();
  if (!f) return;
  for (int id = 0; id < kModules && id < static_cast<int>(f->modules.size()); ++id) {
    if (moduleRect(id).contains(event->position())) {
      const std::int64_t r = f->modules[static_cast<std::size_t>(id)].request;
      const auto& a = m_session->analysis();
      if (r >= 0 && a && r < static_cast<std::int64_t>(a->requests.size()))
        m_session->selectRequest(static_cast<int>(r));
      return;
    }
  }
}

QString DatapathView::csv() const {
  QString out = QStringLiteral("cycle,module,paper_id,state,request,progress,total,fifo,fill,capacity\n");
  const auto& f = m_session->frame();
  if (!f) return out;
  for (const ModuleFrame& m : f->modules) {
    const QString base = QStringLiteral("%1,%2,%3,%4,%5,%6,%7")
                             .arg(f->cycle)
                             .arg(csvField(m.name), csvField(m.paperId), stateName(m.state))
                             .arg(m.request)
                             .arg(m.progress)
                             .arg(m.total);
    if (m.fifos.empty()) out += base + QStringLiteral(",,,\n");
    for (const FifoFill& fifo : m.fifos)
      out += base + QStringLiteral(",%1,%2,%3\n").arg(csvField(fifo.name)).arg(fifo.fill).arg(fifo.capacity);
  }
  return out;
}

}  // namespace spatten::views
