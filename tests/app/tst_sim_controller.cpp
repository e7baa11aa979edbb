// SimulationController and SimWorker: results arrive through queued signals, stale requests are
// dropped, edits are dispatched at once and coalesced while one is in flight, the timeline
// follows the first frame, and the GUI thread stays responsive while the worker computes.
#include <QElapsedTimer>
#include <QtTest>

#include "app/gui/sample_locator.h"
#include "app/gui/simulation_controller.h"
#include "app/gui/backend/run_presets.h"
#include "views/common/session_model.h"
#include "default_request.h"

using namespace spatten;

namespace {
// The text of the analysis the session shows (its tokens joined).
QString shownText(const views::SessionModel& session) {
  QString text;
  for (const auto& t : session.analysis()->tokens) text += t.text;
  return text;
}
}  // namespace

class TstSimController : public QObject {
  Q_OBJECT
private:
  static app::AnalysisRequest defaultRequest() { return test::defaultAnalysisRequest(); }

private slots:
  void resultArrivesOnGuiThread() {
    views::SessionModel session;
    app::SimulationController c(&session);
    QSignalSpy spy(&session, &views::SessionModel::analysisChanged);
    c.submitNow(defaultRequest());
    QVERIFY(c.isBusy());
    QVERIFY(spy.wait(120000));
    QVERIFY(session.analysis());
    QVERIFY(!c.isBusy());
    QVERIFY(session.analysis()->passCount == 3);  // summarization + 2 generated tokens
  }

  // Cancel (Ctrl+.): the analysis in flight stops, every view says it was cancelled, the next
  // request computes normally; with nothing in flight cancel does nothing.
  void cancelStopsTheComputation() {
    views::SessionModel session;
    app::SimulationController c(&session);
    QSignalSpy failed(&c, &app::SimulationController::analysisFailed);
    c.submitNow(defaultRequest());
    QVERIFY(c.cancel());
    QTRY_VERIFY_WITH_TIMEOUT(!c.isBusy(), 120000);
    QCOMPARE(failed.size(), 1);
    QVERIFY(failed.at(0).at(0).toString().startsWith(QStringLiteral("Cancelled")));
    QVERIFY(!session.analysis());
    QVERIFY(session.analysisReason().startsWith(QStringLiteral("Cancelled")));
    QVERIFY(!c.cancel());
    c.submitNow(defaultRequest());
    QTRY_VERIFY_WITH_TIMEOUT(session.analysis() != nullptr, 120000);
    QCOMPARE(failed.size(), 1);
  }

  void staleRequestsAreDropped() {
    views::SessionModel session;
    app::SimulationController c(&session);
    int changes = 0;
    connect(&session, &views::SessionModel::analysisChanged, this, [&] { ++changes; });
    app::AnalysisRequest r = defaultRequest();
    for (int i = 0; i < 5; ++i) {
      r.text = QStringLiteral("Request number %1 with some words").arg(i);
      c.submitNow(r);
    }
    QTRY_VERIFY_WITH_TIMEOUT(!c.isBusy(), 120000);
    QCOMPARE(c.generation(), std::uint64_t{5});
    QVERIFY(changes >= 1);
    QVERIFY(changes < 5);  // older generations were skipped or dropped
    QVERIFY(shownText(session).startsWith(QStringLiteral("Request number 4 with some words")));
  }

  // A burst of edits within one event makes one request.
  void debounceMergesBursts() {
    views::SessionModel session;
    app::SimulationController c(&session);
    app::AnalysisRequest r = defaultRequest();
    for (int i = 0; i < 10; ++i) c.submit(r);
    QTRY_VERIFY_WITH_TIMEOUT(session.analysis() != nullptr, 120000);
    QCOMPARE(c.generation(), std::uint64_t{1});
  }

  // Edits of one event make one request, dispatched when the event loop regains control (no
  // debounce delay).
  void singleEditIsDispatchedAtOnce() {
    views::SessionModel session;
    app::SimulationController c(&session);
    app::AnalysisRequest r = defaultRequest();
    c.submit(r);
    c.submit(r);
    QCOMPARE(c.generation(), std::uint64_t{0});
    QCoreApplication::processEvents();
    QCOMPARE(c.generation(), std::uint64_t{1});
    QTRY_VERIFY_WITH_TIMEOUT(!c.isBusy(), 120000);
  }

  // A drag: edits arriving while a request is in flight are coalesced into one trailing request
  // with the last values, dispatched when the in-flight result arrives (which is shown).
  void editsDuringComputationAreCoalesced() {
    views::SessionModel session;
    app::SimulationController c(&session);
    int changes = 0;
    connect(&session, &views::SessionModel::analysisChanged, this, [&] { ++changes; });
    app::AnalysisRequest r = defaultRequest();
    r.text = QStringLiteral("Request number 0 with some words");
    c.submit(r);
    QCoreApplication::processEvents();
    QCOMPARE(c.generation(), std::uint64_t{1});
    for (int i = 1; i <= 10; ++i) {
      r.text = QStringLiteral("Request number %1 with some words").arg(i);
      c.submit(r);
      QCoreApplication::processEvents();
    }
    QTRY_VERIFY_WITH_TIMEOUT(!c.isBusy(), 120000);
    QVERIFY(c.generation() >= 2);
    QVERIFY(c.generation() < 11);
    QCOMPARE(std::uint64_t(changes), c.generation());  // every dispatched result was shown
    QVERIFY(shownText(session).startsWith(QStringLiteral("Request number 10 with some words")));
  }

  // The simulator's first frame is published without the whole-run timeline; a later frame of
  // the same cycle carries it.
  void timelineFollowsTheFirstFrame() {
    views::SessionModel session;
    app::SimulationController c(&session);
    std::vector<views::SimFramePtr> frames;
    connect(&session, &views::SessionModel::frameChanged, this,
            [&] { frames.push_back(session.frame()); });
    c.submitNow(defaultRequest());
    QTRY_VERIFY_WITH_TIMEOUT(!frames.empty() && frames.back()->timeline, 120000);
    QVERIFY(frames.size() >= 2);
    QVERIFY(!frames.front()->timeline);
    QCOMPARE(frames.back()->cycle, frames.front()->cycle);
    QVERIFY(frames.back()->timeline->lastCycle > 0);
  }

  void guiStaysResponsiveWhileComputing() {
    views::SessionModel session;
    app::SimulationController c(&session);
    app::AnalysisRequest r = defaultRequest();
    r.generate = 8;
    c.submitNow(r);
    // While the worker computes, a queued lambda on the GUI thread runs within 100 ms.
    for (int i = 0; i < 5 && c.isBusy(); ++i) {
      QElapsedTimer t;
      t.start();
      bool ran = false;
      QMetaObject::invokeMethod(this, [&] { ran = true; }, Qt::QueuedConnection);
      QTRY_VERIFY_WITH_TIMEOUT(ran, 100);
      QVERIFY(t.elapsed() < 100);
    }
    QTRY_VERIFY_WITH_TIMEOUT(!c.isBusy(), 120000);
  }
};

QTEST_MAIN(TstSimController)
#include "tst_sim_controller.moc"
