// AnalysisBackend's caches (app/gui/backend/analysis_backend.h): an edit of a SpAtten run
// parameter reuses the dense run and its attention, a hardware-only edit reuses the whole
// result, and every reused result is identical (bit for bit) to a fresh computation and to an
// independent core::runReport on the same input; the dense attention is the dense run's, bit for
// bit, and core::forward's to rounding.
#include <QtTest>
#include <atomic>
#include <sstream>

#include "app/gui/backend/analysis_backend.h"
#include "app/gui/backend/run_presets.h"
#include "app/gui/sample_locator.h"
#include "core/functional/run_report.h"
#include "core/functional/runner.h"
#include "core/model/forward.h"
#include "core/model/model.h"
#include "core/session/model_folder.h"
#include "core/tokenizer/tokenizer.h"
#include "default_request.h"
#include "tests/core/functional/run_compare.h"
#include "tests/views/matrix_bits.h"

using namespace spatten;

namespace {

app::AnalysisRequest defaultRequest() { return test::defaultAnalysisRequest(); }

app::AnalysisOutput compute(app::AnalysisBackend& b, const app::AnalysisRequest& r) {
  return b.compute(r);
}

void compareReports(const core::RunReport& a, const core::RunReport& b) {
  test::compareRuns(a.pruned, b.pruned);
  test::compareRuns(*a.dense, *b.dense);
  QCOMPARE(a.denseBaseline.total.total(), b.denseBaseline.total.total());
  QCOMPARE(a.denseBaseline.cells.size(), b.denseBaseline.cells.size());
  QCOMPARE(a.fidelity.top1Agreement, b.fidelity.top1Agreement);
  QCOMPARE(a.fidelity.meanKl, b.fidelity.meanKl);
  QCOMPARE(a.fidelity.clsCosine, b.fidelity.clsCosine);
  QCOMPARE(a.fidelity.mlmAgreement, b.fidelity.mlmAgreement);
  // The CLI document of both (every request's attention included) is byte-identical.
  std::ostringstream ja, jb;
  core::writeRunJson(ja, core::reportToJson(a, {}), a.pruned, /*attention=*/true);
  core::writeRunJson(jb, core::reportToJson(b, {}), b.pruned, /*attention=*/true);
  QCOMPARE(ja.str(), jb.str());
}

// Bitwise (cells not computed hold NaN, which == would reject).
using testdata::sameBits;

void compareAnalyses(const views::AnalysisData& a, const views::AnalysisData& b) {
  QCOMPARE(a.tokens.size(), b.tokens.size());
  for (std::size_t i = 0; i < a.tokens.size(); ++i) {
    QCOMPARE(a.tokens[i].id, b.tokens[i].id);
    QCOMPARE(a.tokens[i].text, b.tokens[i].text);
  }
  QCOMPARE(a.passCount, b.passCount);
  QCOMPARE(a.denseProbs.size(), b.denseProbs.size());
  for (std::size_t i = 0; i < a.denseProbs.size(); ++i)
    QVERIFY(sameBits(a.denseProbs[i], b.denseProbs[i]));
  QCOMPARE(a.hasSpatten, b.hasSpatten);
  for (int l = 0; l < a.layers; ++l)
    for (int h = 0; h < a.heads; ++h)
      QVERIFY(sameBits(views::usedAttention(a, l, h), views::usedAttention(b, l, h)));
  QCOMPARE(a.requests.size(), b.requests.size());
  QCOMPARE(a.dram.total(), b.dram.total());
  QCOMPARE(a.dram.denseTotal(), b.dram.denseTotal());
  QCOMPARE(a.fidelitySummary, b.fidelitySummary);
}

}  // namespace

