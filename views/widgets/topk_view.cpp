#include "views/widgets/topk_view.h"

#include <QApplication>
#include <QPainter>
#include <algorithm>
#include <cmath>

#include "views/common/chart_export.h"
#include "views/common/palette.h"
#include "views/common/session_model.h"
#include "views/widgets/topk_round.h"

namespace spatten::views {
namespace {

// The engine has run every quick-select round of its request and hands the k-th value to the
// filter next (once the filter is free; core's phase is still "rounds", its round index one past
// the last).
bool roundsDone(const TopKFrame& t) {
  return t.phase == QStringLiteral("rounds") && t.rounds > 0 && t.round >= t.rounds;
}

// "round 2 of 4", or, once every round is done, that the k-th value is found.
QString roundText(const TopKFrame& t) {
  if (!roundsDone(t))
    return QStringLiteral("round %1 of %2").arg(t.rounds ? t.round + 1 : 0).arg(t.rounds);
  return t.rounds == 1 ? QStringLiteral("its one round done: k-th value found")
                       : QStringLiteral("all %1 rounds done: k-th value found").arg(t.rounds);
}

const QColor kLarger = okabeIto(5);   // -> FIFO_R (Algorithm 3: item > pivot)
const QColor kEqual = okabeIto(4);
const QColor kSmaller = okabeIto(1);  // -> FIFO_L (Algorithm 3: item < pivot)

// Section title (bold, one line high) at the top of `r`; the content starts 1.6 lines below.
// `shorter`: said with fewer words, drawn when `text` does not fit (at 1280 px the FIFO and zero
// eliminator titles lost their numbers to the ellipsis).
void title(QPainter& p, const QRectF& r, const QString& text, const QFont& base, const QColor& ink,
           const QString& shorter = {}) {
  QFont bold = base;
  bold.setBold(true);
  p.setFont(bold);
  p.setPen(ink);
  const QFontMetricsF fm(bold);
  const QString& shown =
      shorter.isEmpty() || fm.horizontalAdvance(text) <= r.width() ? text : shorter;
  p.drawText(QRectF(r.left(), r.top(), r.width(), fm.height() + 2),
             Qt::AlignLeft | Qt::AlignVCenter,
             fm.elidedText(shown, Qt::ElideRight, r.width()));  // never into the next section
  p.setFont(base);
}

// Empty gauge with its filled share.
void gauge(QPainter& p, const QRectF& bar, double fraction, const QColor& fill,
           const Appearance& a) {
  p.setPen(QPen(a.muted(), a.mark()));
  p.setBrush(a.emptyFill());
  p.drawRect(bar);
  p.fillRect(
      QRectF(bar.left(), bar.top(), bar.width() * std::clamp(fraction, 0.0, 1.0), bar.height()),
      fill);
}
}  // namespace

TopKView::TopKView(SessionModel* session, QWidget* parent) : QWidget(parent), m_session(session) {
  setObjectName(QStringLiteral("topkView"));
  setMinimumSize(480, 320);
  connect(session, &SessionModel::frameChanged, this, qOverload<>(&QWidget::update));
  connect(session, &SessionModel::selectionChanged, this, qOverload<>(&QWidget::update));
  installExportMenu(this, nullptr, [this] { return csv(); }, QStringLiteral("topk-engine"));
  connect(session, &SessionModel::appearanceChanged, this, [this] {
    setFont(zoomedFont(QApplication::font(), m_session->appearance()));
    update();
  });
  setFont(zoomedFont(QApplication::font(), m_session->appearance()));
}

double TopKView::unit() const {
  return QFontMetricsF(font()).height();
}

void TopKView::drawInput(QPainter& p, const QRectF& r) const {
  const Appearance& look = m_session->appearance();
  const TopKFrame& t = m_session->frame()->topk;
  const TopKRoundData d = topkRoundData(t);
  // The round's candidates when the frame carries them; else the request's whole row (grey).
  const std::vector<float>* shown = d.known ? &d.values : (t.probs ? t.probs.get() : nullptr);
  const TopKScale scale = topkScale(shown ? *shown : std::vector<float>{});
  const QString axis = scale.log ? QStringLiteral("log scale") : QStringLiteral("linear scale");
  if (d.known)
    title(
        p, r,
        QStringLiteral("Round %1 input: %2 candidates popped from %3 (%4); dashed line = pivot %5")
            .arg(t.round + 1)
            .arg(d.indices.size())
            .arg(t.select ? QStringLiteral("FIFO_R") : QStringLiteral("FIFO_L"))
            .arg(axis)
            .arg(static_cast<double>(t.pivot), 0, 'g', 3),
        font(), look.foreground());
  else if (t.request < 0)
    title(p, r, QStringLiteral("Input: none (no request in the engine)"), font(),
          look.foreground());
  else if (roundsDone(t))
    title(p, r,
          QStringLiteral("Input: the request's attention probabilities (%1); every round done, "
                         "the k-th value is known")
              .arg(axis),
          font(), look.foreground());
  else
    title(p, r,
          QStringLiteral("Input: the request's attention probabilities (%1); round candidates not "
                         "recorded")
              .arg(axis),
          font(), look.foreground());
  // Value axis on the left: tick labels as wide as the widest one.
  const QFontMetricsF fm(font());
  QStringList labels;
  double labelW = 0;
  for (const double v : scale.ticks) {
    labels << QString::number(v, 'g', 3);
    labelW = std::max(labelW, fm.horizontalAdvance(labels.back()));
  }
  const QRectF plot =
      r.adjusted(labelW + 12, 1.6 * fm.height() + fm.height() / 2, -10, -fm.height() - 4);
  const auto height = [&](double x) { return plot.height() * scale.fraction(x); };
  p.setPen(QPen(look.muted(), look.mark()));
  p.drawLine(plot.bottomLeft(), plot.bottomRight());
  p.drawLine(plot.bottomLeft(), plot.topLeft());
  for (std::size_t i = 0; i < scale.ticks.size(); ++i) {
    const double y = plot.bottom() - height(scale.ticks[i]);
    p.setPen(QPen(look.muted(), look.mark()));
    p.drawLine(QPointF(plot.left() - 4, y), QPointF(plot.left(), y));
    p.setPen(QPen(look.gridLine(), 1, Qt::DotLine));
    if (i > 0) p.drawLine(QPointF(plot.left() + 1, y), QPointF(plot.right(), y));
    p.setPen(look.foreground());
    p.drawText(QRectF(r.left(), y - fm.height() / 2, labelW + 4, fm.height()),
               Qt::AlignRight | Qt::AlignVCenter, labels[static_cast<qsizetype>(i)]);
  }
  if (!shown || shown->empty()) {
    p.drawText(plot, Qt::AlignCenter | Qt::TextWordWrap,
               t.request >= 0
                   ? QStringLiteral("(%1 elements; values not recorded)").arg(t.inputSize)
               : !m_session->frame()->finished
                   ? QStringLiteral("engine idle \u00b7 Shift+F7 (Next top-k round) steps to "
                                    "the end of its next round")
                   : QStringLiteral("engine idle"));
    return;
  }
  const auto& v = *shown;
  const double w = plot.width() / static_cast<double>(v.size());
  for (std::size_t i = 0; i < v.size(); ++i) {
    const double h = v[i] > 0 ? std::max(2.0, height(static_cast<double>(v[i]))) : 0.0;
    QColor c = QColor(150, 150, 150);
    if (d.known) {
      c = d.side[i] > 0 ? kLarger : (d.side[i] == 0 ? kEqual : kSmaller);
      if (i >= d.compared) c = c.lighter(160);  // not through the comparators yet
    }
    const QRectF bar(plot.left() + i * w + w * 0.1, plot.bottom() - h, w * 0.8, h);
    p.fillRect(bar, c);
    if (d.known && i >= d.batchBegin && i < d.batchEnd) {  // this cycle's comparator batch
      p.setPen(QPen(look.foreground(), look.mark()));
      p.setBrush(Qt::NoBrush);
      p.drawRect(bar.adjusted(0, -3, 0, 0));
    }
  }
  if (d.known) {
    const double y = plot.bottom() - height(static_cast<double>(t.pivot));
    p.setPen(QPen(look.foreground(), 2 * look.mark(), Qt::DashLine));
    p.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y));
  }
  p.setPen(look.foreground());
  // The legend under the bars; fewer words when the full one does not fit, elided at worst.
  QString legend = QStringLiteral("%1 keys").arg(v.size());
  if (d.known) {
    legend = QStringLiteral(
                 "%1 candidates (FIFO order), %2 compared; blue > pivot (FIFO_R), "
                 "yellow = pivot, orange < pivot (FIFO_L); pale = not compared yet, "
                 "outlined = this cycle's batch")
                 .arg(v.size())
                 .arg(d.compared);
    if (fm.horizontalAdvance(legend) > plot.width())
      legend = QStringLiteral(
                   "%1 candidates, %2 compared; blue > pivot, yellow = pivot, orange < "
                   "pivot; pale: not yet; outlined: this batch")
                   .arg(v.size())
                   .arg(d.compared);
  }
  p.drawText(QRectF(plot.left(), plot.bottom() + 2, plot.width(), fm.height() + 2), Qt::AlignLeft,
             fm.elidedText(legend, Qt::ElideRight, plot.width()));
}

