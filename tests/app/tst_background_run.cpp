// The research summary's dense run on a helper thread (app/gui/backend/background_run.h): run to
// the end there, it gives the statistics and event-log hash of the same simulation stepped on
// this thread; stopped early (finish() at once, or after a wait), the simulator it hands back
// continues to exactly that end here; destroyed while running, it stops and joins.
// The official GPT-2-small trace (478,449 cycles: long enough to be stopped midway).
#include <QtTest>
#include <filesystem>

#include "app/gui/backend/background_run.h"
#include "core/sim/simulator.h"
#include "core/sim/stats.h"
#include "core/workload/workload_csv.h"

using namespace spatten;
using namespace spatten::core;

namespace {

struct Outcome {
  std::uint64_t cycles = 0, logHash = 0;
  std::string stats;
};

Outcome outcome(const Simulator& sim) {
  return {sim.cycle(), sim.log().hash(), statsToJson(sim.stats(), sim.hw()).dump()};
}

}  // namespace

class TstBackgroundRun : public QObject {
  Q_OBJECT
  std::shared_ptr<const Workload> m_workload;
  Outcome m_want;  // the run stepped on this thread

  std::unique_ptr<Simulator> fresh() const {
    return std::make_unique<Simulator>(m_workload, HwConfig{}, 7, LogLevel::Modules);
  }
  void compare(const Outcome& got) {
    QCOMPARE(got.cycles, m_want.cycles);
    QCOMPARE(got.logHash, m_want.logHash);
    QCOMPARE(QString::fromStdString(got.stats), QString::fromStdString(m_want.stats));
  }

private slots:
  void initTestCase() {
    const std::string csv = SPATTEN_SHARED_DIR "/workloads/summary-gpt2-small-wikitext2-per8.csv";
    if (!std::filesystem::exists(csv))
      QSKIP("the official SpAtten workloads (../shared/workloads) are not next to this checkout");
    m_workload = std::make_shared<const Workload>(loadWorkloadCsv(csv));
    auto sim = fresh();
    while (!sim->finished()) sim->stepCycles(4096);
    m_want = outcome(*sim);
    QVERIFY(m_want.cycles > 100000);
  }

  void runsToTheEnd() {
    app::BackgroundRun run(fresh());
    QTRY_VERIFY_WITH_TIMEOUT(run.waitEnded(50), 60000);
    const auto sim = run.finish();
    QVERIFY(sim && sim->finished());
    compare(outcome(*sim));
  }

  void stoppedEarlyContinuesExactly() {
    for (const int waitMs : {0, 30}) {
      app::BackgroundRun run(fresh());
      run.waitEnded(waitMs);
      const auto sim = run.finish();
      QVERIFY(sim);
      QVERIFY2(!sim->finished(), "stopped before the end (the run takes about 0.4 s)");
      if (waitMs > 0) QVERIFY(sim->cycle() > 0);
      while (!sim->finished()) sim->stepCycles(4096);
      compare(outcome(*sim));
    }
  }

  void destroyedWhileRunning() {
    for (const int waitMs : {0, 20}) {
      app::BackgroundRun run(fresh());
      QVERIFY(!run.waitEnded(waitMs));
    }  // stops and joins (ASan: nothing touched after the destructor)
  }
};

QTEST_APPLESS_MAIN(TstBackgroundRun)
#include "tst_background_run.moc"
