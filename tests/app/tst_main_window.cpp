// End to end: the main window on the bundled default model and sentence. Asserts that the views
// show exactly what core computes (heatmap cells = core forward() probabilities, token strip =
// tokenizer output) and that parameter edits recompute.
#include <QAction>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QSpinBox>
#include <QTabWidget>
#include <QElapsedTimer>
#include <QLabel>
#include <QStatusBar>
#include <QtTest>
#include <qcustomplot.h>

#include "app/gui/input_panel.h"
#include "app/gui/main_window.h"
#include "app/gui/parameters_panel.h"
#include "app/gui/sample_locator.h"
#include "app/gui/simulation_controller.h"
#include "core/model/forward.h"
#include "core/model/model.h"
#include "core/tokenizer/tokenizer.h"
#include "app/gui/actions.h"
#include "app/gui/backend/run_presets.h"
#include "core/functional/run_report.h"
#include "views/common/session_model.h"
#include "views/models/pruning_grid_model.h"
#include "views/plots/dram_traffic_view.h"
#include "views/widgets/pruning_grid_view.h"
#include "views/plots/attention_heatmap_view.h"
#include "views/widgets/token_strip.h"

using namespace spatten;

class TstMainWindow : public QObject {
  Q_OBJECT
private:
  QString artifacts() const {
    const QString dir = qEnvironmentVariable("SPATTEN_TEST_ARTIFACTS", QDir::tempPath());
    QDir().mkpath(dir);
    return dir;
  }
  static void waitForResult(app::MainWindow& w) {
    QTRY_VERIFY_WITH_TIMEOUT(w.session()->analysis() != nullptr || !w.controller()->lastError().isEmpty(),
                             120000);
    QVERIFY2(w.controller()->lastError().isEmpty(), qPrintable(w.controller()->lastError()));
    QTRY_VERIFY_WITH_TIMEOUT(!w.controller()->isBusy(), 120000);
  }

private slots:
  void defaultModelIsBundled() {
    const auto models = app::bundledModels();
    QVERIFY2(!models.empty(), "no bundled model found next to the binary or in SPATTEN_SAMPLES_DIR");
    QVERIFY(!app::isBertModel(models.front().dir));  // GPT-2 first
  }

  void heatmapShowsCoreAttention() {
    app::MainWindow w;
    w.resize(1600, 1000);
    w.show();
    w.load({}, {});
    waitForResult(w);
    const auto analysis = w.session()->analysis();
    QVERIFY(analysis);
    QCOMPARE(w.inputPanel()->text(), app::defaultSentence(w.inputPanel()->modelDir()));

    // Independent computation: core tokenizer + dense forward on the same text.
    const std::filesystem::path dir = w.inputPanel()->modelDir().toStdString();
    const auto tokenizer = core::loadTokenizer(dir);
    const auto model = core::Model::load(dir);
    const auto tokens = tokenizer->encode(w.inputPanel()->text().toStdString());
    QStringList texts;
    for (const auto& t : tokens) texts << QString::fromStdString(t.text);
    // The heatmap shows the dense forward over the whole sequence (prompt + generated tokens);
    // pass 0 shows the prompt rows.
    std::vector<int> ids;
    for (const auto& t : analysis->tokens) ids.push_back(t.id);
    for (std::size_t i = 0; i < tokens.size(); ++i) QCOMPARE(ids[i], tokens[i].id);
    const core::ForwardTrace trace = core::forward(*model, ids);

    auto* strip = w.findChild<views::TokenStrip*>();
    QVERIFY(strip);
    QCOMPARE(strip->tokenTexts().mid(0, texts.size()), texts);

    auto* heat = w.findChild<views::AttentionHeatmapView*>();
    QVERIFY(heat);
    heat->setMaskPruned(false);
    const int layer = model->config().layers - 1;
    const int head = model->config().heads - 1;
    w.session()->selectLayerHead(layer, head);
    QCPColorMapData* data = heat->colorMap()->data();
    const int n = static_cast<int>(tokens.size());
    QCOMPARE(data->keySize(), n);
    QCOMPARE(data->valueSize(), n);
    const auto& p = trace.layers[static_cast<std::size_t>(layer)].heads[static_cast<std::size_t>(head)].probs;
    for (int q = 0; q < n; ++q)
      for (int k = 0; k < n; ++k) QVERIFY(std::abs(data->cell(k, q) - p(q, k)) < 1e-6);
    // "Mask pruned": the attention the pruned run used, built for the shown head from the
    // requests when it is first shown; blank (NaN) where the run computed nothing.
    QVERIFY(analysis->hasSpatten && analysis->usedProbs.empty());
    heat->setMaskPruned(true);
    const views::Matrix used = views::usedAttention(*analysis, layer, head);
    QCOMPARE(heat->currentMatrix()->values.size(), used.values.size());
    int drawn = 0;
    for (int q = 0; q < heat->shownRows(); ++q)
      for (int k = 0; k < heat->shownRows(); ++k) {
        const double c = data->cell(k, q);
        const float u = used.at(q, k);
        QCOMPARE(std::isnan(c), std::isnan(u));
        if (!std::isnan(u)) QCOMPARE(static_cast<float>(c), u);
        drawn += std::isnan(u) ? 0 : 1;
      }
    QVERIFY(drawn > 0);
    heat->setMaskPruned(false);

    // Selecting a token in the strip's model is reflected in the heatmap's selection outline.
    w.session()->selectToken(2);
    QCOMPARE(w.session()->selection().token, 2);
    QVERIFY(w.statusText().contains(QStringLiteral("layers")));
    heat->plot()->savePng(artifacts() + QStringLiteral("/main_window_heatmap.png"), 800, 600);
    w.grab().save(artifacts() + QStringLiteral("/main_window.png"));
  }