void TopKView::drawComparators(QPainter& p, const QRectF& r) const {
  const Appearance& look = m_session->appearance();
  const double u = unit();
  const TopKFrame& t = m_session->frame()->topk;
  title(p, r,
        QStringLiteral("Comparator array: %1 comparators, %2 of %3 round inputs compared")
            .arg(t.parallelism)
            .arg(t.compared)
            .arg(t.roundInput),
        font(), look.foreground());
  const QRectF row = r.adjusted(0, 1.6 * u, 0, 0);
  const std::uint32_t parallelism = std::max<std::uint32_t>(1, t.parallelism);
  const int n = static_cast<int>(parallelism);
  const double w = std::min(2.8 * u, row.width() / n);
  // Comparators working this cycle: the last batch of the round input.
  const std::uint32_t inBatch = t.compared == 0 ? 0 : ((t.compared - 1) % parallelism) + 1;
  const bool active = t.phase == QStringLiteral("rounds") && t.compared > 0;
  for (int i = 0; i < n; ++i) {
    const QRectF box(row.left() + i * w + 2, row.top(), w - 4, std::min(2 * u, row.height()));
    const QColor fill =
        active && static_cast<std::uint32_t>(i) < inBatch ? stateBusyColor() : look.idleFill();
    p.setPen(QPen(look.foreground(), look.mark()));
    p.setBrush(fill);
    p.drawRect(box);
    p.setPen(contrastingText(fill));
    p.drawText(box, Qt::AlignCenter, QStringLiteral("\u2277"));
  }
  const double frac = t.roundInput ? static_cast<double>(t.compared) / t.roundInput : 0.0;
  gauge(p, QRectF(row.left(), row.top() + 2.5 * u, row.width() * 0.6, 0.9 * u), frac,
        stateBusyColor(), look);
}

