#pragma once
// The GUI-thread session: the current analysis, the current simulator frame and the linked
// selection. Every view connects to it; a click in one view calls a select*() method and every
// other view follows through selectionChanged. Thread: GUI thread only.

#include <QObject>

#include "views/common/appearance.h"
#include "views/common/sim_frame.h"
#include "views/common/view_data.h"

namespace spatten::views {

// Compare mode (Compare menu): configuration A is the one of the panels, B a pinned one computed
// on the same model and text. The views show A, B, or A - B (the difference).
enum class CompareMode { A = 0, B = 1, Diff = 2 };

class SessionModel : public QObject {
  Q_OBJECT
public:
  explicit SessionModel(QObject* parent = nullptr);

  // What the views show: B's analysis and frame in CompareMode::B, else A's. In Diff the views
  // that can draw a difference read analysisB() / frameB() too.
  const AnalysisPtr& analysis() const {
    return m_mode == CompareMode::B ? m_analysisB : m_analysis;
  }
  const SimFramePtr& frame() const { return m_mode == CompareMode::B ? m_frameB : m_frame; }
  const AnalysisPtr& analysisA() const { return m_analysis; }
  const SimFramePtr& frameA() const { return m_frame; }

  // Compare mode. hasCompare(): a configuration B is pinned (its results may still be coming).
  bool hasCompare() const { return m_hasCompare; }
  CompareMode compareMode() const { return m_hasCompare ? m_mode : CompareMode::A; }
  const AnalysisPtr& analysisB() const { return m_analysisB; }
  const SimFramePtr& frameB() const { return m_frameB; }
  const QString& compareReason() const { return m_compareReason; }  // why B has no result
  // One-line descriptions of the configurations ("spatten-gpt2, policy h2o"), for labels.
  const QString& labelA() const { return m_labelA; }
  const QString& labelB() const { return m_labelB; }
  void startCompare(const QString& labelA, const QString& labelB);  // B's results follow
  void setCompareLabels(const QString& labelA, const QString& labelB);
  void setAnalysisB(AnalysisPtr analysis);
  void setFrameB(SimFramePtr frame);
  void clearAnalysisB(const QString& reason);  // B could not be computed (or was cancelled)
  void clearFrameB(const QString& reason);
  void clearCompare();                    // leaves compare mode (mode A)
  void setCompareMode(CompareMode mode);  // ignored without a pinned B
  const Selection& selection() const { return m_selection; }

  void setAnalysis(AnalysisPtr analysis);  // clamps the selection to the new shape
  void setFrame(SimFramePtr frame);
  // Empties the views and says why: clearAnalysis drops the analysis and the frame (the model or
  // text could not be run), clearFrame only the simulator frame (no SpAtten run, or the simulator
  // could not be built). The reason stays until the next setAnalysis / setFrame.
  void clearAnalysis(const QString& reason);
  void clearFrame(const QString& reason);
  // Why there is no analysis / no frame ("" when there is one, or nothing was computed yet).
  const QString& analysisReason() const { return m_analysisReason; }
  const QString& frameReason() const { return m_frameReason; }
  // How the views draw (zoom, theme, contrast); appearanceChanged when it changes.
  const Appearance& appearance() const { return m_appearance; }
  void setAppearance(const Appearance& appearance);
  // What a view shows when it has nothing to draw: "No result yet" or "No result: <reason>".
  QString emptyAnalysisText() const;
  QString emptyFrameText() const;
  void setSelection(const Selection& selection);

  void selectLayerHead(int layer, int head);
  void selectToken(int token);
  void selectIteration(int iteration);
  void selectRequest(int request);  // also moves layer/head/token/iteration to the request's

  // Follow mode (Simulation > Selection follows the simulator): a shown frame whose cursor (the
  // Q x K unit's request) differs from the last one followed selects that request, so the views
  // that draw one layer, head or pass draw what the simulator works on. A selection made between
  // frames (a click, a spin box) stays until the cursor moves to another request. Turning it on
  // follows the shown frame at once.
  void setFollowFrame(bool follow);
  bool followsFrame() const { return m_follow; }

signals:
  void analysisChanged();
  void frameChanged();
  void selectionChanged();
  void appearanceChanged();
  // Compare mode started or ended, the mode changed, or B's analysis or frame changed.
  void compareChanged();
  void frameBChanged();  // B's simulator frame (stepping in compare mode)

private:
  Selection clamped(Selection s) const;
  void follow(const SimFramePtr& frame);  // follow mode: select the frame's request if new

  AnalysisPtr m_analysis;
  SimFramePtr m_frame;
  Selection m_selection;
  QString m_analysisReason;
  QString m_frameReason;
  Appearance m_appearance;
  bool m_hasCompare = false;
  CompareMode m_mode = CompareMode::A;
  AnalysisPtr m_analysisB;
  SimFramePtr m_frameB;
  QString m_compareReason, m_labelA, m_labelB;
  bool m_follow = false;
  std::int64_t m_followed = -1;  // the request last selected by follow mode (-1: none)
};

}  // namespace spatten::views
