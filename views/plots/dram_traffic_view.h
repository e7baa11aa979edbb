#pragma once
// View (5) DRAM traffic: bytes per layer, SpAtten stacked by kind (K MSB, K LSB, V, Q) next to
// the dense baseline (static 12-bit Q/K/V, no pruning), summed over all passes. Units: KiB.
// Thread: GUI thread.

#include <QWidget>

#include <array>

#include "views/common/view_data.h"

class QCPBars;
class QCustomPlot;
class QLabel;

namespace spatten::views {

class SessionModel;

class DramTrafficView : public QWidget {
  Q_OBJECT
public:
  explicit DramTrafficView(SessionModel* session, QWidget* parent = nullptr);

  QCustomPlot* plot() const { return m_plot; }
  // Sums of the plotted bars, in bytes (tests compare them to core's DRAM report).
  double plottedSpattenBytes() const;
  double plottedDenseBytes() const;
  QString csv() const;

private:
  void rebuild();

  SessionModel* m_session;
  QCustomPlot* m_plot;
  QLabel* m_info;
  std::array<QCPBars*, kDramKinds> m_kinds{};
  QCPBars* m_dense;
};

}  // namespace spatten::views
