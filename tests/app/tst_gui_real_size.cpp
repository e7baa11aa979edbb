// Issue 17: a real-size checkpoint in the real main window. The test writes a GPT-2-small-shaped
// F32 checkpoint (124 M random weights, tests/app/real_size_model.h; nothing committed) and a
// 128-token text, opens them, then makes a SpAtten-parameter edit (token_keep_end: the pruned run
// resumes after the layers it cannot change, the products use both cores) and a hardware edit
// (hw.topk.parallelism: only the simulator reruns). After each, the views' figures equal an
// independent computation by core on one thread: kept tokens per layer and the DRAM bytes of the
// functional run (core::runReport), the cycles and DRAM bytes of the whole simulated run
// (core::Simulator on the same workload and hardware), and the whole-run timeline's rows against
// that run's event log.
#include <QDoubleSpinBox>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QtTest>
#include <algorithm>
#include <numeric>
#include <utility>
#include <vector>

#include "app/gui/backend/param_config.h"
#include "app/gui/main_window.h"
#include "app/gui/parameters_panel.h"
#include "app/gui/simulation_controller.h"
#include "core/functional/run_report.h"
#include "core/functional/workload_convert.h"
#include "core/model/model.h"
#include "core/sim/simulator.h"
#include "core/tokenizer/tokenizer.h"
#include "real_size_model.h"
#include "views/common/session_model.h"

using namespace spatten;

namespace {

constexpr int kTimeoutMs = 120000;

// Waits for the result of the current request: analysis, then the research summary (the whole
// pruned run simulated; it comes after the timeline), with no error.
void waitForSummary(app::MainWindow& w) {
  QTRY_VERIFY_WITH_TIMEOUT(!w.controller()->isBusy(), kTimeoutMs);
  QVERIFY2(w.controller()->lastError().isEmpty(), qPrintable(w.controller()->lastError()));
  QTRY_VERIFY_WITH_TIMEOUT(w.session()->frame() && w.session()->frame()->summary, kTimeoutMs);
}

// The same, when the previous request's timeline `old` is already shown: the previous driver
// may still publish its summary after the new analysis arrived, in a frame that carries `old`;
// the new driver's frames carry no timeline or their own. `old` by value: the frame holding it
// may be freed while waiting.
void waitForNewSummary(app::MainWindow& w, std::shared_ptr<const views::SimTimeline> old) {
  QVERIFY(old);
  QTRY_VERIFY_WITH_TIMEOUT(w.session()->frame() && w.session()->frame()->timeline != old &&
                               w.session()->frame()->summary,
                           kTimeoutMs);
  waitForSummary(w);
}

}  // namespace

class TstGuiRealSize : public QObject {
  Q_OBJECT
private:
  // The timeline's rows against the reference run's event log: every module busy interval and
  // DRAM read once, in start order; per channel, the cycles covered by [issue, data return) of
  // its reads (the HBM2 row), summed here from the log's reads by a sweep of their own.
  static void compareTimeline(const views::SimTimeline& t, const core::EventLog& log,
                              int channels) {
    std::uint64_t busyEvents = 0, busyCycles = 0;
    std::vector<std::vector<std::pair<std::uint64_t, std::uint64_t>>> reads(
        static_cast<std::size_t>(channels));
    log.forEach([&](const core::Event& e) {
      if (e.kind == core::EventKind::ModuleBusy) {
        ++busyEvents;
        busyCycles += std::max<std::uint32_t>(1, e.duration);
      } else if (e.kind == core::EventKind::DramRequest) {
        const std::uint64_t issue = e.cycle + e.extra;
        reads.at(e.a).push_back({issue, std::max(issue + 1, e.cycle + e.duration)});
      }
    });
    QCOMPARE(static_cast<std::uint64_t>(t.intervals.size()), busyEvents);
    std::uint64_t shownCycles = 0;
    for (std::size_t i = 0; i < t.intervals.size(); ++i) {
      shownCycles += t.intervals[i].end - t.intervals[i].start;
      if (i > 0) QVERIFY(t.intervals[i - 1].start <= t.intervals[i].start);
    }
    QCOMPARE(shownCycles, busyCycles);
    for (std::size_t i = 1; i < t.dram.size(); ++i) QVERIFY(t.dram[i - 1].cycle <= t.dram[i].cycle);
    QCOMPARE(t.channelBusy.size(), static_cast<std::size_t>(channels));
    for (std::size_t c = 0; c < reads.size(); ++c) {
      std::sort(reads[c].begin(), reads[c].end());
      std::uint64_t covered = 0, reach = 0;  // sweep: cycles in at least one read
      for (const auto& [from, to] : reads[c]) {
        const std::uint64_t start = std::max(from, reach);
        if (to > start) covered += to - start;
        reach = std::max(reach, to);
      }
      std::uint64_t shown = 0;
      for (const views::ActivityInterval& iv : t.channelBusy[c]) shown += iv.end - iv.start;
      QCOMPARE(shown, covered);
    }
  }

