// The research summary's dense run on a helper thread (app/gui/backend/background_run.h): run to
// the end there, it gives the statistics and event-log hash of the same simulation stepped on
// this thread; stopped early (finish() at once, or after a wait), the simulator it hands back
// continues to exactly that end here; destroyed while running, it stops and joins. The research
// summary (SummaryRun) takes such a run over, or hands it on, with the same figures.
// The official GPT-2-small trace (478,449 cycles: long enough to be stopped midway).
#include <QtTest>
#include <chrono>
#include <filesystem>
#include <thread>

#include "app/gui/backend/background_run.h"
#include "app/gui/backend/run_summary.h"
#include "core/sim/simulator.h"
#include "core/sim/stats.h"
#include "core/workload/workload_csv.h"
#include "tests/app/sim_outcome.h"

using namespace spatten;
using namespace spatten::core;

using test::outcomeOf;
using test::SimOutcome;

class TstBackgroundRun : public QObject {
  Q_OBJECT
  std::shared_ptr<const Workload> m_workload;
  SimOutcome m_want;  // the run stepped on this thread

  std::unique_ptr<Simulator> fresh() const {
    return std::make_unique<Simulator>(m_workload, HwConfig{}, 7, LogLevel::Modules);
  }
  void compare(const SimOutcome& got) {
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
    m_want = test::finishRun(*sim);
    QVERIFY(m_want.cycles > 100000);
  }

  void runsToTheEnd() {
    app::BackgroundRun run(fresh());
    // Generous: under ASan, beside other tests, the helper (nice 10) may get little of a core.
    QTRY_VERIFY_WITH_TIMEOUT(run.ended(), 240000);
    const auto sim = run.finish();
    QVERIFY(sim && sim->finished());
    compare(outcomeOf(*sim));
  }

  void stoppedEarlyContinuesExactly() {
    for (const int waitMs : {0, 30}) {
      app::BackgroundRun run(fresh());
      std::this_thread::sleep_for(std::chrono::milliseconds(waitMs));
      const auto sim = run.finish();
      QVERIFY(sim);
      QVERIFY2(!sim->finished(), "stopped before the end (the run takes about 0.4 s)");
      if (waitMs > 0) QVERIFY(sim->cycle() > 0);
      compare(test::finishRun(*sim));
    }
  }

  // The research summary takes the helper's run over in its first slice (the worker is free then)
  // and steps the rest itself; handed to the next edit midway, the run goes on on a new helper.
  // Either way the dense statistics are those of the run stepped here.
  void summaryTakesTheRunOver() {
    const auto stats = [](const core::SimStats& s) {
      return QString::fromStdString(statsToJson(s, HwConfig{}).dump());
    };
    const QString want = QString::fromStdString(m_want.stats);
    {
      app::SummaryRun summary(m_workload, m_workload, HwConfig{}, 7, std::nullopt, std::nullopt,
                              std::make_unique<app::BackgroundRun>(fresh()));
      int slices = 0;
      while (!summary.advance(10)) ++slices;
      QVERIFY(slices > 1);  // taken over unfinished, then stepped in slices
      QVERIFY(summary.denseStats().has_value());
      QCOMPARE(stats(*summary.denseStats()), want);
    }
    {
      app::SummaryRun first(m_workload, m_workload, HwConfig{}, 7, core::SimStats{}, std::nullopt,
                            std::make_unique<app::BackgroundRun>(fresh()));
      QVERIFY(!first.advance(20));
      std::unique_ptr<app::BackgroundRun> carried = first.takeDenseRun();
      QVERIFY(carried);
      const auto sim = carried->finish();
      QVERIFY(sim->cycle() > 0 && !sim->finished());
      QCOMPARE(QString::fromStdString(test::finishRun(*sim).stats), want);
    }
  }

  void destroyedWhileRunning() {
    for (const int waitMs : {0, 20}) {
      app::BackgroundRun run(fresh());
      std::this_thread::sleep_for(std::chrono::milliseconds(waitMs));
      QVERIFY(!run.ended());
    }  // stops and joins (ASan: nothing touched after the destructor)
  }
};

QTEST_APPLESS_MAIN(TstBackgroundRun)
#include "tst_background_run.moc"
