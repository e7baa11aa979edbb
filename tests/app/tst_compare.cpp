// Compare mode (issue 15, GUI): B = the current configuration pinned (policy spatten), A = policy
// h2o. The Compare table's figures equal core's results computed here for both configurations
// (core::runReport + core::toWorkload + core::Simulator, the CLI's path, not the app's backend);
// the A - B grids' per-cell classes equal the two runs' computed token / head sets; stepping
// moves both simulators and both timeline cursors; A | B | A - B and Clear B; B in sessions.
#include <QAction>
#include <QTableWidget>
#include <QtTest>

#include "app/gui/actions.h"
#include "app/gui/compare_controls.h"
#include "app/gui/input_panel.h"
#include "app/gui/main_window.h"
#include "app/gui/session_state.h"
#include "app/gui/simulation_controller.h"
#include "core/functional/run_report.h"
#include "core/functional/workload_convert.h"
#include "core/model/model.h"
#include "core/sim/simulator.h"
#include "core/tokenizer/tokenizer.h"
#include "views/common/session_model.h"
#include "views/models/pruning_grid_model.h"
#include "views/plots/compare_timeline.h"
#include "views/plots/dram_traffic_view.h"
#include "views/plots/timeline_view.h"
#include "views/widgets/compare_table.h"
#include "views/widgets/pruning_grid_view.h"

using namespace spatten;

