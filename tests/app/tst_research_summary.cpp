// The research summary view (issue 13, "Teaching"): its cycles equal an independent
// core::Simulator run of the same workload computed here (core::runReport + core::toWorkload, the
// CLI's path, not the app's backend), for the pruned run and the dense preset's run on the same
// hardware; speedup = dense cycles / pruned cycles; the bottleneck is the module with the most
// busy cycles; Alt+0 opens it; CSV export; hardware edits re-simulate the dense run.
#include <QAction>
#include <QDoubleSpinBox>
#include <QFile>
#include <QSpinBox>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QtTest>

#include "app/gui/backend/run_summary.h"
#include "app/gui/input_panel.h"
#include "app/gui/main_window.h"
#include "app/gui/parameters_panel.h"
#include "app/gui/simulation_controller.h"
#include "core/functional/run_report.h"
#include "core/functional/workload_convert.h"
#include "core/model/model.h"
#include "core/sim/simulator.h"
#include "core/tokenizer/tokenizer.h"
#include "views/common/chart_export.h"
#include "views/common/session_model.h"
#include "views/widgets/summary_view.h"

using namespace spatten;

namespace {

struct Independent {
  core::SimStats pruned, dense;
};

// The window's model and text through core::runReport with the preset `preset` and `generate`,
// both request streams through core::Simulator on `hw` to the end.
Independent simulate(const app::MainWindow& w, const char* preset, int generate,
                     const core::HwConfig& hw) {
  const std::filesystem::path dir = w.inputPanel()->modelDir().toStdString();
  const auto tokenizer = core::loadTokenizer(dir);
  const auto model = core::Model::load(dir);
  std::vector<int> ids;
  for (const auto& t : tokenizer->encode(w.inputPanel()->text().toStdString())) ids.push_back(t.id);
  core::RunConfig cfg = core::presetConfig(preset);
  cfg.generate = generate;
  // The probabilities ride along in the workload: the local-V top-k engine's quick-select rounds
  // depend on them (as in spatten-cli simulate --model and the app).
  core::RunOptions opt;
  opt.recordAttention = true;
  const core::RunReport rep = core::runReport(*model, ids, cfg, opt);
  auto run = [&](const core::RunResult& r) {
    core::Simulator sim(std::make_shared<const core::Workload>(core::toWorkload(r, "test")), hw,
                        cfg.seed, core::LogLevel::Off);
    sim.run();
    return sim.stats();
  };
  return {run(rep.pruned), run(*rep.dense)};
}

int mostBusy(const core::SimStats& s) {
  int best = 0;
  for (int m = 1; m < core::kModuleCount; ++m)
    if (s.modules[static_cast<std::size_t>(m)].busy >
        s.modules[static_cast<std::size_t>(best)].busy)
      best = m;
  return best;
}

void waitForSummary(app::MainWindow& w) {
  QTRY_VERIFY_WITH_TIMEOUT(!w.controller()->isBusy(), 120000);
  QTRY_VERIFY_WITH_TIMEOUT(w.session()->frame() && w.session()->frame()->summary, 120000);
}

void check(const views::RunSummary& s, const Independent& want) {
  QCOMPARE(s.pruned.cycles, want.pruned.cycles);
  QCOMPARE(s.dense.cycles, want.dense.cycles);
  QVERIFY(s.pruned.cycles > 0 && s.dense.cycles > 0);
  QCOMPARE(s.speedup(),
           static_cast<double>(want.dense.cycles) / static_cast<double>(want.pruned.cycles));
  QCOMPARE(s.bottleneck, mostBusy(want.pruned));
  QCOMPARE(s.modules.size(), std::size_t(core::kModuleCount));
  for (int m = 0; m < core::kModuleCount; ++m) {
    const auto& c = want.pruned.modules[static_cast<std::size_t>(m)];
    const auto& got = s.modules[static_cast<std::size_t>(m)];
    QCOMPARE(got.busy, c.busy);
    QCOMPARE(got.stalled, c.stalled);
    QCOMPARE(got.idle, c.idle);
    QCOMPARE(got.busy + got.stalled + got.idle, want.pruned.cycles);
  }
  for (int k = 0; k < core::kDataKinds; ++k) {
    QCOMPARE(s.pruned.dramBytes[static_cast<std::size_t>(k)],
             want.pruned.dramBytes[static_cast<std::size_t>(k)]);
    QCOMPARE(s.dense.dramBytes[static_cast<std::size_t>(k)],
             want.dense.dramBytes[static_cast<std::size_t>(k)]);
  }
}

}  // namespace

