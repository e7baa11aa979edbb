#include "app/gui/status_panel.h"

#include <QLabel>
#include <QPainter>
#include <QStatusBar>
#include <algorithm>

#include "app/gui/simulation_controller.h"
#include "views/common/session_model.h"

namespace spatten::app {

// A one-line label that asks for the width of its widest text to come (setReserve), not of the
// text it shows: stepping changes the cycle and cursor texts every frame, and a label that grew
// with them narrowed the state label beside it until it wrapped, and the whole window jumped by a
// line (at 1280 px: on the first F6, "no request yet" -> "pass 0 · layer 1 ...").
class ReservingLabel : public QLabel {
public:
  using QLabel::QLabel;
  void setReserve(const QString& widest) {
    if (widest == m_reserve) return;
    m_reserve = widest;
    updateGeometry();
  }
  QSize sizeHint() const override {
    QSize s = QLabel::sizeHint();
    const QMargins m = contentsMargins();
    s.setWidth(std::max(s.width(), fontMetrics().horizontalAdvance(m_reserve) + m.left() +
                                       m.right() + 2 * margin()));
    return s;
  }

private:
  QString m_reserve;
};

namespace {
constexpr int kStateMinWidth = 360;  // px
constexpr int kStateMaxLines = 4;

// Word-wrapped label whose height is the lines its text needs at its current width (at most
// kStateMaxLines), without height-for-width: a status bar sizes its widgets from sizeHint(), and
// a plain wrapping QLabel would ask for its height at its minimum width (a huge status bar).
class StateLabel : public QLabel {
public:
  using QLabel::QLabel;
  bool hasHeightForWidth() const override { return false; }
  QSize sizeHint() const override { return {kStateMinWidth, linesHeight()}; }
  QSize minimumSizeHint() const override { return {kStateMinWidth, linesHeight()}; }

protected:
  void resizeEvent(QResizeEvent* event) override {
    QLabel::resizeEvent(event);
    if (height() != linesHeight()) updateGeometry();
  }

private:
  int linesHeight() const {
    const QFontMetrics fm(font());
    // The width the status bar gave the label (kStateMinWidth before the first layout); QLabel's
    // margins: wrap early.
    const int given = testAttribute(Qt::WA_Resized) ? width() : kStateMinWidth;
    const int w = std::max(48, given - 16);
    const QRect r = fm.boundingRect(QRect(0, 0, w, 10000), Qt::TextWordWrap, text());
    return std::min(r.height(), kStateMaxLines * fm.lineSpacing()) + 2;
  }
};

// A reserving label that gives way to the state label in a narrow window: it may shrink to a few
// characters and then draws its text elided (the full text is its tool tip and in text()).
class ElidingLabel : public ReservingLabel {
public:
  using ReservingLabel::ReservingLabel;
  QSize minimumSizeHint() const override {
    return {fontMetrics().horizontalAdvance(QStringLiteral("DRAM \u2026")),
            QLabel::minimumSizeHint().height()};
  }

protected:
  void paintEvent(QPaintEvent*) override {
    QPainter p(this);
    p.setPen(palette().color(foregroundRole()));
    const QRect r = contentsRect();
    p.drawText(r, Qt::AlignVCenter | Qt::AlignLeft,
               fontMetrics().elidedText(text(), Qt::ElideRight, r.width()));
  }
};

// `n` as digits of the same width as its own ("0" for each): the widest a number up to n prints.
QString zeros(long long n) {
  return QString(QString::number(std::max(0LL, n)).size(), QLatin1Char('0'));
}
}  // namespace

StatusPanel::StatusPanel(QStatusBar* bar, views::SessionModel* session,
                         SimulationController* controller)
    : QObject(bar), m_session(session), m_controller(controller) {
  auto add = [bar](const QString& name, bool elides = true) {
    ReservingLabel* l = elides ? new ElidingLabel(bar) : new ReservingLabel(bar);
    l->setObjectName(name);
    bar->addPermanentWidget(l);
    return l;
  };
  m_state = new StateLabel(bar);
  m_state->setObjectName(QStringLiteral("statusState"));
  // The error is shown in full (issue 13, bug 3): the label wraps rather than eliding, and never
  // makes the window wider.
  m_state->setWordWrap(true);
  m_state->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
  // Its width comes first: the cycle, cursor, DRAM and fidelity labels elide below their text's
  // width (at 900 px they left it 130 px, and four lines did not hold the state).
  m_state->setMinimumWidth(kStateMinWidth);
  m_state->setTextInteractionFlags(Qt::TextSelectableByMouse);
  bar->addWidget(m_state, 1);
  // A temporary message takes the state label's place. QStatusBar hides the label only if it is
  // visible when the message comes, so a message sent before the window is shown (the model
  // switch of `--model DIR` at start-up) was drawn over the label; follow the message instead.
  connect(bar, &QStatusBar::messageChanged, m_state,
          [this](const QString& message) { m_state->setVisible(message.isEmpty()); });
  m_cycle = add(QStringLiteral("statusCycle"), false);  // short, and what stepping changes
  // QStatusBar cuts a long temporary message at the first permanent label without a gap
  // ("... Ctrl+1Cycle 0"): keep one.
  m_cycle->setContentsMargins(bar->fontMetrics().horizontalAdvance(QLatin1Char('M')), 0, 0, 0);
  m_cursor = add(QStringLiteral("statusCursor"));
  m_dram = add(QStringLiteral("statusDram"));
  m_fidelity = add(QStringLiteral("statusFidelity"));
  connect(session, &views::SessionModel::analysisChanged, this, &StatusPanel::update);
  connect(session, &views::SessionModel::frameChanged, this, &StatusPanel::update);
  connect(controller, &SimulationController::busyChanged, this, &StatusPanel::update);
  connect(controller, &SimulationController::analysisFailed, this, &StatusPanel::update);
  connect(controller, &SimulationController::timingsChanged, this, &StatusPanel::update);
  connect(controller, &SimulationController::message, bar,
          [bar](const QString& text) { bar->showMessage(text, 8000); });
  update();
}

QString StatusPanel::stateText() const {
  const auto& a = m_session->analysis();
  if (m_controller->isBusy()) return QStringLiteral("Computing\u2026 (Ctrl+. cancels)");
  if (!m_controller->lastError().isEmpty())
    return QStringLiteral("Error: %1").arg(m_controller->lastError());
  if (!a) return QStringLiteral("Ready");
  // Prompt and generated tokens separately: the pruning grid's pass 0 shows the prompt only.
  const int generated = static_cast<int>(a->tokens.size()) - a->promptLength;
  QString text = QStringLiteral("%1: %2 prompt + %3 generated tokens, %4 layers \u00d7 %5 heads")
                     .arg(a->modelName)
                     .arg(a->promptLength)
                     .arg(generated)
                     .arg(a->layers)
                     .arg(a->heads);
  const auto& t = m_controller->timings();
  if (t.analysisMs >= 0) {
    // A reused analysis (hardware-only edit, or an unchanged request) keeps its own time.
    const QString analysis =
        t.analysisReused ? QStringLiteral("analysis %1 ms, reused").arg(a->elapsedMs, 0, 'f', 0)
                         : QStringLiteral("analysis %1 ms").arg(t.analysisMs, 0, 'f', 0);
    text +=
        t.simulatorMs >= 0
            // The simulator's set-up to its first frame (cycle 0); the whole run follows in slices.
            ? QStringLiteral(" (%1, first frame %2 ms)").arg(analysis).arg(t.simulatorMs, 0, 'f', 0)
            : QStringLiteral(" (%1)").arg(analysis);
  }
  if (!a->hasSpatten)
    text += QStringLiteral(" \u00b7 No SpAtten run: %1").arg(a->spattenError);
  else if (!m_session->frame() && !m_session->frameReason().isEmpty())
    text += QStringLiteral(" \u00b7 No simulation: %1").arg(m_session->frameReason());
  return text;
}

QString StatusPanel::cursorText() const {
  const auto& f = m_session->frame();
  if (!f) return QStringLiteral("no simulator");
  if (f->request < 0 || f->layer < 0)
    return f->finished ? QStringLiteral("run finished") : QStringLiteral("no request yet");
  return QStringLiteral("pass %1 \u00b7 layer %2 \u00b7 head %3 \u00b7 query %4")
      .arg(f->iteration)
      .arg(f->layer)
      .arg(f->head)
      .arg(f->query);
}

void StatusPanel::update() {
  const auto& a = m_session->analysis();
  const auto& f = m_session->frame();
  const QString state = stateText();
  m_state->setText(state);
  m_state->updateGeometry();
  m_state->setToolTip(state);
  m_cycle->setText(f ? QStringLiteral("Cycle %1").arg(f->cycle) : QStringLiteral("Cycle \u2013"));
  m_cursor->setText(cursorText());
  // Widths that do not change while stepping: the digits of the run's last cycle (seven until
  // the timeline knows it; it comes right after the first frame), and the cursor's text with the
  // model's largest pass, layer, head and query.
  const long long last =
      f && f->timeline ? static_cast<long long>(f->timeline->lastCycle) : 9999999LL;
  m_cycle->setReserve(QStringLiteral("Cycle %1").arg(zeros(last)));
  m_cursor->setReserve(a ? QStringLiteral("pass %1 \u00b7 layer %2 \u00b7 head %3 \u00b7 query %4")
                               .arg(zeros(a->passCount - 1), zeros(a->layers - 1),
                                    zeros(a->heads - 1),
                                    zeros(static_cast<long long>(a->tokens.size()) - 1))
                         : QString());
  if (a && a->hasSpatten && a->dram.denseTotal() > 0) {
    const double ratio = a->dram.denseTotal() / std::max(1.0, a->dram.total());
    m_dram->setText(QStringLiteral("DRAM %1\u00d7 less than dense").arg(ratio, 0, 'f', 2));
  } else {
    m_dram->setText(QStringLiteral("DRAM \u2013"));
  }
  m_fidelity->setText(a && !a->fidelitySummary.isEmpty()
                          ? QStringLiteral("Fidelity: %1").arg(a->fidelitySummary)
                          : QStringLiteral("Fidelity \u2013"));
  for (QLabel* l : {m_cursor, m_dram, m_fidelity}) l->setToolTip(l->text());
}

QString StatusPanel::text() const {
  return QStringList{m_state->text(), m_cycle->text(), m_cursor->text(), m_dram->text(),
                     m_fidelity->text()}
      .join(QStringLiteral(" | "));
}

}  // namespace spatten::app