class TstAnalysisCache : public QObject {
  Q_OBJECT
private slots:
  void runParameterEditReusesDenseWork() {
    app::AnalysisRequest r1 = defaultRequest();
    QVERIFY2(!r1.modelDir.isEmpty(), "no bundled model");
    QVERIFY(r1.runParams.count("token_keep_end"));
    app::AnalysisBackend backend;
    const app::AnalysisOutput o1 = compute(backend, r1);
    QVERIFY(o1.analysis && o1.report);
    // The dense attention is the dense run's: no separate forward pass.
    QCOMPARE(backend.counters().denseForwards, 0);
    QCOMPARE(backend.counters().denseProbsFromRun, 1);
    QCOMPARE(backend.counters().denseRuns, 1);
    QCOMPARE(backend.counters().prunedRuns, 1);

    // Only a SpAtten parameter changes: the dense run and its attention are not recomputed.
    app::AnalysisRequest r2 = r1;
    r2.runParams["token_keep_end"] = 0.2;
    const app::AnalysisOutput o2 = compute(backend, r2);
    QVERIFY(o2.analysis && o2.report);
    QCOMPARE(backend.counters().denseForwards, 0);
    QCOMPARE(backend.counters().denseProbsFromRun, 1);
    QCOMPARE(backend.counters().denseRuns, 1);
    QCOMPARE(backend.counters().prunedRuns, 2);
    QVERIFY(o2.report->pruned.config.token_keep_end == 0.2);
    // ... and both analyses hold the same dense matrices and dense run, not a copy each.
    QVERIFY(o2.analysis->denseProbs.sharesWith(o1.analysis->denseProbs));
    QCOMPARE(o2.report->dense, o1.report->dense);  // one dense run, not a copy per report

    // Identical to a fresh backend (nothing cached) ...
    app::AnalysisBackend fresh;
    const app::AnalysisOutput f2 = compute(fresh, r2);
    QVERIFY(f2.analysis && f2.report);
    compareAnalyses(*o2.analysis, *f2.analysis);
    compareReports(*o2.report, *f2.report);

    // ... and to core::runReport and core::forward called independently.
    const std::filesystem::path dir = r1.modelDir.toStdString();
    const auto tokenizer = core::loadTokenizer(dir);
    const auto model = core::Model::load(dir);
    std::vector<int> ids;
    for (const auto& t : tokenizer->encode(r1.text.toStdString())) ids.push_back(t.id);
    core::RunConfig cfg = o2.report->pruned.config;  // checked field by field below
    QVERIFY(cfg.token_keep_end == 0.2);
    QCOMPARE(cfg.generate, 2);
    core::RunOptions options;
    options.recordAttention = true;
    options.inputName = "sentence";
    const core::RunReport independent = core::runReport(*model, ids, cfg, options);
    compareReports(*o2.report, independent);
    // The dense attention is the dense run's: the prompt's rows computed together, each generated
    // token's row as the run generated it (from cached K/V). One forward pass over the whole
    // sequence computes the same values with other product shapes: equal to rounding.
    const core::ForwardTrace trace = core::forward(*model, independent.dense->sequenceIds);
    float worst = 0;
    const int L = model->config().layers, H = model->config().heads;
    for (int l = 0; l < L; ++l)
      for (int h = 0; h < H; ++h) {
        const auto& p = trace.layers[std::size_t(l)].heads[std::size_t(h)].probs;
        const views::Matrix& m = o2.analysis->denseProbs[std::size_t(l * H + h)];
        QCOMPARE(m.rows, int(p.rows()));
        for (int q = 0; q < m.rows; ++q)
          for (int k = 0; k < m.cols; ++k) worst = std::max(worst, std::abs(m.at(q, k) - p(q, k)));
      }
    QVERIFY2(worst < 1e-6f, qPrintable(QString::number(double(worst))));
    // Bit for bit the dense run's attention: each request's row where it attended, 0 elsewhere
    // (GPT-2: the causal mask).
    core::RunConfig denseCfg = core::presetConfig("dense");
    denseCfg.generate = cfg.generate;
    denseCfg.seed = cfg.seed;
    const core::RunResult dense = core::runSpatten(*model, ids, denseCfg, options);
    const int n = int(dense.sequenceIds.size());
    std::vector<views::Matrix> expected(std::size_t(L * H), views::Matrix(n, n, 0.0f));
    for (const core::RequestRecord& rq : dense.requests)
      for (std::size_t j = 0; j < rq.keys.size(); ++j)
        expected[std::size_t(rq.layer * H + rq.head)].at(rq.query, rq.keys[j]) = rq.probs[j];
    QCOMPARE(dense.requests.size(), std::size_t(L * H * n));
    for (std::size_t i = 0; i < expected.size(); ++i)
      QVERIFY(sameBits(o2.analysis->denseProbs[i], expected[i]));
    // The used attention a view builds is the pruned run's recorded rows (NaN where it computed
    // nothing), bit for bit.
    std::vector<views::Matrix> used(std::size_t(L * H), views::Matrix(n, n));
    for (const core::RequestRecord& rq : independent.pruned.requests)
      for (std::size_t j = 0; j < rq.keys.size(); ++j)
        used[std::size_t(rq.layer * H + rq.head)].at(rq.query, rq.keys[j]) = rq.probs[j];
    QVERIFY(o2.analysis->usedProbs.empty());
    int refetched = 0;
    for (const core::RequestRecord& rq : independent.pruned.requests) refetched += rq.refetch;
    QVERIFY(refetched > 0);  // the full-precision rows are exercised
    for (int l = 0; l < L; ++l)
      for (int h = 0; h < H; ++h)
        QVERIFY(sameBits(views::usedAttention(*o2.analysis, l, h), used[std::size_t(l * H + h)]));
  }