  // The views show what core computes for the request the window last sent.
  void compareWithCore(app::MainWindow& w, const core::Model& model, const std::vector<int>& ids) {
    const app::AnalysisRequest& sent = w.controller()->lastDispatched();
    const core::RunConfig run = app::runConfigOf(sent, false);
    const core::HwConfig hw = app::hwConfigOf(sent);
    core::RunOptions options;
    options.recordAttention = true;  // as the app: the top-k engine sorts the real probabilities
    const core::RunReport report = core::runReport(model, ids, run, options);
    const auto a = w.session()->analysis();
    QVERIFY(a && a->hasSpatten);
    QCOMPARE(a->promptLength, static_cast<int>(ids.size()));
    // Kept tokens per layer (the token pruning grid).
    const views::PruningIteration& it = a->iterations.at(0);
    int layer = 0;
    for (const core::LayerRecord& r : report.pruned.layerRecords) {
      if (r.iteration != 0) continue;
      const auto& alive = it.tokenAlive.at(static_cast<std::size_t>(layer++));
      QCOMPARE(std::accumulate(alive.begin(), alive.end(), 0),
               static_cast<int>(r.computedTokens.size()));
    }
    QCOMPARE(layer, model.config().layers);
    // DRAM traffic of the functional run (the DRAM chart) and its dense baseline.
    QCOMPARE(a->dram.total(), static_cast<double>(report.pruned.dram.total.total()));
    QCOMPARE(a->dram.denseTotal(), static_cast<double>(report.denseBaseline.total.total()));
    // The simulator: the whole pruned run on the requested hardware.
    core::Simulator sim(
        std::make_shared<const core::Workload>(core::toWorkload(report.pruned, "m")), hw, run.seed,
        core::LogLevel::Full);
    sim.run();
    const core::SimStats stats = sim.stats();
    const auto frame = w.session()->frame();
    QCOMPARE(frame->summary->pruned.cycles, stats.cycles);
    QCOMPARE(frame->summary->pruned.dramTotal(), stats.dramBytesTotal());
    // The summary's dense side (after an edit: the previous edit's dense run, taken over).
    core::Simulator dense(
        std::make_shared<const core::Workload>(core::toWorkload(*report.dense, "m")), hw, run.seed,
        core::LogLevel::Off);
    dense.run();
    QCOMPARE(frame->summary->dense.cycles, dense.stats().cycles);
    QCOMPARE(frame->summary->dense.dramTotal(), dense.stats().dramBytesTotal());
    // The whole-run timeline (after a run edit: resumed from the previous run's checkpoint).
    QVERIFY(frame->timeline);
    QCOMPARE(frame->timeline->lastCycle, stats.cycles);
    QCOMPARE(static_cast<std::uint64_t>(frame->timeline->dram.size()), stats.dramTransactions);
    compareTimeline(*frame->timeline, sim.log(), hw.hbmChannels);
    QCOMPARE(frame->topk.parallelism, static_cast<unsigned>(hw.topkParallelism));
  }

private slots:
  void gpt2SmallEditsMatchCore() {
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const test::RealSizeModel m =
        test::makeRealSizeModel(tmp.path().toStdString() + "/gpt2-small", false, 128);
    QVERIFY(m.tokens > 120);
    const auto model = core::Model::load(m.dir.toStdString());  // one thread: the reference
    QCOMPARE(model->config().dModel, 768);
    std::vector<int> ids;
    for (const core::Token& t :
         core::loadTokenizer(m.dir.toStdString())->encode(m.text.toStdString()))
      ids.push_back(t.id);
    QCOMPARE(static_cast<int>(ids.size()), m.tokens);

    app::MainWindow w;
    w.resize(1200, 800);
    w.show();
    w.load(m.dir, m.text, 0);
    waitForSummary(w);
    compareWithCore(w, *model, ids);
    if (QTest::currentTestFailed()) return;

    // A SpAtten-parameter edit.
    auto* keep = qobject_cast<QDoubleSpinBox*>(w.parametersPanel()->editor("token_keep_end"));
    QVERIFY(keep);
    const auto before = w.session()->analysis();
    const auto beforeFrame = w.session()->frame();
    keep->setValue(keep->value() > 0.4 ? 0.3 : 0.5);
    QTRY_VERIFY_WITH_TIMEOUT(w.session()->analysis() != before, kTimeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(w.session()->frame() != beforeFrame, kTimeoutMs);
    waitForSummary(w);
    compareWithCore(w, *model, ids);
    if (QTest::currentTestFailed()) return;

    // Two edits in a row: the second arrives once the first's timeline is shown, usually
    // before its summary (its unfinished dense run is taken over), and resumes its timeline run.
    const auto mid = w.session()->frame();
    keep->setValue(keep->value() > 0.4 ? 0.3 : 0.5);
    QTRY_VERIFY_WITH_TIMEOUT(w.session()->frame() != mid && w.session()->frame()->timeline,
                             kTimeoutMs);
    const auto first = w.session()->analysis();
    const auto firstTimeline = w.session()->frame()->timeline;
    keep->setValue(keep->value() > 0.4 ? 0.3 : 0.5);
    QTRY_VERIFY_WITH_TIMEOUT(w.session()->analysis() != first, kTimeoutMs);
    waitForNewSummary(w, firstTimeline);
    compareWithCore(w, *model, ids);
    if (QTest::currentTestFailed()) return;

    // A hardware edit: the analysis is reused, the simulator reruns.
    auto* par = qobject_cast<QSpinBox*>(w.parametersPanel()->editor("hw.topk.parallelism"));
    QVERIFY(par);
    const auto analysis = w.session()->analysis();
    const auto frame = w.session()->frame();
    par->setValue(par->value() == 4 ? 8 : 4);
    QTRY_VERIFY_WITH_TIMEOUT(w.session()->frame() != frame, kTimeoutMs);
    waitForSummary(w);
    QCOMPARE(w.session()->analysis(), analysis);
    compareWithCore(w, *model, ids);
    if (QTest::currentTestFailed()) return;

    // A hardware edit, then a run edit as soon as its timeline is shown: the run edit's summary
    // continues the hardware edit's unfinished dense run (same hardware; still running then, as
    // the dense run is the longest), and its timeline resumes from the hardware edit's
    // checkpoints (same hardware, first layers unchanged).
    const auto hwFrame = w.session()->frame();
    par->setValue(par->value() == 4 ? 8 : 4);
    QTRY_VERIFY_WITH_TIMEOUT(w.session()->frame() != hwFrame && w.session()->frame()->timeline,
                             kTimeoutMs);
    const auto hwAnalysis = w.session()->analysis();
    const auto hwTimeline = w.session()->frame()->timeline;
    keep->setValue(keep->value() > 0.4 ? 0.3 : 0.5);
    QTRY_VERIFY_WITH_TIMEOUT(w.session()->analysis() != hwAnalysis, kTimeoutMs);
    waitForNewSummary(w, hwTimeline);
    compareWithCore(w, *model, ids);
  }
};

QTEST_MAIN(TstGuiRealSize)
#include "tst_gui_real_size.moc"
