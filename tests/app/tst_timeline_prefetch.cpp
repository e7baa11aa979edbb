// The timeline run started beside the functional run (app/gui/backend/timeline_prefetch.h): a
// helper thread fed with the pruned run's layers as they are done. Whatever it got through
// before finish(), the run continued on the whole workload equals the run from cycle 0; stopping
// it early, before any layer, or after a failed extension leaves nothing behind (and no thread).
// Runs of the bundled tiny GPT-2 on the persuasion sample.
#include <QtTest>

#include "app/gui/backend/timeline_prefetch.h"
#include "core/functional/runner.h"
#include "core/functional/workload_convert.h"
#include "core/model/model.h"
#include "core/sim/growing_run.h"
#include "core/sim/stats.h"
#include "tests/app/sim_outcome.h"
#include "tests/core/sample_ids.h"

using namespace spatten;
using namespace spatten::core;

using test::finishRun;
using test::SimOutcome;

class TstTimelinePrefetch : public QObject {
  Q_OBJECT
  std::unique_ptr<Model> m_model;
  std::vector<int> m_ids;

  // The pruned run with `prefetch` fed from its layers (slowed down by `layerDelayMs` per layer,
  // so that the helper gets through them), then the whole workload.
  std::shared_ptr<const Workload> run(app::TimelinePrefetch& prefetch, double tokenKeepEnd,
                                      int layerDelayMs) {
    RunConfig cfg = presetConfig("spatten-gpt2");
    cfg.token_keep_end = tokenKeepEnd;
    cfg.generate = 2;
    RunOptions ro;
    ro.recordAttention = true;
    ro.layerDone = [&](const RunResult& r) {
      prefetch.onLayer(r);
      if (layerDelayMs > 0) QThread::msleep(static_cast<unsigned long>(layerDelayMs));
    };
    const RunResult r = runSpatten(*m_model, m_ids, cfg, ro);
    auto whole = std::make_shared<const Workload>(toWorkload(r, "tiny-gpt2"));
    // What the driver takes instead of converting the run again.
    if (prefetch.requestsHandedOver() != whole->requests.size()) return nullptr;
    const Workload handed = prefetch.takeWorkload();
    if (handed.requests.size() != whole->requests.size() ||
        firstDifference(handed, *whole) != whole->requests.size() ||
        handed.model.name != whole->model.name || handed.model.layers != whole->model.layers ||
        handed.model.heads != whole->model.heads || handed.model.d != whole->model.d)
      return nullptr;
    return whole;
  }

  // The prefetched run continued on `whole` must be its run from cycle 0.
  void checkContinued(std::unique_ptr<GrowingRun> g, const std::shared_ptr<const Workload>& whole,
                      const HwConfig& hw) {
    QVERIFY(g);
    QVERIFY(!g->failed());
    std::optional<Simulator> on = g->sim().resumedOn(whole);
    QVERIFY(on.has_value());
    Simulator fresh(whole, hw, RunConfig{}.seed, LogLevel::Full);  // the runs' seed
    const SimOutcome want = finishRun(fresh), got = finishRun(*on);
    QCOMPARE(got.cycles, want.cycles);
    QCOMPARE(got.logHash, want.logHash);
    QCOMPARE(QString::fromStdString(got.stats), QString::fromStdString(want.stats));
  }

private slots:
  void initTestCase() {
    const std::string dir = test::samples("models/tiny-gpt2");
    m_model = Model::load(dir);
    m_ids = test::encodeSentenceFile(dir, "persuasion.txt");
  }

  // Fed, completed, given time: the helper simulates to the end of the run.
  void completedRunEqualsFresh() {
    const HwConfig hw;
    app::TimelinePrefetch prefetch(hw, "tiny-gpt2", nullptr);
    const auto whole = run(prefetch, 0.45, 5);
    QVERIFY2(whole, "the requests handed over differ from toWorkload's");
    prefetch.complete();
    // The helper runs at the lowest priority: under a loaded test run it may wait a while.
    QTRY_VERIFY_WITH_TIMEOUT(prefetch.helperCycle() > 0, 20000);
    std::unique_ptr<GrowingRun> g = prefetch.finish();
    QVERIFY(g);
    QVERIFY(g->sim().cycle() > 0);
    checkContinued(std::move(g), whole, hw);
  }

  // Stopped at once after the last layer (the helper may be anywhere), and with the previous
  // run's checkpoints: still the run from cycle 0.
  void stoppedAnywhere() {
    const HwConfig hw;
    app::TimelinePrefetch first(hw, "tiny-gpt2", nullptr);
    const auto wa = run(first, 0.45, 0);
    QVERIFY(wa);
    first.complete();
    QTRY_VERIFY_WITH_TIMEOUT(first.helperCycle() > 0, 20000);
    std::unique_ptr<GrowingRun> ga = first.finish();
    QVERIFY(ga);
    for (int delay : {0, 1, 3}) {
      app::TimelinePrefetch next(hw, "tiny-gpt2", ga->points());
      const auto wb = run(next, 0.55, delay);
      QVERIFY(wb);
      std::unique_ptr<GrowingRun> gb = next.finish();
      if (!gb) continue;  // stopped before its first extension
      checkContinued(std::move(gb), wb, hw);
    }
  }

  // The run's last layer (iteration config.generate, layer layers - 1) completes the hand-over
  // by itself, so that the helper may simulate to the end while the worker still computes after
  // the run (BERT's MLM fidelity); no earlier layer does.
  void lastLayerCompletes() {
    for (const int generate : {0, 2}) {
      app::TimelinePrefetch prefetch(HwConfig{}, "tiny-gpt2", nullptr);
      RunConfig cfg = presetConfig("spatten-gpt2");
      cfg.generate = generate;
      RunOptions ro;
      ro.recordAttention = true;
      int calls = 0, completedAt = -1;
      ro.layerDone = [&](const RunResult& r) {
        prefetch.onLayer(r);
        ++calls;
        if (completedAt < 0 && prefetch.completed()) completedAt = calls;
      };
      runSpatten(*m_model, m_ids, cfg, ro);
      QCOMPARE(calls, m_model->config().layers * (generate + 1));
      QCOMPARE(completedAt, calls);
      prefetch.finish();
    }
  }

  // No layer: nothing to continue, no thread left behind; destroying an unfinished one joins.
  void nothingOrDestroyed() {
    app::TimelinePrefetch empty(HwConfig{}, "tiny-gpt2", nullptr);
    empty.complete();
    QVERIFY(!empty.finish());
    auto fed = std::make_unique<app::TimelinePrefetch>(HwConfig{}, "tiny-gpt2", nullptr);
    run(*fed, 0.45, 0);
    fed.reset();  // joins the helper wherever it is
  }

  // An invalid hardware configuration: the helper gives up, the caller gets nothing.
  void invalidHardware() {
    HwConfig bad;
    bad.hbmChannels = 0;
    app::TimelinePrefetch prefetch(bad, "tiny-gpt2", nullptr);
    run(prefetch, 0.45, 0);
    prefetch.complete();
    QThread::msleep(50);
    QVERIFY(!prefetch.finish());
  }
};

QTEST_APPLESS_MAIN(TstTimelinePrefetch)
#include "tst_timeline_prefetch.moc"