void TopKView::drawFifos(QPainter& p, const QRectF& r) const {
  const Appearance& look = m_session->appearance();
  const double u = unit();
  const TopKFrame& t = m_session->frame()->topk;
  title(
      p, r,
      QStringLiteral("FIFOs after this round (bar: share of its %1 inputs; capacity %2)")
          .arg(t.roundInput)
          .arg(t.fifoCapacity),
      font(), look.foreground(),
      QStringLiteral("FIFOs (share of %1 inputs; cap. %2)").arg(t.roundInput).arg(t.fifoCapacity));
  const double cap = std::max<double>(1, t.roundInput);
  const double lineH = 1.4 * u;
  const QFontMetricsF fm(font());
  const double nameW = fm.horizontalAdvance(QStringLiteral("FIFO_L (< pivot)")) + 0.5 * u;
  const double countW = fm.horizontalAdvance(QStringLiteral("00000")) + 0.5 * u;
  struct Row {
    QString name;
    std::uint32_t count;
    QColor colour;
  };
  // Algorithm 3: FIFO_L collects items < pivot, FIFO_R items > pivot (core/functional/topk.h).
  const Row rows[] = {{QStringLiteral("FIFO_R (> pivot)"), t.rightSize, kLarger},
                      {QStringLiteral("equal (= pivot)"), t.eqCount, kEqual},
                      {QStringLiteral("FIFO_L (< pivot)"), t.leftSize, kSmaller}};
  double y = r.top() + 1.6 * u;
  for (const Row& row : rows) {
    p.setPen(look.foreground());
    p.drawText(QRectF(r.left(), y, nameW, lineH), Qt::AlignVCenter, row.name);
    const QRectF bar(r.left() + nameW, y + 0.2 * u, std::max(u, r.width() - nameW - countW),
                     lineH - 0.4 * u);
    gauge(p, bar, row.count / cap, row.colour, look);
    p.setPen(look.foreground());
    p.drawText(QRectF(bar.right() + 0.3 * u, y, countW, lineH), Qt::AlignVCenter,
               QString::number(row.count));
    y += lineH + 0.25 * u;
  }
}