  void parameterChangeRecomputes() {
    app::MainWindow w;
    w.load({}, {});
    waitForResult(w);
    const auto first = w.session()->analysis();
    const std::uint64_t gen = w.controller()->generation();
    auto* keep = qobject_cast<QDoubleSpinBox*>(w.parametersPanel()->editor("token_keep_end"));
    QVERIFY(keep);
    // A burst of edits within one event is coalesced into one request. (The last value differs
    // from the preset's 0.3: an unchanged request returns the very same result object.)
    keep->setValue(0.5);
    keep->setValue(0.4);
    keep->setValue(0.25);
    QTRY_VERIFY_WITH_TIMEOUT(w.session()->analysis() != first, 120000);
    QCOMPARE(w.controller()->generation(), gen + 1);
  }

  // The token grid and the DRAM chart show exactly what an independent core::runReport on the
  // same text and preset computes.
  void spattenViewsMatchCore() {
    app::MainWindow w;
    w.load({}, {}, 2);
    waitForResult(w);
    const std::filesystem::path dir = w.inputPanel()->modelDir().toStdString();
    const auto tokenizer = core::loadTokenizer(dir);
    const auto model = core::Model::load(dir);
    std::vector<int> ids;
    for (const auto& t : tokenizer->encode(w.inputPanel()->text().toStdString())) ids.push_back(t.id);
    core::RunConfig cfg = core::presetConfig(app::defaultRunPreset(false).toStdString());
    cfg.generate = 2;
    const core::RunReport report = core::runReport(*model, ids, cfg);

    auto* dram = w.findChild<views::DramTrafficView*>();
    QVERIFY(dram);
    QCOMPARE(dram->plottedSpattenBytes(), static_cast<double>(report.pruned.dram.total.total()));
    QCOMPARE(dram->plottedDenseBytes(), static_cast<double>(report.denseBaseline.total.total()));

    views::PruningGridView* grid = nullptr;
    for (auto* g : w.findChildren<views::PruningGridView*>())
      if (g->model()->kind() == views::PruningGridModel::Kind::Tokens) grid = g;
    QVERIFY(grid);
    w.session()->selectIteration(0);
    const views::PruningGridModel* m = grid->model();
    int checked = 0;
    for (const core::LayerRecord& r : report.pruned.layerRecords) {
      if (r.iteration != 0) continue;
      for (int t = 0; t < r.sequenceLength; ++t) {
        const bool computed = std::find(r.computedTokens.begin(), r.computedTokens.end(), t) !=
                              r.computedTokens.end();
        QCOMPARE(m->data(m->index(r.layer, t), views::PruningGridModel::PrunedRole).toBool(), !computed);
        ++checked;
      }
    }
    QVERIFY(checked > 0);
  }

  // Stepping drives the simulator on the worker: cycle, event, back, run/pause, reset.
  void steppingAndResponsiveness() {
    app::MainWindow w;
    w.show();
    w.load({}, {}, 1);
    waitForResult(w);
    QTRY_VERIFY_WITH_TIMEOUT(w.session()->frame() != nullptr, 120000);
    QCOMPARE(w.session()->frame()->cycle, std::uint64_t{0});
    QVERIFY(w.actions()->stepCycle->isEnabled());
    w.actions()->stepCycle->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(w.session()->frame()->cycle, std::uint64_t{1}, 10000);
    w.actions()->nextEvent->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(w.session()->frame()->cycle > 1, 10000);
    const std::uint64_t afterEvent = w.session()->frame()->cycle;
    w.actions()->stepBack->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(w.session()->frame()->cycle, afterEvent - 1, 10000);
    w.actions()->nextQuery->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(w.session()->frame()->cycle > afterEvent - 1, 10000);
    QVERIFY(w.statusText().contains(QStringLiteral("Cycle %1").arg(w.session()->frame()->cycle)));

    // Run at full speed; the GUI thread keeps processing queued work within 100 ms.
    w.actions()->speed->setCurrentIndex(w.actions()->speed->count() - 1);
    const std::uint64_t before = w.session()->frame()->cycle;
    QSignalSpy running(w.controller(), &app::SimulationController::runningChanged);
    w.actions()->runPause->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(running.count() >= 1, 5000);
    QCOMPARE(running.at(0).at(0).toBool(), true);
    for (int i = 0; i < 5 && w.controller()->isRunning(); ++i) {
      QElapsedTimer t;
      t.start();
      bool ran = false;
      QMetaObject::invokeMethod(this, [&] { ran = true; }, Qt::QueuedConnection);
      QTRY_VERIFY_WITH_TIMEOUT(ran, 100);
      QVERIFY(t.elapsed() < 100);
    }
    if (w.controller()->isRunning()) w.actions()->runPause->trigger();  // pause
    QTRY_VERIFY_WITH_TIMEOUT(!w.controller()->isRunning(), 500);
    QTRY_VERIFY_WITH_TIMEOUT(w.session()->frame()->cycle > before, 5000);
    w.actions()->reset->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(w.session()->frame()->cycle, std::uint64_t{0}, 10000);
  }

