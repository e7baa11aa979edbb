#pragma once
// View (10) the research summary: cycles of the whole pruned run against the dense configuration
// on the same hardware and the speedup, module utilization (busy / stalled / idle) with the
// bottleneck named, the energy breakdown by module and DRAM (core's energy model) and DRAM bytes
// by kind. Reads the RunSummary the worker attaches to the frames once both runs are simulated
// (views/common/run_summary.h); says why when there is none. Rich text in a read-only browser
// (zooms with the Appearance); export PNG / CSV from the context menu. Thread: GUI thread.

#include <QWidget>

#include "views/common/run_summary.h"

class QTextBrowser;

namespace spatten::views {

class SessionModel;

class SummaryView : public QWidget {
  Q_OBJECT
public:
  explicit SummaryView(SessionModel* session, QWidget* parent = nullptr);
  const RunSummaryPtr& summary() const { return m_summary; }  // what is shown (nullptr: none)
  QString html() const;
  QString csv() const;  // section,item,spatten,dense[,unit]

private:
  void onFrame();
  void rebuild();

  SessionModel* m_session;
  QTextBrowser* m_browser;
  RunSummaryPtr m_summary;
};

}  // namespace spatten::views
