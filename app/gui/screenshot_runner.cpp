#include "app/gui/screenshot_runner.h"

#include <cmath>

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QDir>
#include <QTabWidget>
#include <QThread>
#include <qcustomplot.h>

#include "app/gui/main_window.h"
#include "app/gui/simulation_controller.h"
#include "views/common/session_model.h"

namespace spatten::app {
namespace {
void pump(int ms) {
  pumpEvents(ms);
}
}  // namespace

void pumpEvents(int ms) {
  QDeadlineTimer until(ms);
  while (!until.hasExpired()) {
    QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
    QThread::msleep(5);
  }
}

void waitForViews(MainWindow* window, int timeoutMs) {
  QDeadlineTimer deadline(timeoutMs);
  pump(100);
  while (!deadline.hasExpired() &&
         (window->controller()->isBusy() || (!window->session()->analysis() &&
                                             window->controller()->lastError().isEmpty())))
    pump(50);
  // The whole-run timeline, then the research summary, follow the first simulator frame
  // (SimWorker computes both in slices).
  const auto timelineShown = [window] {
    const auto& a = window->session()->analysis();
    const auto& f = window->session()->frame();
    return !a || !a->hasSpatten || (f && f->timeline && f->summary);
  };
  while (!deadline.hasExpired() && !timelineShown()) pump(20);
}

int takeScreenshots(MainWindow* window, const QString& dir, int timeoutMs) {
  QDir().mkpath(dir);
  window->resize(1600, 1000);
  window->show();
  waitForViews(window, timeoutMs);
  pump(300);
  // Move the simulator to an instructive cycle: a third into the run, then on until the top-k
  // engine is partitioning (bounded), so the datapath and top-k views show work in progress
  views::SessionModel* session = window->session();
  if (session->frame() && session->frame()->timeline && session->frame()->timeline->lastCycle > 0) {
    window->controller()->seek(session->frame()->timeline->lastCycle / 3);
    QDeadlineTimer seekDeadline(10000);
    while (!seekDeadline.hasExpired() &&
           session->frame()->cycle != session->frame()->timeline->lastCycle / 3)
      pump(20);
    // ... and has compared its first batch (the view then colours the candidates).
    const auto partitioning = [session] {
      const views::TopKFrame& t = session->frame()->topk;
      return t.phase == QStringLiteral("rounds") && t.compared > 0 && !t.candidates.empty();
    };
    for (int i = 0; i < 400 && !partitioning(); ++i) {
      const std::uint64_t before = session->frame()->cycle;
      window->controller()->step(StepKind::Cycle);
      QDeadlineTimer stepDeadline(2000);
      while (!stepDeadline.hasExpired() && session->frame()->cycle == before) pump(5);
    }
    pump(100);
  }
  if (const auto& a = session->analysis()) {
    for (std::size_t i = 0; i < a->requests.size(); ++i) {
      if (a->requests[i].refetch) {
        session->selectRequest(static_cast<int>(i));
        break;
      }
    }
  }
  // The attention tab shows the sharpest head (lowest mean row entropy of the dense attention
  // over queries >= 8), the other tabs the refetching request selected above.
  int sharpLayer = -1, sharpHead = 0;
  if (const auto& a = session->analysis()) {
    double best = 1e30;
    for (int l = 0; l < a->layers; ++l)
      for (int h = 0; h < a->heads; ++h) {
        const views::Matrix& m = a->denseProbs[static_cast<std::size_t>(l * a->heads + h)];
        double ent = 0;
        int rows = 0;
        for (int q = 8; q < m.rows; ++q, ++rows)
          for (int k = 0; k < m.cols; ++k)
            if (const float p = m.at(q, k); p > 0) ent -= p * std::log(static_cast<double>(p));
        if (rows > 0 && ent / rows < best) {
          best = ent / rows;
          sharpLayer = l;
          sharpHead = h;
        }
      }
  }
  const auto selected = session->selection();
  int written = 0;
  QTabWidget* tabs = window->tabs();
  for (int i = 0; i < tabs->count(); ++i) {
    if (i == 0 && sharpLayer >= 0) session->selectLayerHead(sharpLayer, sharpHead);
    if (i == 1 && selected.request >= 0) session->selectRequest(selected.request);
    tabs->setCurrentIndex(i);
    pump(150);
    for (QCustomPlot* plot : tabs->widget(i)->findChildren<QCustomPlot*>())
      plot->replot(QCustomPlot::rpImmediateRefresh);
    pump(50);
    const QString name = QStringLiteral("%1/%2-%3.png")
                             .arg(dir)
                             .arg(i + 1, 2, 10, QLatin1Char('0'))
                             .arg(window->views()[static_cast<std::size_t>(i)].id);
    if (window->grab().save(name, "PNG")) ++written;
  }
  tabs->setCurrentIndex(0);
  return written;
}

}  // namespace spatten::app