namespace {

constexpr int kGenerate = 2;

struct Independent {
  core::RunReport report;
  core::SimStats pruned, dense;
};

// The window's model and text, preset spatten-gpt2 with `policy`, on the "spatten" hardware.
Independent compute(const app::MainWindow& w, const std::string& policy) {
  const std::filesystem::path dir = w.inputPanel()->modelDir().toStdString();
  const auto tokenizer = core::loadTokenizer(dir);
  const auto model = core::Model::load(dir);
  std::vector<int> ids;
  for (const auto& t : tokenizer->encode(w.inputPanel()->text().toStdString())) ids.push_back(t.id);
  core::RunConfig cfg = core::presetConfig("spatten-gpt2");
  cfg.generate = kGenerate;
  cfg.policy = policy;
  core::RunOptions opt;
  opt.recordAttention = true;  // the top-k engine's rounds depend on the probabilities
  Independent out{core::runReport(*model, ids, cfg, opt), {}, {}};
  const core::HwConfig hw = core::HwConfig::preset("spatten");
  const auto simulate = [&](const core::RunResult& r) {
    core::Simulator sim(std::make_shared<const core::Workload>(core::toWorkload(r, "test")), hw,
                        cfg.seed, core::LogLevel::Off);
    sim.run();
    return sim.stats();
  };
  out.pruned = simulate(out.report.pruned);
  out.dense = simulate(*out.report.dense);
  return out;
}

bool settled(const app::MainWindow& w) {
  const views::SessionModel* s = w.session();
  return !w.controller()->isBusy() && s->frameA() && s->frameA()->summary && s->frameB() &&
         s->frameB()->summary && s->analysisB();
}

double cellValue(views::CompareTable* t, const QString& row, int column) {
  const int r = t->row(row);
  if (r < 0) return std::nan("");
  const QVariant v = t->table()->item(r, column)->data(Qt::UserRole);
  return v.isValid() ? v.toDouble() : std::nan("");
}

void checkFigure(views::CompareTable* t, const QString& row, double a, double b) {
  QVERIFY2(t->row(row) >= 0, qPrintable(row));
  QCOMPARE(cellValue(t, row, 1), a);
  QCOMPARE(cellValue(t, row, 2), b);
  QCOMPARE(cellValue(t, row, 3), a - b);
}

bool contains(const std::vector<int>& v, int x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

// Every cell of `grid`'s pass `pass` against the computed sets of both runs; returns how many
// cells only one side keeps.
int checkGrid(views::PruningGridView* grid, views::SessionModel* session, int pass,
              const core::RunResult& a, const core::RunResult& b, bool heads) {
  session->selectIteration(pass);
  const views::PruningGridModel* m = grid->model();
  if (m->iteration() != pass || !m->comparing()) return -1;
  int differing = 0;
  for (const core::LayerRecord& ra : a.layerRecords) {
    if (ra.iteration != pass) continue;
    const core::LayerRecord* rb = nullptr;
    for (const core::LayerRecord& r : b.layerRecords)
      if (r.iteration == pass && r.layer == ra.layer) rb = &r;
    if (!rb) return -1;
    for (int c = 0; c < m->columnCount(); ++c) {
      const bool keptA = contains(heads ? ra.computedHeads : ra.computedTokens, c);
      const bool keptB = contains(heads ? rb->computedHeads : rb->computedTokens, c);
      using K = views::PruningGridModel::KeepClass;
      const K want = keptA && keptB ? K::Both : keptA ? K::OnlyA : keptB ? K::OnlyB : K::Neither;
      const int got =
          m->data(m->index(ra.layer, c), views::PruningGridModel::KeepClassRole).toInt();
      if (got != static_cast<int>(want)) return -1;
      differing += keptA != keptB;
    }
  }
  return differing;
}

}  // namespace

class TstCompare : public QObject {
  Q_OBJECT

private slots:
  void pinnedPolicyAgainstCore() {
    app::MainWindow w;
    w.load({}, {}, kGenerate);
    QTRY_VERIFY_WITH_TIMEOUT(!w.controller()->isBusy() && w.session()->frame(), 120000);
    app::CompareControls* cmp = w.compare();
    QVERIFY(!cmp->showDiff->isEnabled());  // nothing to compare yet
    cmp->pinB->trigger();                  // B = spatten-gpt2, policy spatten
    QVERIFY(w.session()->hasCompare());
    QString error;
    QVERIFY2(w.loadAssignments({QStringLiteral("policy=h2o")}, &error), qPrintable(error));
    QTRY_VERIFY_WITH_TIMEOUT(
        w.controller()->lastDispatched().runParams.at("policy") == core::ParamValue("h2o") &&
            settled(w),
        180000);
    QVERIFY(w.session()->labelA().contains(QStringLiteral("h2o")));
    QVERIFY(w.session()->labelB().contains(QStringLiteral("spatten\"")));

    // The table against core, for both configurations.
    const Independent a = compute(w, "h2o");
    const Independent b = compute(w, "spatten");
    views::CompareTable* t = cmp->table;
    checkFigure(t, QStringLiteral("cycles"), double(a.pruned.cycles), double(b.pruned.cycles));
    QVERIFY(a.pruned.cycles != b.pruned.cycles);  // the two policies do differ
    checkFigure(t, QStringLiteral("dense cycles"), double(a.dense.cycles), double(b.dense.cycles));
    checkFigure(t, QStringLiteral("speedup vs dense"),
                double(a.dense.cycles) / double(a.pruned.cycles),
                double(b.dense.cycles) / double(b.pruned.cycles));
    const char* kinds[] = {"K MSB", "K LSB", "V", "Q"};
    std::uint64_t totalA = 0, totalB = 0;
    for (std::size_t k = 0; k < 4; ++k) {
      checkFigure(t, QStringLiteral("DRAM %1 [bytes]").arg(QString::fromUtf8(kinds[k])),
                  double(a.pruned.dramBytes[k]), double(b.pruned.dramBytes[k]));
      totalA += a.pruned.dramBytes[k];
      totalB += b.pruned.dramBytes[k];
    }
    checkFigure(t, QStringLiteral("DRAM total [bytes]"), double(totalA), double(totalB));
    const core::HwConfig hw = core::HwConfig::preset("spatten");
    checkFigure(t, QStringLiteral("energy [\u00b5J]"),
                core::computeEnergy(a.pruned, hw).totalPj() * 1e-6,
                core::computeEnergy(b.pruned, hw).totalPj() * 1e-6);
    checkFigure(t, QStringLiteral("fidelity: top-1 agreement"), a.report.fidelity.top1Agreement,
                b.report.fidelity.top1Agreement);
    checkFigure(t, QStringLiteral("fidelity: mean KL"), a.report.fidelity.meanKl,
                b.report.fidelity.meanKl);

    // A - B: the grids' classes are the two runs' computed sets, every pass.
    cmp->showDiff->trigger();
    QCOMPARE(w.session()->compareMode(), views::CompareMode::Diff);
    auto* tokens = qobject_cast<views::PruningGridView*>(w.view(QStringLiteral("token-pruning")));
    auto* heads = qobject_cast<views::PruningGridView*>(w.view(QStringLiteral("head-pruning")));
    QVERIFY(tokens && heads);
    int differing = 0;
    for (int pass = 0; pass <= kGenerate; ++pass) {
      const int d = checkGrid(tokens, w.session(), pass, a.report.pruned, b.report.pruned, false);
      QVERIFY2(d >= 0, qPrintable(QStringLiteral("token grid, pass %1").arg(pass)));
      differing += d;
      QVERIFY(checkGrid(heads, w.session(), pass, a.report.pruned, b.report.pruned, true) >= 0);
    }
    QVERIFY(differing > 0);  // h2o computes tokens the cascade prunes
    QVERIFY(tokens->summary().contains(QStringLiteral("only by A")));
    // DRAM: B's bars are B's bytes; a view without a difference says so.
    auto* dram = w.findChild<views::DramTrafficView*>();
    double plottedB = 0;
    for (double v : dram->plottedBytesB()) plottedB += v;
    QCOMPARE(plottedB, w.session()->analysisB()->dram.total());
    QVERIFY(plottedB != w.session()->analysisA()->dram.total());

    // Stepping moves both simulators and both timeline cursors.
    auto* timeline = qobject_cast<views::CompareTimeline*>(w.view(QStringLiteral("timeline")));
    QVERIFY(timeline && timeline->timelineB()->isVisibleTo(timeline));
    const quint64 start = w.session()->frameA()->cycle;
    for (int i = 0; i < 3; ++i) w.actions()->nextHead->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(w.session()->frameA()->cycle > start &&
                                 w.session()->frameB()->cycle == w.session()->frameA()->cycle,
                             30000);
    const quint64 now = w.session()->frameA()->cycle;
    QCOMPARE(timeline->timelineA()->cursorCycle(), double(now));
    QCOMPARE(timeline->timelineB()->cursorCycle(), double(now));
    w.actions()->stepBack->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(
        w.session()->frameA()->cycle == now - 1 && w.session()->frameB()->cycle == now - 1, 30000);
    QTRY_COMPARE(timeline->timelineB()->cursorCycle(), double(now - 1));

    // B: every view reads B's data; Clear B leaves compare mode.
    cmp->showB->trigger();
    QCOMPARE(w.session()->analysis(), w.session()->analysisB());
    QCOMPARE(w.session()->frame(), w.session()->frameB());
    QVERIFY(!tokens->model()->comparing());

    // Sessions keep B (view.compare_b) and restore it.
    cmp->showDiff->trigger();
    const core::Session saved = app::sessionOf(w, nullptr);
    QVERIFY(saved.view.contains("compare_b"));
    QCOMPARE(saved.view["compare_b"]["mode"].get<std::string>(), std::string("diff"));
    QCOMPARE(saved.view["compare_b"]["run"]["policy"].get<std::string>(), std::string("spatten"));
    {
      app::MainWindow w2;
      w2.load({}, {}, kGenerate);
      app::applySession(w2, saved);
      QVERIFY(w2.compare()->pinned());
      QCOMPARE(w2.session()->compareMode(), views::CompareMode::Diff);
      QTRY_VERIFY_WITH_TIMEOUT(settled(w2), 180000);
      QCOMPARE(cellValue(w2.compare()->table, QStringLiteral("cycles"), 2),
               double(b.pruned.cycles));
      QCOMPARE(cellValue(w2.compare()->table, QStringLiteral("cycles"), 1),
               double(a.pruned.cycles));
    }

    cmp->clearB->trigger();
    QVERIFY(!w.session()->hasCompare());
    QCOMPARE(w.session()->compareMode(), views::CompareMode::A);
    QVERIFY(!timeline->timelineB()->isVisibleTo(timeline));
    QVERIFY(!app::sessionOf(w, nullptr).view.contains("compare_b"));
  }

