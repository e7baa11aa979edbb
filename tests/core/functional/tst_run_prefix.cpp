// runSpatten with RunOptions::prefix (core/functional/run_prefix.h): a run resumed after the
// layers an edit cannot change equals, bit for bit, the same run from layer 0 (the reference is
// runSpatten without a prefix); it reuses exactly the layer passes up to the first layer whose
// keep ratio changed, none when a per-layer computation field changed, and a cancelled run
// leaves the prefix as it was.
#include <QtTest>
#include <filesystem>

#include "core/functional/cascade.h"
#include "core/functional/run_prefix.h"
#include "core/functional/runner.h"
#include "core/model/model.h"
#include "core/util/cancel.h"
#include "tests/core/functional/run_compare.h"

using namespace spatten::core;

namespace {

std::vector<int> promptIds(const Model& m, int n) {
  std::vector<int> ids;
  for (int i = 0; i < n; ++i) ids.push_back((i * 37 + 11) % m.config().vocabSize);
  return ids;
}

// The first layer whose token or head keep ratio differs between a and b (L when none).
int firstDifferingLayer(const RunConfig& a, const RunConfig& b, int layers) {
  const auto ta = tokenKeepSchedule(a, layers), tb = tokenKeepSchedule(b, layers);
  const auto ha = headKeepSchedule(a, layers), hb = headKeepSchedule(b, layers);
  int f = 0;
  while (f < layers && ta[size_t(f)] == tb[size_t(f)] && ha[size_t(f)] == hb[size_t(f)]) ++f;
  return f;
}

}  // namespace

class TstRunPrefix : public QObject {
  Q_OBJECT
private slots:
  void resumedEqualsFresh_data() {
    QTest::addColumn<QString>("model");
    QTest::addColumn<int>("generate");
    QTest::newRow("tiny-gpt2") << "tiny-gpt2" << 3;
    QTest::newRow("tiny-bert") << "tiny-bert" << 0;
  }
  void resumedEqualsFresh() {
    QFETCH(QString, model);
    QFETCH(int, generate);
    const auto m = Model::load(std::string(SPATTEN_SAMPLES_DIR) + "/models/" + model.toStdString());
    const int layers = m->config().layers;
    const std::vector<int> ids = promptIds(*m, 48);
    RunConfig base = presetConfig(m->family() == Family::Bert ? "spatten-bert" : "spatten-gpt2");
    base.generate = generate;
    base.token_skip_frac = 0.0;  // prune from layer 0: every layer's ratio depends on the edit
    RunOptions opt;
    opt.recordAttention = true;
    RunPrefix prefix;
    opt.prefix = &prefix;
    RunConfig cfg = base;
    runSpatten(*m, ids, cfg, opt);
    QCOMPARE(prefix.resumedFrom, 0);
    QCOMPARE(static_cast<int>(prefix.layers.size()), layers);

    // Each edit, applied on top of the previous one; expected resume layer from the schedules.
    struct Edit {
      const char* what;
      void (*apply)(RunConfig&);
      bool computeField;  // a per-layer computation field: nothing can be reused
    };
    const Edit edits[] = {
        {"token_keep_end", [](RunConfig& c) { c.token_keep_end = 0.45; }, false},
        {"head_keep_end", [](RunConfig& c) { c.head_keep_end = 0.5; }, false},
        {"nothing", [](RunConfig&) {}, false},
        {"token_keep_per_layer",
         [](RunConfig& c) {  // the tiny samples have 4 layers
           c.token_keep_per_layer = tokenKeepSchedule(c, 4);
           c.token_keep_per_layer[3] = 0.2;
         },
         false},
        {"value_keep", [](RunConfig& c) { c.value_keep += 0.1; }, true},
        {"k_msb_bits", [](RunConfig& c) { c.k_msb_bits -= 1; }, true},
        {"seed", [](RunConfig& c) { c.seed += 1; }, true},
    };
    for (const Edit& e : edits) {
      const RunConfig before = cfg;
      e.apply(cfg);
      const RunResult resumed = runSpatten(*m, ids, cfg, opt);
      RunOptions fresh = opt;
      fresh.prefix = nullptr;
      spatten::test::compareRuns(resumed, runSpatten(*m, ids, cfg, fresh));
      if (QTest::currentTestFailed()) QFAIL(e.what);
      // Layer passes reused: those up to the first layer whose ratio changed (its pass reads
      // only earlier decisions), every pass when none changed.
      const int expected =
          e.computeField ? 0 : std::min(firstDifferingLayer(before, cfg, layers) + 1, layers);
      QVERIFY2(prefix.resumedFrom == expected,
               qPrintable(QStringLiteral("%1: resumed at layer %2, expected %3")
                              .arg(QLatin1String(e.what))
                              .arg(prefix.resumedFrom)
                              .arg(expected)));
    }
    // The schedule edits above did reuse something (the test is not vacuous).
    RunConfig later = cfg;
    later.token_keep_end = 0.25;
    QVERIFY(firstDifferingLayer(cfg, later, layers) > 0);
  }

  // A run stopped half-way (core::Cancelled) leaves the recorded prefix untouched.
  void cancelledRunKeepsPrefix() {
    const auto m = Model::load(std::string(SPATTEN_SAMPLES_DIR) + "/models/tiny-gpt2");
    const std::vector<int> ids = promptIds(*m, 32);
    RunConfig cfg = presetConfig("spatten-gpt2");
    RunPrefix prefix;
    RunOptions opt;
    opt.prefix = &prefix;
    const RunResult first = runSpatten(*m, ids, cfg, opt);
    const std::vector<RunLayerState> layers = prefix.layers;
    int polls = 0;
    opt.cancelled = [&polls] { return ++polls > 2; };
    cfg.value_keep += 0.1;  // nothing reusable: every layer is computed (and polled)
    QVERIFY_THROWS_EXCEPTION(Cancelled, runSpatten(*m, ids, cfg, opt));
    QCOMPARE(prefix.layers.size(), layers.size());
    for (size_t l = 0; l < layers.size(); ++l) QVERIFY(prefix.layers[l].hidden == layers[l].hidden);
    opt.cancelled = {};
    cfg = presetConfig("spatten-gpt2");
    spatten::test::compareRuns(runSpatten(*m, ids, cfg, opt), first);
    QCOMPARE(prefix.resumedFrom, m->config().layers);
  }
};

QTEST_GUILESS_MAIN(TstRunPrefix)
#include "tst_run_prefix.moc"