  // BERT: the dense MLM argmax of the fidelity is computed once per dense run and [MASK] set;
  // every result equals core::runReport called independently (fidelity arrays included, through
  // the byte-identical report JSON).
  void bertEditsReuseTheDenseMlm() {
    app::AnalysisRequest r = defaultRequest();
    r.modelDir = test::bundledModelDir(QStringLiteral("tiny-bert"));
    QVERIFY2(r.modelDir.endsWith(QStringLiteral("tiny-bert")), "no bundled tiny-bert");
    r.generate = 0;
    r.runPreset = app::defaultRunPreset(true);
    r.runParams = app::runPresetValues(r.runPreset);
    const std::string dir = r.modelDir.toStdString();
    const core::ModelFolder folder = core::loadModelFolder(dir);
    app::AnalysisBackend backend;
    int denseRuns = 0;
    for (const QString& text : {QStringLiteral("the old house stood by the river ."),
                                QStringLiteral("the old house stood by the river ."),
                                QStringLiteral("the old [MASK] stood by the [MASK] .")}) {
      r.text = text;
      r.runParams["token_keep_end"] = r.runParams["token_keep_end"] == core::ParamValue{0.3}
                                          ? core::ParamValue{0.5}
                                          : core::ParamValue{0.3};
      const app::AnalysisOutput o = compute(backend, r);
      QVERIFY(o.report);
      const core::EncodedText e = core::encodeText(*folder.model, *folder.tokenizer,
                                                   text.toStdString());
      core::RunOptions options;
      options.recordAttention = true;
      options.inputName = "sentence";
      const core::RunReport independent =
          core::runReport(*folder.model, e.ids, o.report->pruned.config, options, e.maskPositions);
      compareReports(*o.report, independent);
      QCOMPARE(o.report->fidelity.mlmPositions, independent.fidelity.mlmPositions);
      QCOMPARE(o.report->fidelity.denseMlm, independent.fidelity.denseMlm);
      QCOMPARE(o.report->fidelity.prunedMlm, independent.fidelity.prunedMlm);
      QVERIFY(!o.report->fidelity.denseMlm.empty());
      denseRuns = backend.counters().denseRuns;
    }
    // The second request is the first text again: its dense run and dense MLM are reused.
    QCOMPARE(denseRuns, 2);
    QCOMPARE(backend.counters().denseMlms, 2);
  }

  void hardwareEditReusesTheWholeResult() {
    app::AnalysisRequest r = defaultRequest();
    app::AnalysisBackend backend;
    const app::AnalysisOutput o1 = compute(backend, r);
    r.hwParams["hw.hbm.channels"] = std::int64_t{4};
    const app::AnalysisOutput o2 = compute(backend, r);
    QCOMPARE(o2.analysis, o1.analysis);
    QCOMPARE(o2.report, o1.report);
    QCOMPARE(backend.counters().prunedRuns, 1);
  }

  void inputEditsRecompute() {
    app::AnalysisRequest r = defaultRequest();
    app::AnalysisBackend backend;
    compute(backend, r);
    // The seed is part of the dense run's key (its config records it), not of the forward's.
    r.runParams["seed"] = std::int64_t{7};
    compute(backend, r);
    QCOMPARE(backend.counters().denseRuns, 2);
    QCOMPARE(backend.counters().denseProbsFromRun, 1);
    // A different text recomputes everything.
    r.text = QStringLiteral("A different sentence for the cache test.");
    const app::AnalysisOutput o = compute(backend, r);
    QCOMPARE(backend.counters().denseRuns, 3);
    QCOMPARE(backend.counters().denseProbsFromRun, 2);
    QCOMPARE(backend.counters().denseForwards, 0);
    app::AnalysisBackend fresh;
    const app::AnalysisOutput f = compute(fresh, r);
    compareAnalyses(*o.analysis, *f.analysis);
    compareReports(*o.report, *f.report);
  }

  // A computation cancelled at any layer (dense run or pruned run) throws
  // core::Cancelled and leaves no partial cache: the next compute equals a fresh backend's.
  void cancelLeavesNoPartialResult() {
    const app::AnalysisRequest r = defaultRequest();
    int total = 0;
    {
      app::AnalysisBackend counting;
      counting.compute(r, [&] { return ++total < 0; });
    }
    QVERIFY(total > 10);
    app::AnalysisBackend fresh;
    const app::AnalysisOutput f = compute(fresh, r);
    for (int stopAt : {1, 2, total / 2, total - 1, total}) {
      app::AnalysisBackend backend;
      int calls = 0;
      QVERIFY_THROWS_EXCEPTION(core::Cancelled,
                               backend.compute(r, [&] { return ++calls >= stopAt; }));
      QCOMPARE(calls, stopAt);
      const app::AnalysisOutput o = compute(backend, r);
      compareAnalyses(*o.analysis, *f.analysis);
      compareReports(*o.report, *f.report);
    }
  }
};

QTEST_MAIN(TstAnalysisCache)
#include "tst_analysis_cache.moc"
