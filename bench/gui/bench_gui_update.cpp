// Responsiveness of SpAtten Studio: the wall time from a parameter edit to the views showing the
// new result, on the real MainWindow (offscreen when there is no display).
// Models (option --model=..., before the benchmark options):
//   sample      the default bundled sample (tiny GPT-2; issue "GUI": <= 100 ms);
//   gpt2-small  a GPT-2-small-shaped F32 checkpoint (124 M random weights, written into a temp
//               dir by tests/app/real_size_model.h, removed at exit), 128 prompt tokens, no
//               generation (issue 17: run edit <= 300 ms, hardware edit <= 200 ms);
//   bert-base   the same with a BERT-base-shaped checkpoint (128 tokens with [CLS]/[SEP]).
// Option --tokens=N (8..1024, real-size models only): N prompt tokens instead of 128 (a text of
//   the bundled samples repeated; BERT base takes at most 512).
// BM_RunEdit edits a SpAtten run parameter (token_keep_end, alternating two values):
//   edit -> (dispatched when the event loop regains control; no debounce delay) -> worker:
//   tokenizer + pruned SpAtten run (the dense run and the dense forward are cached; the pruned
//   run reuses the layer passes before the first layer whose keep ratio changed) -> analysis
//   published (semantic views rebuild) -> worker: simulator set up, first frame published
//   (simulator views rebuild) -> queued replots flushed and the window repainted. That is the
//   reported (manual) time; counter "first_ms" is its median.
// BM_HardwareEdit edits hw.topk.parallelism (8 / 16): the analysis is reused, only the simulator
//   is rebuilt.
// Counters (medians over the iterations, ms): "analysis_ms" (edit to analysis shown; run edits),
// "worker_ms" (the worker's own compute time for the analysis, from AnalysisData), "timeline_ms"
// (edit to the whole-run timeline shown: started beside the functional run, finished on the
// worker in slices after the first frame), "cpu_ms" (process CPU time, all threads, from the edit
// to the timeline shown), "summary_ms" (edit to the research summary shown: the last view; its
// dense run is simulated again after a hardware edit), "beside_pct" (of the timeline run's
// simulated cycles, those simulated beside the functional run, before the first timeline slice;
// app/gui/backend/timeline_prefetch.h). A frame counts only once it belongs to the new run (the
// old run's research summary may arrive after the edit).
// BM_TextEdit: a new text (a full recompute: dense run with its attention, pruned run).
// BM_ViewsRebuild times the GUI thread's part alone (all views rebuilt from an unchanged result).
// BM_StepQuery / BM_StepHead: F8 / F9 on the Attention tab, from the key to the new frame shown
// and the window repainted; argument 1 with "Selection follows the simulator" on (every view
// moves to the new request: the heatmap redraws another row, head or layer), 0 with it off.
// Each iteration starts from the cycle the last one reached (a reset first, at cycle 0).
#include <benchmark/benchmark.h>

#include <QAction>
#include <QApplication>
#include <QDoubleSpinBox>
#include <QElapsedTimer>
#include <QSpinBox>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QThread>
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <vector>

#include "app/gui/actions.h"
#include "app/gui/input_panel.h"
#include "app/gui/main_window.h"
#include "app/gui/parameters_panel.h"
#include "app/gui/simulation_controller.h"
#include "tests/app/real_size_model.h"
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

// Process CPU time (every thread), ms.
double cpuMs() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

double median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

