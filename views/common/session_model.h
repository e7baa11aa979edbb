#pragma once
// The GUI-thread session: the current analysis, the current simulator frame and the linked
// selection. Every view connects to it; a click in one view calls a select*() method and every
// other view follows through selectionChanged. Thread: GUI thread only.

#include <QObject>

#include "views/common/appearance.h"
#include "views/common/sim_frame.h"
#include "views/common/view_data.h"

namespace spatten::views {

class SessionModel : public QObject {
  Q_OBJECT
public:
  explicit SessionModel(QObject* parent = nullptr);

  const AnalysisPtr& analysis() const { return m_analysis; }
  const SimFramePtr& frame() const { return m_frame; }
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

signals:
  void analysisChanged();
  void frameChanged();
  void selectionChanged();
  void appearanceChanged();

private:
  Selection clamped(Selection s) const;

  AnalysisPtr m_analysis;
  SimFramePtr m_frame;
  Selection m_selection;
  QString m_analysisReason;
  QString m_frameReason;
  Appearance m_appearance;
};

}  // namespace spatten::views
