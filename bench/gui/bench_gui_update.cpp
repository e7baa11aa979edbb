// Responsiveness of SpAtten Studio (issue "GUI": views update within 100 ms of a parameter change).
// Builds the real MainWindow on the default bundled sample (offscreen when there is no display),
// then repeatedly edits one run parameter (token_keep_end, alternating two values) and measures
// the wall time from the edit to the moment the views show the new result:
//   edit -> (dispatched when the event loop regains control; no debounce delay) -> worker:
//   tokenizer + pruned SpAtten run (the dense run and the dense forward are cached: only a run
//   parameter changed) -> analysis published (semantic views rebuild) -> worker: simulator set
//   up, first frame published (simulator views rebuild) -> queued replots flushed and the window
//   repainted. That is the reported (manual) time. The whole-run timeline is computed afterwards
//   on the worker in slices and arrives in a later frame: counter "timeline_ms" (edit to the
//   timeline view rebuilt and the window repainted).
// Other counters: "analysis_ms" (edit to analysis shown) and "worker_ms" (the worker's own compute
// time for the analysis, from AnalysisData).
// BM_ViewsRebuild times the GUI thread's part alone (all views rebuilt from an unchanged result).
#include <benchmark/benchmark.h>

#include <QApplication>
#include <QDoubleSpinBox>
#include <QElapsedTimer>
#include <QThread>
#include <cstdio>
#include <cstdlib>

#include "app/gui/main_window.h"
#include "app/gui/parameters_panel.h"
#include "app/gui/simulation_controller.h"
#include "views/common/session_model.h"

using namespace spatten;

namespace {
app::MainWindow* g_window = nullptr;  // owned by main(); benchmark functions take no arguments

// Processes events until `done()` or `timeoutMs`; false on timeout.
template <typename F>
bool pumpUntil(F done, int timeoutMs) {
  QElapsedTimer t;
  t.start();
  while (!done()) {
    if (t.elapsed() > timeoutMs) return false;
    QCoreApplication::processEvents(QEventLoop::AllEvents, 1);
    QThread::usleep(200);
  }
  return true;
}

void BM_ParameterChangeToViews(benchmark::State& state) {
  app::MainWindow& w = *g_window;
  auto* keep = qobject_cast<QDoubleSpinBox*>(w.parametersPanel()->editor("token_keep_end"));
  if (!keep) {
    state.SkipWithError("no token_keep_end editor");
    return;
  }
  bool flip = false;
  double analysisMs = 0, workerMs = 0, timelineMs = 0;
  for (auto _ : state) {
    const auto oldAnalysis = w.session()->analysis();
    const auto oldFrame = w.session()->frame();
    flip = !flip;
    QElapsedTimer t;
    t.start();
    keep->setValue(flip ? 0.45 : 0.55);
    if (!pumpUntil([&] { return w.session()->analysis() != oldAnalysis; }, 60000)) {
      state.SkipWithError("no analysis within 60 s");
      return;
    }
    analysisMs += static_cast<double>(t.nsecsElapsed()) / 1e6;
    workerMs += w.session()->analysis()->elapsedMs;
    if (!pumpUntil(
            [&] { return w.session()->frame() != oldFrame && w.session()->frame() != nullptr; },
            60000)) {
      state.SkipWithError("no simulator frame within 60 s");
      return;
    }
    QCoreApplication::processEvents();  // queued replots of every view
    w.repaint();                        // the visible tab, synchronously
    state.SetIterationTime(static_cast<double>(t.nsecsElapsed()) / 1e9);
    if (!pumpUntil([&] { return w.session()->frame() && w.session()->frame()->timeline; }, 60000)) {
      state.SkipWithError("no timeline within 60 s");
      return;
    }
    QCoreApplication::processEvents();
    w.repaint();
    timelineMs += static_cast<double>(t.nsecsElapsed()) / 1e6;
  }
  const double n = static_cast<double>(state.iterations());
  state.counters["analysis_ms"] = analysisMs / n;
  state.counters["worker_ms"] = workerMs / n;
  state.counters["timeline_ms"] = timelineMs / n;
}
BENCHMARK(BM_ParameterChangeToViews)
    ->UseManualTime()
    ->Unit(benchmark::kMillisecond)
    ->Iterations(10);

// The GUI thread's share alone: every view rebuilds from a fresh copy of the current analysis and
// frame (new pointers, same content, including the whole-run timeline), queued replots are
// flushed and the window is repainted. No worker involved.
void BM_ViewsRebuild(benchmark::State& state) {
  app::MainWindow& w = *g_window;
  const auto analysis = w.session()->analysis();
  const auto frame = w.session()->frame();
  if (!analysis || !frame || !frame->timeline) {
    state.SkipWithError("no result to rebuild from");
    return;
  }
  for (auto _ : state) {
    auto a = std::make_shared<const views::AnalysisData>(*analysis);
    auto f = std::make_shared<views::SimFrame>(*frame);
    f->timeline = std::make_shared<const views::SimTimeline>(*frame->timeline);
    QElapsedTimer t;
    t.start();
    w.session()->setAnalysis(std::move(a));
    w.session()->setFrame(std::move(f));
    QCoreApplication::processEvents();
    w.repaint();
    state.SetIterationTime(static_cast<double>(t.nsecsElapsed()) / 1e9);
  }
}
BENCHMARK(BM_ViewsRebuild)->UseManualTime()->Unit(benchmark::kMillisecond)->Iterations(10);

}  // namespace

int main(int argc, char** argv) {
  if (qEnvironmentVariableIsEmpty("DISPLAY") && qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY"))
    qputenv("QT_QPA_PLATFORM", "offscreen");
  QApplication app(argc, argv);
  app::MainWindow window;
  window.resize(1600, 1000);
  window.show();
  window.load({}, {});
  g_window = &window;
  // Warm up: the first result loads the model from disk.
  if (!pumpUntil(
          [&] {
            return window.session()->frame() != nullptr && window.session()->frame()->timeline &&
                   !window.controller()->isBusy();
          },
          120000)) {
    std::fprintf(stderr, "default sample did not load: %s\n",
                 qPrintable(window.controller()->lastError()));
    return 1;
  }
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
