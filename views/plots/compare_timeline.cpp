#include "views/plots/compare_timeline.h"

#include <qcustomplot.h>

#include <QLabel>
#include <QScrollArea>
#include <QVBoxLayout>
#include <algorithm>

#include "views/common/session_model.h"
#include "views/plots/timeline_view.h"

namespace spatten::views {
namespace {

QLabel* caption(QWidget* parent, const QString& name) {
  auto* l = new QLabel(parent);
  l->setObjectName(name);
  l->setWordWrap(true);
  l->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
  QFont f = l->font();
  f.setBold(true);
  l->setFont(f);
  return l;
}

}  // namespace

CompareTimeline::CompareTimeline(SessionModel* session, QWidget* parent)
    : QWidget(parent), m_session(session) {
  setObjectName(QStringLiteral("compareTimeline"));
  // In a scroll area: each timeline keeps plots tall enough to read (TimelineView's minimum
  // heights), and A - B's two timelines scroll in a short window instead of being squeezed until
  // the module rows overlapped (1600x1000 with the Compare dock below the views).
  auto* outer = new QVBoxLayout(this);
  outer->setContentsMargins(0, 0, 0, 0);
  auto* scroll = new QScrollArea(this);
  scroll->setObjectName(QStringLiteral("timelineScroll"));
  scroll->setWidgetResizable(true);
  scroll->setFrameShape(QFrame::NoFrame);
  scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  auto* content = new QWidget(scroll);
  auto* layout = new QVBoxLayout(content);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->setSpacing(2);
  m_captionA = caption(content, QStringLiteral("timelineCaptionA"));
  m_a = new TimelineView(session, content);
  m_captionB = caption(content, QStringLiteral("timelineCaptionB"));
  m_b = new TimelineView(session, content, true);
  layout->addWidget(m_captionA);
  layout->addWidget(m_a, 1);
  layout->addWidget(m_captionB);
  layout->addWidget(m_b, 1);
  scroll->setWidget(content);
  outer->addWidget(scroll);
  // Every plot's x range follows any other's (zoom / pan together); setRange with the same range
  // emits nothing, so the chain ends.
  const QList<QCustomPlot*> plots = {m_a->activityPlot(), m_a->dramPlot(), m_b->activityPlot(),
                                     m_b->dramPlot()};
  for (QCustomPlot* from : plots)
    for (QCustomPlot* to : plots) {
      if (from == to) continue;
      connect(from->xAxis, qOverload<const QCPRange&>(&QCPAxis::rangeChanged), to,
              [this, to](const QCPRange& r) {
                if (m_b->isHidden() || to->xAxis->range() == r) return;
                to->xAxis->setRange(r);
                to->replot(QCustomPlot::rpQueuedReplot);
              });
    }
  // Connected after the timelines' own handlers: they have rebuilt when these run.
  connect(session, &SessionModel::compareChanged, this, &CompareTimeline::update);
  connect(session, &SessionModel::frameChanged, this, &CompareTimeline::align);
  connect(session, &SessionModel::frameBChanged, this, &CompareTimeline::align);
  update();
}

void CompareTimeline::update() {
  const bool diff = m_session->compareMode() == CompareMode::Diff;
  m_captionA->setVisible(diff);
  m_captionB->setVisible(diff);
  m_b->setVisible(diff);
  m_captionA->setText(QStringLiteral("A: %1").arg(m_session->labelA()));
  m_captionB->setText(QStringLiteral("B: %1").arg(m_session->labelB()));
  m_alignedA = m_alignedB = nullptr;
  align();
}

void CompareTimeline::align() {
  if (m_session->compareMode() != CompareMode::Diff) return;
  const double end = std::max(m_a->lastCycle(), m_b->lastCycle());
  // Keep the user's zoom until a timeline changes.
  if (end <= 0 || (m_alignedA == m_a->shownTimeline() && m_alignedB == m_b->shownTimeline()))
    return;
  m_alignedA = m_a->shownTimeline();
  m_alignedB = m_b->shownTimeline();
  for (QCustomPlot* p :
       {m_a->activityPlot(), m_a->dramPlot(), m_b->activityPlot(), m_b->dramPlot()}) {
    p->xAxis->setRange(0, end);
    p->replot(QCustomPlot::rpQueuedReplot);
  }
}

}  // namespace spatten::views
