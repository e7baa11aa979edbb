// Panel edits reach the worker as typed values (ParamValue, never text or double), several edits
// in a row all arrive, and the top-k view shows the parallelism of the simulator's snapshot.
// Real main window, bundled model; expected values come from core (the registry, a Simulator
// built independently), never from the views under test.
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QSpinBox>
#include <QtTest>

#include "app/gui/backend/param_config.h"
#include "app/gui/main_window.h"
#include "app/gui/parameters_panel.h"
#include "app/gui/simulation_controller.h"
#include "views/common/session_model.h"
#include "views/widgets/topk_view.h"

using namespace spatten;

namespace {

void waitForFrame(app::MainWindow& w) {
  QTRY_VERIFY_WITH_TIMEOUT(
      w.session()->analysis() != nullptr || !w.controller()->lastError().isEmpty(), 120000);
  QTRY_VERIFY_WITH_TIMEOUT(!w.controller()->isBusy(), 120000);
  QVERIFY2(w.controller()->lastError().isEmpty(), qPrintable(w.controller()->lastError()));
  QTRY_VERIFY_WITH_TIMEOUT(w.session()->frame() != nullptr, 120000);
}

template <typename T>
bool holds(const app::ParamValues& values, const std::string& key, const T& expected) {
  const auto it = values.find(key);
  return it != values.end() && std::holds_alternative<T>(it->second) &&
         std::get<T>(it->second) == expected;
}

}  // namespace

class TstParamsWorker : public QObject {
  Q_OBJECT

private slots:
  // Four edits in a row (keyboard, spin boxes, a choice), faster than the controller's
  // coalescing: the request the worker receives holds every value with its registry type, and
  // the configurations built from it on the worker thread hold them exactly.
  void editsArriveTypedInTheWorkersConfig() {
    app::MainWindow w;
    w.load({}, {}, 1);
    waitForFrame(w);
    app::ParametersPanel* p = w.parametersPanel();
    const auto first = w.session()->analysis();

    auto* threshold = qobject_cast<QDoubleSpinBox*>(p->editor("pq_threshold"));
    auto* msb = qobject_cast<QSpinBox*>(p->editor("k_msb_bits"));
    auto* parallelism = qobject_cast<QSpinBox*>(p->editor("hw.topk.parallelism"));
    auto* model = qobject_cast<QComboBox*>(p->editor("hw.topk.model"));
    QVERIFY(threshold && msb && parallelism && model);
    threshold->setValue(0.07);
    msb->setValue(5);
    parallelism->setFocus();
    parallelism->selectAll();
    QTest::keyClicks(parallelism, QStringLiteral("4"));  // typed, as a user would
    model->setCurrentIndex(model->findText(QStringLiteral("alg3")));
    QCOMPARE(parallelism->value(), 4);

    QTRY_VERIFY_WITH_TIMEOUT(w.session()->analysis() != first, 120000);
    waitForFrame(w);
    const app::AnalysisRequest& sent = w.controller()->lastDispatched();
    QVERIFY(holds(sent.runParams, "pq_threshold", 0.07));
    QVERIFY(holds(sent.runParams, "k_msb_bits", std::int64_t{5}));
    QVERIFY(holds(sent.hwParams, "hw.topk.parallelism", std::int64_t{4}));
    QVERIFY(holds(sent.hwParams, "hw.topk.model", std::int64_t{0}));
    // The worker's configurations (the functions the worker thread calls).
    const core::RunConfig run = app::runConfigOf(sent, false);
    QCOMPARE(run.pq_threshold, 0.07);
    QCOMPARE(run.k_msb_bits, 5);
    const core::HwConfig hw = app::hwConfigOf(sent);
    QCOMPARE(hw.topkParallelism, 4);
    QCOMPARE(hw.topkModel, 0);
    // What the worker computed with them.
    const auto a = w.session()->analysis();
    QCOMPARE(a->pqThreshold, 0.07);
    QCOMPARE(a->kMsbBits, 5);
    QTRY_COMPARE_WITH_TIMEOUT(w.session()->frame()->topk.parallelism, 4u, 60000);
  }

  // The top-k view's parallelism is the snapshot's (TopKFrame has no other source: 0 until a
  // frame arrives): the value given with --set, then a panel edit, reach the simulator and come
  // back in its snapshot, and the view's export shows them.
  void topkViewParallelismFollowsTheSnapshot() {
    app::MainWindow w;
    QString error;
    QVERIFY2(w.applyAssignments({QStringLiteral("hw.topk.parallelism=8")}, &error),
             qPrintable(error));
    w.load({}, {}, 1);
    waitForFrame(w);
    auto* view = w.findChild<views::TopKView*>();
    QVERIFY(view);
    const auto csvParallelism = [view] {
      const QStringList lines = view->csv().split(QLatin1Char('\n'));
      const int column = lines.at(0).split(QLatin1Char(',')).indexOf(QStringLiteral("parallelism"));
      return lines.at(1).split(QLatin1Char(',')).value(column).toUInt();
    };
    const app::AnalysisRequest& sent = w.controller()->lastDispatched();
    const core::HwConfig hw = app::hwConfigOf(sent);
    QCOMPARE(hw.topkParallelism, 8);
    QCOMPARE(w.session()->frame()->topk.parallelism, 8u);
    QCOMPARE(csvParallelism(), 8u);

    auto* parallelism = qobject_cast<QSpinBox*>(w.parametersPanel()->editor("hw.topk.parallelism"));
    const auto frame = w.session()->frame();
    parallelism->setValue(32);
    QTRY_VERIFY_WITH_TIMEOUT(w.session()->frame() != frame && w.session()->frame(), 60000);
    QTRY_COMPARE_WITH_TIMEOUT(w.session()->frame()->topk.parallelism, 32u, 60000);
    QCOMPARE(csvParallelism(), 32u);
  }
};

QTEST_MAIN(TstParamsWorker)
#include "tst_params_worker.moc"
