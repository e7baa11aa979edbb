// The top-k engine view's round data (views::topkRoundData over the frame the worker publishes)
// against core's recorded quick-select rounds. The frame comes from app::SimDriver on the default
// sample; the reference is an independent core::Simulator on the same workload, hardware and seed:
// its TopkRound events (written by the engine when a round ends: input size, FIFO_L / FIFO_R /
// equal counts, pivot, select) and the request's probabilities filtered through the pivots of the
// request's earlier rounds.
#include <QtTest>
#include <atomic>
#include <map>
#include <set>

#include "app/gui/backend/analysis_backend.h"
#include "app/gui/backend/run_presets.h"
#include "app/gui/backend/sim_driver.h"
#include "app/gui/sample_locator.h"
#include "core/sim/simulator.h"
#include "core/functional/run_report.h"
#include "core/functional/workload_convert.h"
#include "views/widgets/topk_round.h"

using namespace spatten;

class TstTopkRound : public QObject {
  Q_OBJECT

private slots:
  void viewRoundEqualsCoreRound() {
    const auto models = app::bundledModels();
    QVERIFY(!models.empty());
    app::AnalysisRequest req;
    req.modelDir = models.front().dir;
    req.text = app::defaultSentence(req.modelDir);
    req.generate = 2;
    req.runPreset = app::defaultRunPreset(app::isBertModel(req.modelDir));
    req.runParams = app::runPresetValues(req.runPreset);
    req.hwPreset = app::defaultHardwarePreset();
    req.hwParams = app::hardwarePresetValues(req.hwPreset);
    app::AnalysisBackend backend;
    const app::AnalysisOutput out = backend.compute(req);
    QVERIFY2(out.report, qPrintable(out.analysis->spattenError));
    app::SimDriver driver(req, out.report);

    // Reference: the same simulation, run to the end, with its event log.
    auto workload =
        std::make_shared<const core::Workload>(core::toWorkload(out.report->pruned, "ref"));
    core::Simulator ref(workload, app::SimDriver::hardwareFor(req), out.report->pruned.config.seed,
                        core::LogLevel::Modules);
    while (!ref.finished()) ref.stepCycles(1 << 16);
    std::map<std::uint32_t, std::vector<core::Event>> rounds;  // request -> rounds in order
    ref.log().forEach([&](const core::Event& e) {
      if (e.kind == core::EventKind::TopkRound) rounds[e.request].push_back(e);
    });
    QVERIFY(!rounds.empty());

    // Step the GUI's driver cycle by cycle; check every (request, round) the view shows.
    std::set<std::pair<std::int64_t, std::uint32_t>> checked;
    int laterRounds = 0;
    for (int c = 0; c < 400000 && !driver.finished() && checked.size() < 40; ++c) {
      driver.step(app::StepKind::Cycle);
      const views::SimFramePtr f = driver.frame();
      const views::TopKFrame& t = f->topk;
      // After its last round the engine holds the request until the filter is free: no round.
      if (t.phase != QStringLiteral("rounds") || t.request < 0 || t.round >= t.rounds) continue;
      const views::TopKRoundData d = views::topkRoundData(t);
      QVERIFY2(d.known,
               qPrintable(QStringLiteral("no candidate set: request %1 round %2/%3, n %4, probs %5")
                              .arg(t.request)
                              .arg(t.round)
                              .arg(t.rounds)
                              .arg(t.inputSize)
                              .arg(t.probs ? static_cast<int>(t.probs->size()) : -1)));
      if (!checked.insert({t.request, t.round}).second) continue;
      const auto& rr = rounds[static_cast<std::uint32_t>(t.request)];
      QVERIFY(t.round < rr.size());
      const core::Event& e = rr[t.round];
      QCOMPARE(static_cast<std::uint32_t>(d.indices.size()), e.a);
      QCOMPARE(d.left(), e.b);
      QCOMPARE(d.right(), e.c);
      QCOMPARE(d.equal(), e.extra);
      QCOMPARE(t.pivot, e.value);
      QCOMPARE(static_cast<std::uint32_t>(t.select), static_cast<std::uint32_t>(e.flags));
      // The candidates: round 0 pops every key; round i+1 pops FIFO_L (< pivot_i) or FIFO_R
      // (> pivot_i) of round i's candidates, as its select says; FIFO order = key order.
      const auto& probs = *workload->requests[static_cast<std::size_t>(t.request)].probs;
      std::vector<std::uint32_t> cand(probs.size());
      for (std::uint32_t i = 0; i < cand.size(); ++i) cand[i] = i;
      for (std::uint32_t i = 0; i < t.round; ++i) {
        std::vector<std::uint32_t> next;
        for (std::uint32_t x : cand)
          if (rr[i + 1].flags == 0 ? probs[x] < rr[i].value : probs[x] > rr[i].value)
            next.push_back(x);
        cand.swap(next);
      }
      QCOMPARE(d.indices, cand);
      for (std::size_t i = 0; i < cand.size(); ++i) QCOMPARE(d.values[i], probs[cand[i]]);
      if (t.round > 0) ++laterRounds;
    }
    qInfo("checked %zu (request, round) pairs, %d of them after round 0", checked.size(),
          laterRounds);
    QVERIFY(checked.size() >= 5);
    QVERIFY(laterRounds >= 1);
  }
};

QTEST_MAIN(TstTopkRound)
#include "tst_topk_round.moc"
