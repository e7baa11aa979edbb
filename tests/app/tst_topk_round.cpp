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
#include "views/common/session_model.h"
#include "views/widgets/topk_round.h"
#include "views/widgets/topk_view.h"

using namespace spatten;

class TstTopkRound : public QObject {
  Q_OBJECT

  static app::AnalysisRequest defaultRequest() {
    const auto models = app::bundledModels();
    app::AnalysisRequest req;
    if (models.empty()) return req;
    req.modelDir = models.front().dir;
    req.text = app::defaultSentence(req.modelDir);
    req.generate = 2;
    req.runPreset = app::defaultRunPreset(app::isBertModel(req.modelDir));
    req.runParams = app::runPresetValues(req.runPreset);
    req.hwPreset = app::defaultHardwarePreset();
    req.hwParams = app::hardwarePresetValues(req.hwPreset);
    return req;
  }

  // The driver's simulation, run to the end by an independent core::Simulator (event log on).
  static core::Simulator reference(const app::AnalysisRequest& req, const core::RunReport& report,
                                   std::shared_ptr<const core::Workload>& workload) {
    workload = std::make_shared<const core::Workload>(core::toWorkload(report.pruned, "ref"));
    core::Simulator ref(workload, app::SimDriver::hardwareFor(req), report.pruned.config.seed,
                        core::LogLevel::Modules);
    while (!ref.finished()) ref.stepCycles(1 << 16);
    return ref;
  }

private slots:
  void viewRoundEqualsCoreRound() {
    const app::AnalysisRequest req = defaultRequest();
    QVERIFY(!req.modelDir.isEmpty());
    app::AnalysisBackend backend;
    const app::AnalysisOutput out = backend.compute(req);
    QVERIFY2(out.report, qPrintable(out.analysis->spattenError));
    app::SimDriver driver(req, out.report);

    // Reference: the same simulation, run to the end, with its event log.
    std::shared_ptr<const core::Workload> workload;
    const core::Simulator ref = reference(req, *out.report, workload);
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

  // Simulation > Next top-k round (Shift+F7) stops in the cycle after each round of module 10
  // ends, as core's TopkRound events say; after a request's last round the view names no round
  // past the last ("round 3 of 2" before).
  void nextTopkRoundStopsAfterEachRound() {
    const app::AnalysisRequest req = defaultRequest();
    QVERIFY(!req.modelDir.isEmpty());
    app::AnalysisBackend backend;
    const app::AnalysisOutput out = backend.compute(req);
    QVERIFY(out.report);
    app::SimDriver driver(req, out.report);
    std::shared_ptr<const core::Workload> workload;
    const core::Simulator ref = reference(req, *out.report, workload);
    std::set<std::uint64_t> ends;
    ref.log().forEach([&](const core::Event& e) {
      if (e.kind == core::EventKind::TopkRound &&
          e.module == static_cast<std::uint8_t>(core::ModuleId::TopkV))
        ends.insert(e.cycle + e.duration);
    });
    QVERIFY(ends.size() > 10);
    views::SessionModel session;
    views::TopKView view(&session);
    int done = 0;
    for (auto it = ends.begin(); it != ends.end() && std::distance(ends.begin(), it) < 60; ++it) {
      QVERIFY(driver.step(app::StepKind::TopkRound));
      QCOMPARE(driver.cycle(), *it);
      const views::SimFramePtr frame = driver.frame();
      session.setFrame(frame);
      const views::TopKFrame& t = frame->topk;
      const QString head = view.headline();
      if (t.rounds > 0 && t.round >= t.rounds) {
        QVERIFY2(head.contains(t.rounds == 1 ? QStringLiteral("its one round done")
                                             : QStringLiteral("all %1 rounds done").arg(t.rounds)),
                 qPrintable(head));
        ++done;
      } else if (t.rounds > 0 && t.request >= 0) {
        QVERIFY2(head.contains(QStringLiteral("round %1 of %2").arg(t.round + 1).arg(t.rounds)),
                 qPrintable(head));
      }
    }
    QVERIFY(done > 0);  // the state after a last round was met and checked
  }
};

QTEST_MAIN(TstTopkRound)
#include "tst_topk_round.moc"
