// A timeline run simulated while the functional run produces its layers (core/sim/growing_run.h,
// RunOptions::layerDone, core::appendRequests): the layer prefixes are prefixes of the whole
// run's workload, and however the simulation interleaves with them, it finishes exactly as the
// whole workload's run from cycle 0 (cycles, statistics, event log). Runs of the bundled tiny
// GPT-2 on the persuasion sample.
#include <QtTest>

#include "core/functional/run_prefix.h"
#include "core/functional/runner.h"
#include "core/functional/workload_convert.h"
#include "core/model/model.h"
#include "core/sim/growing_run.h"
#include "core/sim/stats.h"
#include "tests/core/sample_ids.h"
#include "tests/core/sim/run_outcome.h"

using namespace spatten;
using namespace spatten::core;

namespace {

using WorkloadPtr = std::shared_ptr<const Workload>;

// A run with its layer prefixes, converted a layer at a time as the GUI does.
struct LayeredRun {
  std::vector<WorkloadPtr> prefixes;  // after each layerDone, the workload so far
  WorkloadPtr whole;                  // toWorkload of the returned run
};

LayeredRun layered(const Model& model, const RunConfig& cfg, RunPrefix* prefix = nullptr) {
  LayeredRun out;
  Workload building;
  building.model =
      ModelInfo{"tiny-gpt2", model.config().layers, model.config().heads, model.config().headDim};
  RunOptions ro;
  ro.recordAttention = true;
  ro.prefix = prefix;
  ro.layerDone = [&](const RunResult& partial) {
    appendRequests(partial, building.requests.size(), building.requests);
    out.prefixes.push_back(std::make_shared<const Workload>(building));
  };
  const RunResult run = runSpatten(
      model, test::encodeSentenceFile(test::samples("models/tiny-gpt2"), "persuasion.txt"), cfg,
      ro);
  out.whole = std::make_shared<const Workload>(toWorkload(run, "tiny-gpt2"));
  return out;
}

using Outcome = test::RunOutcome;

Outcome finish(Simulator& sim) {
  while (!sim.finished()) sim.stepCycles(1024);
  return test::outcomeOf(sim);
}

void compare(const Outcome& got, const Outcome& want) {
  test::compareOutcomes(got, want);
}

// Feeds every prefix (advancing at most `perLayer` cycles after each), then the whole workload.
// Returns the cycle reached before the whole workload was known.
std::uint64_t grow(GrowingRun& g, const LayeredRun& r, std::uint64_t perLayer) {
  for (const WorkloadPtr& w : r.prefixes) {
    if (!g.extend(w, false)) return 0;
    g.advance(perLayer);
  }
  const std::uint64_t before = g.started() ? g.sim().cycle() : 0;
  if (!g.extend(r.whole, true)) return 0;
  return before;
}

}  // namespace

class TstGrowingRun : public QObject {
  Q_OBJECT
  std::unique_ptr<Model> m_model;

  static RunConfig config(double tokenKeepEnd, int generate) {
    RunConfig c = presetConfig("spatten-gpt2");
    c.token_keep_end = tokenKeepEnd;
    c.generate = generate;
    return c;
  }

private slots:
  void initTestCase() { m_model = Model::load(test::samples("models/tiny-gpt2")); }

  // Each layer prefix is the whole workload's prefix, ending at a layer boundary; the last one
  // is the whole workload. Also for a run that resumes its first layers (core::RunPrefix).
  void prefixesOfTheWholeWorkload() {
    RunPrefix prefix;
    layered(*m_model, config(0.45, 3), &prefix);
    for (const bool resumed : {false, true}) {
      RunPrefix copy = prefix;
      const LayeredRun r = layered(*m_model, config(0.55, 3), resumed ? &copy : nullptr);
      QCOMPARE(copy.resumedFrom > 0, resumed);
      const int layers = m_model->config().layers;
      QCOMPARE(static_cast<int>(r.prefixes.size()),
               (resumed ? layers - copy.resumedFrom + 1 : layers) + 3 * layers);
      std::size_t last = 0;
      for (const WorkloadPtr& w : r.prefixes) {
        const auto& q = w->requests;
        QVERIFY(q.size() > last);
        last = q.size();
        QVERIFY(q.size() <= r.whole->requests.size());
        QCOMPARE(firstDifference(*w, *r.whole), q.size());
        if (q.size() < r.whole->requests.size()) {
          const Request& next = r.whole->requests[q.size()];
          QVERIFY(next.layer != q.back().layer || next.iteration != q.back().iteration);
        }
      }
      QCOMPARE(last, r.whole->requests.size());
    }
  }

