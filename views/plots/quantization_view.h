#pragma once
// View (4) progressive quantization: left, every request's max attention probability with
// MSB-only keys (x = request in processing order) against the requant threshold; requests that
// refetched their key LSBs are marked (vermillion crosses). Right, the selected request's
// MSB-only and full-precision probability rows side by side. Click a point to select a request.
// Thread: GUI thread.

#include <QWidget>

class QCPBars;
class QCPGraph;
class QCPItemStraightLine;
class QCPTextElement;
class QCustomPlot;
class QLabel;

namespace spatten::views {

class PlotEmptyState;
class SessionModel;

class QuantizationView : public QWidget {
  Q_OBJECT
public:
  explicit QuantizationView(SessionModel* session, QWidget* parent = nullptr);

  QCustomPlot* scatterPlot() const { return m_scatter; }
  QCustomPlot* rowPlot() const { return m_rows; }
  QCPGraph* keptGraph() const { return m_kept; }
  QCPGraph* refetchGraph() const { return m_refetch; }
  QString scatterCsv() const;
  QString rowsCsv() const;
  QString rowTitle() const;  // the rows plot's title as drawn (wrapped to the plot's width)

private:
  void rebuildScatter();
  void rebuildRows();
  void applyAppearance();
  void onScatterClick(QMouseEvent* event);
  void wrapRowTitle();  // m_rowTitleText broken into lines of the rows plot's width

  SessionModel* m_session;
  QCustomPlot* m_scatter;
  QCustomPlot* m_rows;
  QCPGraph* m_kept;
  QCPGraph* m_refetch;
  QCPGraph* m_selected;
  QCPItemStraightLine* m_threshold;
  QCPBars* m_msbBars;
  QCPBars* m_fullBars;
  QCPTextElement* m_rowTitle;
  QString m_rowTitleText;          // unwrapped
  PlotEmptyState* m_scatterEmpty;  // no SpAtten run
  PlotEmptyState* m_rowsEmpty;     // no request selected
  QLabel* m_info;
};

}  // namespace spatten::views