  // Follow mode (on by default): the keys a teacher steps with move the Attention view's layer,
  // head and pass to the request the simulator computes; a spin box set by hand stays until the
  // next step; Ctrl+Shift+F turns it off.
  void steppingMovesTheHeatmapToTheCursor() {
    app::MainWindow w;
    w.resize(1280, 720);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    w.load({}, {}, 1);
    waitForResult(w);
    QTRY_VERIFY_WITH_TIMEOUT(w.session()->frame() != nullptr, 120000);
    QVERIFY(w.actions()->followSimulator->isChecked());
    w.tabs()->setCurrentIndex(0);
    auto* layer = w.findChild<QSpinBox*>(QStringLiteral("heatmapLayer"));
    auto* head = w.findChild<QSpinBox*>(QStringLiteral("heatmapHead"));
    QVERIFY(layer && head);
    const auto cursorShown = [&] {
      const auto& f = w.session()->frame();
      return f && f->request >= 0 && layer->value() == f->layer && head->value() == f->head &&
             w.session()->selection().request == f->request;
    };
    // The status bar keeps its layout while stepping: its cycle and cursor labels take the width
    // of their widest text from the start (the state label beside them wrapped on the first step,
    // and the window jumped by a line).
    auto* cycleLabel = w.statusBar()->findChild<QLabel*>(QStringLiteral("statusCycle"));
    auto* cursorLabel = w.statusBar()->findChild<QLabel*>(QStringLiteral("statusCursor"));
    QVERIFY(cycleLabel && cursorLabel);
    // The run's last cycle, which the cycle label reserves digits for, comes with the timeline.
    QTRY_VERIFY_WITH_TIMEOUT(w.session()->frame()->timeline != nullptr, 60000);
    QTest::qWait(50);  // the status bar's layout
    const QList<int> widths{cycleLabel->width(), cursorLabel->width(), w.statusBar()->height()};
    QTest::keyClick(&w, Qt::Key_F9);  // next head
    QTRY_VERIFY_WITH_TIMEOUT(w.session()->frame()->cycle > 0, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(cursorShown(), 10000);
    QTest::qWait(50);  // the status bar's layout
    QCOMPARE((QList<int>{cycleLabel->width(), cursorLabel->width(), w.statusBar()->height()}),
             widths);
    const int firstHead = head->value();
    QTest::keyClick(&w, Qt::Key_F9);
    QTRY_VERIFY_WITH_TIMEOUT(head->value() != firstHead && cursorShown(), 10000);
    QTest::keyClick(&w, Qt::Key_F9, Qt::ShiftModifier);  // next layer
    QTRY_VERIFY_WITH_TIMEOUT(layer->value() >= 1 && cursorShown(), 10000);
    const int cursorLayer = layer->value();
    layer->setValue(0);  // by hand: stays while the frame stays
    QCOMPARE(w.session()->selection().layer, 0);
    QTest::keyClick(&w, Qt::Key_F, Qt::ControlModifier | Qt::ShiftModifier);
    QVERIFY(!w.actions()->followSimulator->isChecked());
    const std::uint64_t cycle = w.session()->frame()->cycle;
    QTest::keyClick(&w, Qt::Key_F9);
    QTRY_VERIFY_WITH_TIMEOUT(w.session()->frame()->cycle > cycle, 10000);
    QCOMPARE(layer->value(), 0);
    QTest::keyClick(&w, Qt::Key_F, Qt::ControlModifier | Qt::ShiftModifier);  // on: at once
    QVERIFY(cursorShown());
    QVERIFY(layer->value() >= cursorLayer);
  }

  void textChangeUpdatesTokens() {
    app::MainWindow w;
    w.load({}, QStringLiteral("Hello world"));
    waitForResult(w);
    const int before = static_cast<int>(w.session()->analysis()->tokens.size());
    w.inputPanel()->setText(QStringLiteral("Hello world, this sentence is longer than before."));
    QTRY_VERIFY_WITH_TIMEOUT(w.session()->analysis() &&
                                 w.session()->analysis()->promptLength > before,
                             120000);
  }
};

QTEST_MAIN(TstMainWindow)
#include "tst_main_window.moc"