// One edit per iteration through `edit(flip)`; `runEdit`: a new analysis is expected (a hardware
// edit reuses the analysis, so only new frames are waited for). Counters are medians (ms).
template <typename Edit>
void measureEdits(benchmark::State& state, bool runEdit, Edit edit) {
  app::MainWindow& w = *g_window;
  bool flip = false;
  std::vector<double> first, analysis, worker, timeline, cpu, beside, summary;
  for (auto _ : state) {
    const auto oldAnalysis = w.session()->analysis();
    const auto oldFrame = w.session()->frame();
    flip = !flip;
    const double cpu0 = cpuMs();
    QElapsedTimer t;
    t.start();
    edit(flip);
    if (runEdit) {
      if (!pumpUntil([&] { return w.session()->analysis() != oldAnalysis; }, 60000))
        return state.SkipWithError("no analysis within 60 s");
      analysis.push_back(static_cast<double>(t.nsecsElapsed()) / 1e6);
      worker.push_back(w.session()->analysis()->elapsedMs);
    }
    // Frames of the old run (its research summary may still arrive) carry the old timeline.
    const auto oldTimeline = oldFrame ? oldFrame->timeline : nullptr;
    const auto oldSummary = oldFrame ? oldFrame->summary : nullptr;
    const auto newRun = [&] {
      const views::SimFramePtr& f = w.session()->frame();
      return f && f != oldFrame && (!oldTimeline || f->timeline != oldTimeline);
    };
    if (!pumpUntil(newRun, 60000)) return state.SkipWithError("no simulator frame within 60 s");
    QCoreApplication::processEvents();  // queued replots of every view
    w.repaint();                        // the visible tab, synchronously
    state.SetIterationTime(static_cast<double>(t.nsecsElapsed()) / 1e9);
    first.push_back(static_cast<double>(t.nsecsElapsed()) / 1e6);
    if (!pumpUntil([&] { return newRun() && w.session()->frame()->timeline; }, 60000))
      return state.SkipWithError("no timeline within 60 s");
    const std::shared_ptr<const views::SimTimeline> shown = w.session()->frame()->timeline;
    QCoreApplication::processEvents();
    w.repaint();
    timeline.push_back(static_cast<double>(t.nsecsElapsed()) / 1e6);
    cpu.push_back(cpuMs() - cpu0);
    const views::SimTimeline& tl = *shown;
    const double run = static_cast<double>(tl.lastCycle - std::min(tl.lastCycle, tl.startCycle));
    beside.push_back(run > 0 ? 100.0 * static_cast<double>(tl.cyclesBeside) / run : 0.0);
    const auto newSummary = [&] {
      const views::SimFramePtr& f = w.session()->frame();
      return newRun() && f->summary && f->summary != oldSummary;
    };
    if (!pumpUntil(newSummary, 60000)) return state.SkipWithError("no summary within 60 s");
    QCoreApplication::processEvents();
    w.repaint();
    summary.push_back(static_cast<double>(t.nsecsElapsed()) / 1e6);
  }
  state.counters["first_ms"] = median(first);
  if (runEdit) {
    state.counters["analysis_ms"] = median(analysis);
    state.counters["worker_ms"] = median(worker);
  }
  state.counters["timeline_ms"] = median(timeline);
  state.counters["cpu_ms"] = median(cpu);
  state.counters["summary_ms"] = median(summary);
  state.counters["beside_pct"] = median(beside);
}

// A SpAtten run parameter: token_keep_end alternating 0.45 / 0.55.
void BM_RunEdit(benchmark::State& state) {
  auto* keep = qobject_cast<QDoubleSpinBox*>(g_window->parametersPanel()->editor("token_keep_end"));
  if (!keep) return state.SkipWithError("no token_keep_end editor");
  measureEdits(state, true, [keep](bool flip) { keep->setValue(flip ? 0.45 : 0.55); });
}
BENCHMARK(BM_RunEdit)->UseManualTime()->Unit(benchmark::kMillisecond)->Iterations(10);

// A hardware parameter: hw.topk.parallelism alternating 8 / 16 (the analysis is reused).
void BM_HardwareEdit(benchmark::State& state) {
  auto* par = qobject_cast<QSpinBox*>(g_window->parametersPanel()->editor("hw.topk.parallelism"));
  if (!par) return state.SkipWithError("no hw.topk.parallelism editor");
  measureEdits(state, false, [par](bool flip) { par->setValue(flip ? 8 : 16); });
}
BENCHMARK(BM_HardwareEdit)->UseManualTime()->Unit(benchmark::kMillisecond)->Iterations(10);