void TopKView::drawZeroEliminator(QPainter& p, const QRectF& r) const {
  const Appearance& look = m_session->appearance();
  const double u = unit();
  const TopKFrame& t = m_session->frame()->topk;
  const TopKRoundData d = topkRoundData(t);
  title(p, r,
        QStringLiteral("Zero eliminator: this cycle's batch compacted (drain stage %1 of %2)")
            .arg(t.zeStage)
            .arg(t.zeStages),
        font(), look.foreground(),
        QStringLiteral("Zero eliminator (drain stage %1 of %2)").arg(t.zeStage).arg(t.zeStages));
  const int n = static_cast<int>(std::max<std::uint32_t>(1, t.parallelism));
  const double labelW =
      QFontMetricsF(font()).horizontalAdvance(QStringLiteral("\u2192 FIFO_R ")) + 4;
  const double w = std::min(1.8 * u, (r.width() - labelW) / n);
  const double h = std::min(1.3 * u, (r.height() - 1.8 * u) / 3.0 - 4);
  const double top = r.top() + 1.6 * u;
  // Row 0: comparator lanes (the batch, by side); rows 1-2: the compacted FIFO_L / FIFO_R writes.
  const auto slot = [&](int row, int i, const QColor& c, const QString& text) {
    const QRectF box(r.left() + labelW + i * w + 1, top + row * (h + 4), w - 2, h);
    p.setPen(QPen(look.foreground(), look.mark()));
    p.setBrush(c);
    p.drawRect(box);
    p.setPen(contrastingText(c));
    p.drawText(box, Qt::AlignCenter, text);
  };
  const QString rowNames[] = {QStringLiteral("lanes"), QStringLiteral("\u2192 FIFO_L"),
                              QStringLiteral("\u2192 FIFO_R")};
  for (int row = 0; row < 3; ++row) {
    p.setPen(look.foreground());
    p.drawText(QRectF(r.left(), top + row * (h + 4), labelW - 4, h), Qt::AlignVCenter,
               rowNames[row]);
  }
  const auto colourOf = [&](std::uint32_t pos) {
    return d.side[pos] > 0 ? kLarger : (d.side[pos] == 0 ? kEqual : kSmaller);
  };
  for (int i = 0; i < n; ++i) {
    const std::uint32_t pos = d.batchBegin + static_cast<std::uint32_t>(i);
    const bool used = d.known && pos < d.batchEnd;
    slot(0, i, used ? colourOf(pos) : look.idleFill(),
         used ? QString::number(d.indices[pos]) : QString());
  }
  for (std::size_t i = 0; i < static_cast<std::size_t>(n); ++i) {
    const bool l = i < d.toLeft.size(), rr = i < d.toRight.size();
    slot(1, static_cast<int>(i), l ? kSmaller : look.idleFill(),
         l ? QString::number(d.indices[d.toLeft[i]]) : QString());
    slot(2, static_cast<int>(i), rr ? kLarger : look.idleFill(),
         rr ? QString::number(d.indices[d.toRight[i]]) : QString());
  }
}

QString TopKView::headline() const {
  const auto& f = m_session->frame();
  if (!f) return m_session->emptyFrameText();
  const TopKFrame& t = f->topk;
  const bool dummy = t.phase.startsWith(QStringLiteral("dummy"));
  if (t.request < 0)
    return QStringLiteral("Cycle %1 \u00b7 top-k engine idle: %2")
        .arg(f->cycle)
        .arg(f->finished ? QStringLiteral("the run is over")
                         : QStringLiteral("no request has reached it yet"));
  return dummy ? QStringLiteral(
                     "Cycle %1 \u00b7 RTL harness top-k: %2 \u00b7 request %3 \u00b7 "
                     "keep k=%4 of n=%5 \u00b7 filled %6")
                     .arg(f->cycle)
                     .arg(t.phase.mid(6))
                     .arg(t.request)
                     .arg(t.k)
                     .arg(t.inputSize)
                     .arg(t.filled)
               : QStringLiteral(
                     "Cycle %1 \u00b7 top-k engine %2 \u00b7 request %3 \u00b7 keep k=%4 of "
                     "n=%5 \u00b7 %6 \u00b7 filled %7")
                     .arg(f->cycle)
                     .arg(t.phase)
                     .arg(t.request)
                     .arg(t.k)
                     .arg(t.inputSize)
                     .arg(roundText(t))
                     .arg(t.filled);
}

