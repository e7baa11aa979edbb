#pragma once
// View (3) the local-value top-k engine (module 10, paper Fig. 9 / Alg. 3) at the current cycle:
// the request's attention probabilities with the round's pivot (bars coloured larger / equal /
// smaller than the pivot), the comparator array's progress through the round input, FIFO_L and
// FIFO_R fill, the equal count, round r of R, and the zero eliminator's compaction stages.
// Custom painted from SimFrame::topk. Thread: GUI thread.

#include <QWidget>

class QPainter;

namespace spatten::views {

class SessionModel;

class TopKView : public QWidget {
  Q_OBJECT
public:
  explicit TopKView(SessionModel* session, QWidget* parent = nullptr);
  // The current cycle's engine state as CSV, with the engine's parallelism (P) and FIFO capacity
  // as the simulator's snapshot reports them.
  QString csv() const;
  // The line above the engine (cycle, phase, request, k of n, round).
  QString headline() const;

protected:
  void paintEvent(QPaintEvent* event) override;

private:
  void drawInput(QPainter& p, const QRectF& r) const;
  void drawComparators(QPainter& p, const QRectF& r) const;
  void drawFifos(QPainter& p, const QRectF& r) const;
  void drawZeroEliminator(QPainter& p, const QRectF& r) const;
  double unit() const;  // layout unit: the font's line height (scales with the zoom)

  SessionModel* m_session;
};

}  // namespace spatten::views