// A new text (the sentence alternating with itself minus its last word): nothing is reused, the
// dense run, the dense attention and the pruned run are all computed again (what a user waits
// for after typing or pasting a sentence).
void BM_TextEdit(benchmark::State& state) {
  app::InputPanel* input = g_window->inputPanel();
  const QString full = input->text();
  const QString shorter = full.left(full.trimmed().lastIndexOf(QLatin1Char(' ')));
  if (shorter.isEmpty()) return state.SkipWithError("the text has a single word");
  measureEdits(state, true,
               [input, full, shorter](bool flip) { input->setText(flip ? shorter : full); });
  input->setText(full);
}
BENCHMARK(BM_TextEdit)->UseManualTime()->Unit(benchmark::kMillisecond)->Iterations(6);

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

// One stepping action per iteration (see the header comment); state.range(0): follow mode.
void measureSteps(benchmark::State& state, QAction* app::StudioActions::*action) {
  app::MainWindow& w = *g_window;
  w.actions()->followSimulator->setChecked(state.range(0) != 0);
  w.tabs()->setCurrentIndex(0);
  w.actions()->reset->trigger();
  if (!pumpUntil([&] { return w.session()->frame() && w.session()->frame()->cycle == 0; }, 60000))
    return state.SkipWithError("no reset within 60 s");
  int moved = 0;
  for (auto _ : state) {
    const views::SimFramePtr before = w.session()->frame();
    const views::Selection selection = w.session()->selection();
    QElapsedTimer t;
    t.start();
    (w.actions()->*action)->trigger();
    if (!pumpUntil([&] { return w.session()->frame()->cycle > before->cycle; }, 60000))
      return state.SkipWithError("no step within 60 s");
    QCoreApplication::processEvents();  // queued replots of every view
    w.repaint();
    state.SetIterationTime(static_cast<double>(t.nsecsElapsed()) / 1e9);
    if (!(w.session()->selection() == selection)) ++moved;
  }
  state.counters["selection_moves"] = moved;
}

void BM_StepQuery(benchmark::State& state) {
  measureSteps(state, &app::StudioActions::nextQuery);
}
BENCHMARK(BM_StepQuery)
    ->Arg(1)
    ->Arg(0)
    ->UseManualTime()
    ->Unit(benchmark::kMillisecond)
    ->Iterations(20);

void BM_StepHead(benchmark::State& state) {
  measureSteps(state, &app::StudioActions::nextHead);
}
BENCHMARK(BM_StepHead)
    ->Arg(1)
    ->Arg(0)
    ->UseManualTime()
    ->Unit(benchmark::kMillisecond)
    ->Iterations(20);

}  // namespace

int main(int argc, char** argv) {
  if (qEnvironmentVariableIsEmpty("DISPLAY") && qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY"))
    qputenv("QT_QPA_PLATFORM", "offscreen");
  QString model = QStringLiteral("sample");
  int tokens = 128;
  for (int i = 1; i < argc;) {
    if (std::strncmp(argv[i], "--model=", 8) == 0)
      model = QString::fromUtf8(argv[i] + 8);
    else if (std::strncmp(argv[i], "--tokens=", 9) == 0)
      tokens = std::atoi(argv[i] + 9);
    else {
      ++i;
      continue;
    }
    for (int k = i; k + 1 < argc; ++k) argv[k] = argv[k + 1];
    --argc;
  }
  if (tokens < 8 || tokens > 1024) {
    std::fprintf(stderr, "--tokens: 8..1024\n");
    return 2;
  }
  QApplication app(argc, argv);
  QTemporaryDir tmp;
  QString dir, text;
  int generate = -1;
  if (model == QLatin1String("gpt2-small") || model == QLatin1String("bert-base")) {
    const bool bert = model == QLatin1String("bert-base");
    const auto m =
        test::makeRealSizeModel(tmp.path().toStdString() + "/" + model.toStdString(), bert, tokens);
    std::fprintf(stderr, "%s: %d tokens in %s\n", qPrintable(model), m.tokens, qPrintable(m.dir));
    dir = m.dir;
    text = m.text;
    generate = 0;
  } else if (model != QLatin1String("sample")) {
    std::fprintf(stderr, "--model: sample, gpt2-small or bert-base\n");
    return 2;
  }
  app::MainWindow window;
  window.resize(1600, 1000);
  window.show();
  window.load(dir, text, generate);
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