void TopKView::paintEvent(QPaintEvent*) {
  QPainter p(this);
  p.setRenderHint(QPainter::Antialiasing);
  const Appearance& look = m_session->appearance();
  const double u = unit();
  p.fillRect(rect(), look.background());
  const auto& f = m_session->frame();
  p.setFont(headlineFont(font()));
  p.setPen(look.foreground());
  if (!f) {
    p.drawText(rect().adjusted(u, 0, -u, 0), Qt::AlignCenter | Qt::TextWordWrap, headline());
    return;
  }
  const TopKFrame& t = f->topk;
  const bool dummy = t.phase.startsWith(QStringLiteral("dummy"));
  const QRectF headBox(u, 0.4 * u, width() - 2 * u, 2.2 * u);
  p.setFont(fitHeight(headlineFont(font()), headline(), headBox.width(), headBox.height()));
  p.drawText(headBox, Qt::AlignVCenter | Qt::TextWordWrap, headline());
  // The shared selection: the engine's request is the selected one, or where to step to see it.
  const int sel = m_session->selection().request;
  p.setFont(font());
  p.setPen(sel >= 0 && sel == t.request ? okabeIto(6) : look.muted());
  p.drawText(
      QRectF(u, height() - 1.6 * u, width() - 2 * u, 1.4 * u), Qt::AlignLeft | Qt::AlignVCenter,
      sel < 0            ? QString()
      : sel == t.request ? QStringLiteral("selected request %1 is in the engine").arg(sel)
      : t.request < 0
          ? QStringLiteral("selected request %1 (the engine is idle; F8 steps queries)").arg(sel)
          : QStringLiteral("selected request %1 (engine: request %2; F8 steps queries)")
                .arg(sel)
                .arg(t.request));
  p.setPen(look.foreground());
  if (dummy) {  // RTL harness model: no rounds to draw
    p.drawText(QRectF(u, 3 * u, width() - 2 * u, height() - 5 * u),
               Qt::AlignCenter | Qt::TextWordWrap,
               QStringLiteral("RTL harness top-k (Hardware \u25b8 RTL harness top-k): the Alg. 3 "
                              "engine is not simulated. Request %1 waits its TopKLatencyModel "
                              "latency at the head of TopKDummy's data FIFO (%2), then pops one "
                              "beat per cycle: %3 of %4 elements passed. Turn the option off to "
                              "step through the engine's rounds.")
                   .arg(t.request)
                   .arg(t.phase.mid(6))
                   .arg(t.scanned)
                   .arg(t.inputSize));
    return;
  }
  // Layout in font-height units u (scales with the zoom): headline 2.8u, footer 1.8u; the
  // comparators need ~5u, the FIFO and zero-eliminator row ~6.4u; the input plot gets the rest.
  const double w = width() - 2 * u;
  const double top = 2.8 * u;
  const double bottom = height() - 1.8 * u;
  const double lower = std::max(6.4 * u, (bottom - top) * 0.3);
  const double comparators = 5 * u;
  const double input = std::max(4 * u, bottom - top - lower - comparators - u);
  drawInput(p, QRectF(u, top, w, input));
  drawComparators(p, QRectF(u, top + input + 0.5 * u, w, comparators));
  const double y = top + input + comparators + u;
  drawFifos(p, QRectF(u, y, w * 0.46, lower));
  drawZeroEliminator(p, QRectF(u + w * 0.5, y, w * 0.5, lower));
}

QString TopKView::csv() const {
  QString out = QStringLiteral(
      "cycle,phase,request,n,k,round,rounds,round_input,compared,left,right,equal,pivot,ze_stage,"
      "ze_stages,parallelism,fifo_capacity\n");
  const auto& f = m_session->frame();
  if (!f) return out;
  const TopKFrame& t = f->topk;
  out += QStringLiteral("%1,%2,%3,%4,%5,%6,%7,%8,%9,")
             .arg(f->cycle)
             .arg(t.phase)
             .arg(t.request)
             .arg(t.inputSize)
             .arg(t.k)
             .arg(t.round)
             .arg(t.rounds)
             .arg(t.roundInput)
             .arg(t.compared);
  out += QStringLiteral("%1,%2,%3,%4,%5,%6,%7,%8\n")
             .arg(t.leftSize)
             .arg(t.rightSize)
             .arg(t.eqCount)
             .arg(static_cast<double>(t.pivot), 0, 'g', 8)
             .arg(t.zeStage)
             .arg(t.zeStages)
             .arg(t.parallelism)
             .arg(t.fifoCapacity);
  return out;
}

}  // namespace spatten::views