class TstResearchSummary : public QObject {
  Q_OBJECT

private slots:
  void gpt2MatchesIndependentSimulation() {
    app::MainWindow w;
    w.load({}, {}, 4);
    waitForSummary(w);
    QVERIFY(w.session()->frame() && w.session()->frame()->summary);
    const auto s = w.session()->frame()->summary;
    const core::HwConfig hw = core::HwConfig::preset("spatten");
    check(*s, simulate(w, "spatten-gpt2", 4, hw));
    // The view shows this summary, names the bottleneck and the speedup.
    auto* view = qobject_cast<views::SummaryView*>(w.view(QStringLiteral("summary")));
    QVERIFY(view);
    QCOMPARE(view->summary(), s);
    const QString name =
        QString::fromUtf8(core::kModules[static_cast<std::size_t>(s->bottleneck)].label);
    QVERIFY(view->html().contains(QStringLiteral("Bottleneck: %1").arg(name.toHtmlEscaped())));
    QVERIFY(view->html().contains(QStringLiteral("speedup %1").arg(s->speedup(), 0, 'f', 2)));
    // Energy: core's model, the dense run's too.
    QCOMPARE(s->energyTotal(false),
             core::computeEnergy(simulate(w, "spatten-gpt2", 4, hw).pruned, hw).totalPj());
    // Alt+0 opens it.
    QAction* alt0 = nullptr;
    for (QAction* a : w.findChildren<QAction*>())
      if (a->shortcut() == QKeySequence(Qt::ALT | Qt::Key_0)) alt0 = a;
    QVERIFY(alt0);
    alt0->trigger();
    QCOMPARE(w.tabs()->currentWidget(), static_cast<QWidget*>(view));
    QVERIFY(!view->whatsThis().isEmpty());
    // CSV export: the cycles row.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("summary.csv"));
    QString error;
    QVERIFY2(views::exportView(
                 view, nullptr, [view] { return view->csv(); }, path, &error),
             qPrintable(error));
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QVERIFY(QString::fromUtf8(f.readAll())
                .contains(
                    QStringLiteral("run,cycles,%1,%2").arg(s->pruned.cycles).arg(s->dense.cycles)));
  }

  // Hardware edits re-simulate the dense run (on a helper thread beside the timeline run): two
  // edits in a row, the second before the first one's summary can be out (its dense run is
  // dropped or carried), then a run edit that keeps the dense run (its statistics are reused).
  // Each final summary equals the independent runs on the final hardware.
  void hardwareEditsResimulateTheDenseRun() {
    app::MainWindow w;
    w.load({}, {}, 4);
    waitForSummary(w);
    const auto before = w.session()->frame()->summary;
    auto* channels = qobject_cast<QSpinBox*>(w.parametersPanel()->editor("hw.hbm.channels"));
    QVERIFY(channels);
    channels->setValue(8);
    channels->setValue(4);
    QTRY_VERIFY_WITH_TIMEOUT(w.session()->frame() && w.session()->frame()->summary &&
                                 w.session()->frame()->summary != before &&
                                 !w.controller()->isBusy(),
                             120000);
    waitForSummary(w);
    core::HwConfig hw = core::HwConfig::preset("spatten");
    hw.hbmChannels = 4;
    const Independent want = simulate(w, "spatten-gpt2", 4, hw);
    QVERIFY(want.dense.cycles != before->dense.cycles);  // so a reused dense run would fail
    check(*w.session()->frame()->summary, want);
    // A run edit: the dense request stream and the hardware are unchanged.
    const auto afterHw = w.session()->frame()->summary;
    auto* keep = qobject_cast<QDoubleSpinBox*>(w.parametersPanel()->editor("token_keep_end"));
    QVERIFY(keep);
    keep->setValue(keep->value() > 0.5 ? 0.4 : 0.6);
    QTRY_VERIFY_WITH_TIMEOUT(w.session()->frame() && w.session()->frame()->summary &&
                                 w.session()->frame()->summary != afterHw,
                             120000);
    waitForSummary(w);
    QCOMPARE(w.session()->frame()->summary->dense.cycles, want.dense.cycles);
    QVERIFY(w.session()->frame()->summary->pruned.cycles != want.pruned.cycles);
  }

  // summarize(): the bottleneck is the module with the most busy cycles (the first on a tie).
  void bottleneckIsMostBusy() {
    core::SimStats p, d;
    p.cycles = d.cycles = 100;
    for (auto& m : p.modules) m = {10, 0, 90};
    p.modules[4] = {70, 10, 20};
    p.modules[6] = {70, 0, 30};
    d.cycles = 250;
    const views::RunSummary s = app::summarize(p, d, core::HwConfig::preset("spatten"));
    QCOMPARE(s.bottleneck, 4);
    QCOMPARE(s.speedup(), 2.5);
  }
};

QTEST_MAIN(TstResearchSummary)
#include "tst_research_summary.moc"