  // However far the simulation gets between layers, the run is the whole workload's run.
  void anyInterleaving_data() {
    QTest::addColumn<quint64>("perLayer");
    QTest::addColumn<int>("generate");
    QTest::newRow("no cycles between layers") << quint64(0) << 3;
    QTest::newRow("300 cycles") << quint64(300) << 3;
    QTest::newRow("as far as it may") << ~quint64(0) << 0;
    QTest::newRow("as far as it may, generation") << ~quint64(0) << 3;
  }
  void anyInterleaving() {
    QFETCH(quint64, perLayer);
    QFETCH(int, generate);
    const LayeredRun r = layered(*m_model, config(0.45, generate));
    for (const HwConfig& hw : {HwConfig{}, [] {
                                 HwConfig h;
                                 h.topkParallelism = 4;
                                 return h;
                               }()}) {
      Simulator fresh(r.whole, hw, 5, LogLevel::Full);
      const Outcome want = finish(fresh);
      GrowingRun g(hw, 5, LogLevel::Full, nullptr);
      const std::uint64_t before = grow(g, r, perLayer);
      QVERIFY(!g.failed());
      if (perLayer > 300) QVERIFY2(before > want.cycles / 4, "the run waited more than needed");
      QCOMPARE(g.startCycle(), std::uint64_t(0));
      compare(finish(g.sim()), want);
    }
  }

  // A run edit: B grows from A's checkpoints, and the next edit C resumes from B's checkpoints,
  // which were taken on B's layer prefixes.
  void fromAndForTheNextEdit() {
    const HwConfig hw;
    const LayeredRun a = layered(*m_model, config(0.45, 2)), b = layered(*m_model, config(0.55, 2)),
                     c = layered(*m_model, config(0.65, 2));
    GrowingRun ga(hw, 9, LogLevel::Full, nullptr, 512);
    grow(ga, a, ~quint64(0));
    ga.advance(~quint64(0));
    QVERIFY(ga.sim().finished());
    QVERIFY(ga.points()->size() > 3);
    GrowingRun gb(hw, 9, LogLevel::Full, ga.points(), 512);
    grow(gb, b, ~quint64(0));
    gb.advance(~quint64(0));
    QVERIFY(!gb.failed());
    QVERIFY(gb.startCycle() > 0);
    Simulator freshB(b.whole, hw, 9, LogLevel::Full);
    compare(finish(gb.sim()), finish(freshB));
    ResumePoints pc(c.whole, hw, 9, LogLevel::Full, gb.points().get());
    QVERIFY(pc.startCycle() > 0);
    Simulator resumedC = pc.start(), freshC(c.whole, hw, 9, LogLevel::Full);
    compare(finish(resumedC), finish(freshC));
  }

  // Why the run waits at the last layer: a run that has simulated a layer prefix to its end has
  // used the next-layer head count of a layer whose next layer was not known yet, and cannot
  // continue on the longer workload.
  void readingTheLastLayerIsRefused() {
    const LayeredRun r = layered(*m_model, config(0.45, 0));
    int refused = 0;
    for (std::size_t i = 0; i + 1 < r.prefixes.size(); ++i) {
      Simulator sim(r.prefixes[i], HwConfig{}, 1, LogLevel::Off);
      while (!sim.finished()) sim.step();
      if (!sim.resumedOn(r.prefixes[i + 1])) ++refused;
    }
    QVERIFY(refused > 0);
  }
};

QTEST_APPLESS_MAIN(TstGrowingRun)
#include "tst_growing_run.moc"
