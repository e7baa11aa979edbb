#include "views/common/session_model.h"

#include <algorithm>

namespace spatten::views {

SessionModel::SessionModel(QObject* parent) : QObject(parent) {}

void SessionModel::setAnalysis(AnalysisPtr analysis) {
  m_analysis = std::move(analysis);
  if (m_analysis) m_analysisReason.clear();
  const Selection s = clamped(m_selection);
  const bool selChanged = !(s == m_selection);
  m_selection = s;
  m_followed = -1;  // request indices of another analysis
  emit analysisChanged();
  if (selChanged) emit selectionChanged();
}

void SessionModel::setFrame(SimFramePtr frame) {
  m_frame = std::move(frame);
  if (m_frame) m_frameReason.clear();
  // Before frameChanged: its handlers see the followed selection and may set their own.
  if (compareMode() != CompareMode::B) follow(m_frame);
  emit frameChanged();
}

void SessionModel::setFollowFrame(bool follow) {
  m_follow = follow;
  m_followed = -1;
  this->follow(frame());
}

void SessionModel::follow(const SimFramePtr& frame) {
  if (!m_follow || !frame || frame->request < 0 || frame->request == m_followed) return;
  m_followed = frame->request;
  selectRequest(static_cast<int>(frame->request));
}

void SessionModel::clearAnalysis(const QString& reason) {
  m_analysisReason = reason;
  m_frameReason = reason;
  m_analysis.reset();
  m_frame.reset();
  emit analysisChanged();
  emit frameChanged();
}

void SessionModel::clearFrame(const QString& reason) {
  m_frameReason = reason;
  m_frame.reset();
  emit frameChanged();
}

void SessionModel::setAppearance(const Appearance& appearance) {
  if (appearance == m_appearance) return;
  m_appearance = appearance;
  emit appearanceChanged();
}

QString SessionModel::emptyAnalysisText() const {
  return m_analysisReason.isEmpty() ? QStringLiteral("No result yet")
                                    : QStringLiteral("No result: %1").arg(m_analysisReason);
}

QString SessionModel::emptyFrameText() const {
  return m_frameReason.isEmpty() ? QStringLiteral("No simulation yet")
                                 : QStringLiteral("No simulation: %1").arg(m_frameReason);
}

void SessionModel::setSelection(const Selection& selection) {
  const Selection s = clamped(selection);
  if (s == m_selection) return;
  m_selection = s;
  emit selectionChanged();
}

void SessionModel::selectLayerHead(int layer, int head) {
  Selection s = m_selection;
  s.layer = layer;
  s.head = head;
  setSelection(s);
}

void SessionModel::selectToken(int token) {
  Selection s = m_selection;
  s.token = token;
  setSelection(s);
}

void SessionModel::selectIteration(int iteration) {
  Selection s = m_selection;
  s.iteration = iteration;
  setSelection(s);
}

void SessionModel::selectRequest(int request) {
  Selection s = m_selection;
  s.request = request;
  if (analysis() && request >= 0 && request < static_cast<int>(analysis()->requests.size())) {
    const RequestInfo& r = analysis()->requests[static_cast<std::size_t>(request)];
    s.iteration = r.iteration;
    s.layer = r.layer;
    s.head = r.head;
    s.token = r.query;
  }
  setSelection(s);
}

Selection SessionModel::clamped(Selection s) const {
  if (!analysis()) return s;
  const AnalysisData& a = *analysis();
  s.layer = std::clamp(s.layer, 0, std::max(0, a.layers - 1));
  s.head = std::clamp(s.head, 0, std::max(0, a.heads - 1));
  const int passes = a.passCount;
  s.iteration = std::clamp(s.iteration, 0, std::max(0, passes - 1));
  if (s.token >= static_cast<int>(a.tokens.size())) s.token = -1;
  if (s.request >= static_cast<int>(a.requests.size())) s.request = -1;
  return s;
}

void SessionModel::startCompare(const QString& labelA, const QString& labelB) {
  m_hasCompare = true;
  m_labelA = labelA;
  m_labelB = labelB;
  m_analysisB.reset();
  m_frameB.reset();
  m_compareReason = QStringLiteral("B is being computed");
  emit compareChanged();
  if (m_mode == CompareMode::B) {
    emit analysisChanged();
    emit frameChanged();
  }
  emit frameBChanged();
}

void SessionModel::setCompareLabels(const QString& labelA, const QString& labelB) {
  if (labelA == m_labelA && labelB == m_labelB) return;
  m_labelA = labelA;
  m_labelB = labelB;
  if (m_hasCompare) emit compareChanged();
}

void SessionModel::setAnalysisB(AnalysisPtr analysis) {
  m_analysisB = std::move(analysis);
  m_compareReason.clear();
  emit compareChanged();
  if (compareMode() == CompareMode::B) emit analysisChanged();
}

void SessionModel::setFrameB(SimFramePtr frame) {
  m_frameB = std::move(frame);
  if (compareMode() == CompareMode::B) {
    follow(m_frameB);
    emit frameChanged();
  }
  emit frameBChanged();
}

void SessionModel::clearAnalysisB(const QString& reason) {
  m_compareReason = reason;
  m_analysisB.reset();
  m_frameB.reset();
  emit compareChanged();
  if (compareMode() == CompareMode::B) {
    emit analysisChanged();
    emit frameChanged();
  }
  emit frameBChanged();
}

void SessionModel::clearFrameB(const QString& reason) {
  m_compareReason = reason;
  m_frameB.reset();
  if (compareMode() == CompareMode::B) emit frameChanged();
  emit frameBChanged();
}

void SessionModel::clearCompare() {
  const bool wasB = compareMode() == CompareMode::B;
  m_hasCompare = false;
  m_mode = CompareMode::A;
  m_analysisB.reset();
  m_frameB.reset();
  m_compareReason.clear();
  emit compareChanged();
  emit frameBChanged();
  if (wasB) {
    emit analysisChanged();
    emit frameChanged();
  }
}

void SessionModel::setCompareMode(CompareMode mode) {
  if (!m_hasCompare || mode == m_mode) return;
  m_mode = mode;
  // A's and B's requests are numbered apart: follow mode selects the shown frame's cursor.
  m_followed = -1;
  follow(frame());
  emit compareChanged();
  emit analysisChanged();  // the views switch between A's and B's data
  emit frameChanged();
}

}  // namespace spatten::views
