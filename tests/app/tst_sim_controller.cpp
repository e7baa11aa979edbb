// SimulationController and SimWorker: results arrive through queued signals, stale requests are
// dropped, and the GUI thread stays responsive while the worker computes.
#include <QElapsedTimer>
#include <QtTest>

#include "app/gui/sample_locator.h"
#include "app/gui/simulation_controller.h"
#include "app/gui/backend/run_presets.h"
#include "views/common/session_model.h"

using namespace spatten;

class TstSimController : public QObject {
  Q_OBJECT
private:
  static app::AnalysisRequest defaultRequest() {
    app::AnalysisRequest r;
    const auto models = app::bundledModels();
    if (!models.empty()) r.modelDir = models.front().dir;
    r.text = app::defaultSentence(r.modelDir);
    r.generate = 2;
    r.runPreset = app::defaultRunPreset(false);
    r.runParams = app::runPresetValues(r.runPreset);
    r.hwPreset = app::defaultHardwarePreset();
    return r;
  }

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
    QString joined;
    for (const auto& t : session.analysis()->tokens) joined += t.text;
    QVERIFY(joined.startsWith(QStringLiteral("Request number 4 with some words")));
  }

  void debounceMergesBursts() {
    views::SessionModel session;
    app::SimulationController c(&session);
    app::AnalysisRequest r = defaultRequest();
    for (int i = 0; i < 10; ++i) c.submit(r);
    QTRY_VERIFY_WITH_TIMEOUT(session.analysis() != nullptr, 120000);
    QCOMPARE(c.generation(), std::uint64_t{1});
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