  // Cancel (Ctrl+.) while B is being computed stops B: the request ends, B says it was
  // cancelled, A stays; the next edit computes B again.
  void cancelStopsB() {
    app::MainWindow w;
    w.load({}, {}, kGenerate);
    QTRY_VERIFY_WITH_TIMEOUT(!w.controller()->isBusy() && w.session()->frame(), 120000);
    w.compare()->pinB->trigger();
    QString error;
    QVERIFY2(w.loadAssignments({QStringLiteral("token_keep_end=0.5")}, &error), qPrintable(error));
    QTRY_VERIFY_WITH_TIMEOUT(w.controller()->generation() >= 3 && settled(w), 180000);
    // A new text: B cannot come from a cache. Cancel as soon as A's analysis is shown (the
    // worker then computes B, layer by layer).
    bool cancelled = false;
    QMetaObject::Connection c = connect(w.session(), &views::SessionModel::analysisChanged, this,
                                        [&] { cancelled = cancelled || w.controller()->cancel(); });
    const QString sentence = w.inputPanel()->text();
    w.inputPanel()->setText(sentence + QStringLiteral(" ") + sentence + QStringLiteral(" ") +
                            sentence);  // longer: B's run takes a while
    QTRY_VERIFY_WITH_TIMEOUT(!w.controller()->isBusy() && w.controller()->generation() >= 4,
                             120000);
    disconnect(c);
    if (!cancelled || w.session()->analysisB())
      QSKIP("B finished before the cancel reached the worker (machine too fast)");
    QVERIFY2(w.session()->compareReason().contains(QStringLiteral("Cancelled")),
             qPrintable(w.session()->compareReason()));
    QVERIFY(!w.session()->analysisB());
    QVERIFY(w.session()->analysisA());  // A was complete
    QVERIFY(w.session()->hasCompare());
    // The next edit computes B again.
    QVERIFY2(w.loadAssignments({QStringLiteral("token_keep_end=0.4")}, &error), qPrintable(error));
    QTRY_VERIFY_WITH_TIMEOUT(settled(w), 180000);
    QVERIFY(w.session()->analysisB()->hasSpatten);
  }
};

QTEST_MAIN(TstCompare)
#include "tst_compare.moc"
