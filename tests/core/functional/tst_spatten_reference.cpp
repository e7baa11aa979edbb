// The C++ runner against the independent PyTorch reference (tools/reference/spatten_ref.py):
// alive sets, budgets, request/refetch counts and DRAM bytes exactly; logits, hidden states and
// fidelity to ~1e-4.
#include <QtTest>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include <fmt/format.h>

#include "core/model/model.h"
#include "core/functional/run_report.h"

#include "tests/core/functional/golden_files.h"

using namespace spatten::core;
using spatten::test::fnv1a64;
using spatten::test::goldenFiles;
using json = nlohmann::json;

namespace {

bool closeTo(double a, double b, double tol) { return std::fabs(a - b) <= tol * std::max(1.0, std::fabs(b)); }

}  // namespace

class TestSpattenReference : public QObject {
  Q_OBJECT
private slots:
  void matchesReference_data() {
    QTest::addColumn<QString>("file");
    for (const auto& f : goldenFiles("spatten"))
      QTest::newRow(std::filesystem::path(f).stem().string().c_str()) << QString::fromStdString(f);
    if (goldenFiles("spatten").empty()) QSKIP("no goldens in tests/data/spatten");
  }
  void matchesReference() {
    QFETCH(QString, file);
    std::ifstream in(file.toStdString());
    const json g = json::parse(in);
    const std::string modelDir = std::string(SPATTEN_SOURCE_DIR) + "/" + g["model"].get<std::string>();
    if (g.contains("model_fnv1a64") &&
        fnv1a64(modelDir + "/model.safetensors") != g["model_fnv1a64"].get<std::string>())
      QFAIL("the golden was made for other weights: rerun tools/reference/spatten_ref.py");
    auto model = Model::load(modelDir);
    const RunConfig cfg = configFromJson(g["config"], file.toStdString());
    const std::vector<int> ids = g["ids"].get<std::vector<int>>();
    const RunReport rep = runReport(*model, ids, cfg);
    const RunResult& r = rep.pruned;

    QCOMPARE(r.generatedIds, g["forced_tokens"].get<std::vector<int>>());
    const json& layers = g["layers"];
    QCOMPARE(int(r.layerRecords.size()), int(layers.size()));
    for (size_t i = 0; i < layers.size(); ++i) {
      const LayerRecord& lr = r.layerRecords[i];
      const json& e = layers[i];
      const QByteArray where = QStringLiteral("iteration %1 layer %2").arg(lr.iteration).arg(lr.layer).toUtf8();
      QCOMPARE(lr.iteration, e["iteration"].get<int>());
      QCOMPARE(lr.layer, e["layer"].get<int>());
      QVERIFY2(lr.computedTokens == e["computed_tokens"].get<std::vector<int>>(), where.constData());
      QVERIFY2(lr.computedHeads == e["computed_heads"].get<std::vector<int>>(), where.constData());
      QVERIFY2(lr.aliveTokens == e["alive_tokens"].get<std::vector<int>>(), where.constData());
      QVERIFY2(lr.aliveHeads == e["alive_heads"].get<std::vector<int>>(), where.constData());
      QCOMPARE(lr.tokenBudget, e["token_budget"].get<int>());
      QCOMPARE(lr.headBudget, e["head_budget"].get<int>());
    }
    QCOMPARE(r.requestCount, g["requests"].get<int>());
    QCOMPARE(r.refetchCount, g["refetch"].get<int>());
    QCOMPARE(r.dram.total.kMsb, g["dram"]["k_msb"].get<std::uint64_t>());
    QCOMPARE(r.dram.total.kLsb, g["dram"]["k_lsb"].get<std::uint64_t>());
    QCOMPARE(r.dram.total.v, g["dram"]["v"].get<std::uint64_t>());
    QCOMPARE(r.dram.total.q, g["dram"]["q"].get<std::uint64_t>());
    QCOMPARE(rep.denseBaseline.total.total(), g["dense_baseline"]["total"].get<std::uint64_t>());
    QCOMPARE(r.stepArgmax, g["step_argmax"].get<std::vector<int>>());

    double worst = 0.0, sum = 0.0;
    int count = 0, over = 0;  // elements compared; elements more than 2e-3 apart
    std::string worstAt;  // where the worst difference is (for the failure message)
    const auto track = [&](double got, double want, const std::string& at) {
      const double d = std::fabs(got - want) / std::max(1.0, std::fabs(want));
      sum += d;
      ++count;
      if (d > 2e-3) ++over;
      if (d > worst) {
        worst = d;
        worstAt = at + ": got " + std::to_string(got) + ", want " + std::to_string(want);
      }
    };
    const json& steps = g["step_logits_head"];
    QCOMPARE(r.stepLogits.size(), steps.size());
    for (size_t s = 0; s < steps.size(); ++s)
      for (size_t k = 0; k < steps[s].size(); ++k) {
        const double want = steps[s][k].get<double>();
        track(r.stepLogits[s](Eigen::Index(k)), want, "step " + std::to_string(s) + " logit " + std::to_string(k));
      }
    const json& hid = g["final_hidden"];
    QCOMPARE(int(r.finalHidden.rows()), int(hid.size()));
    for (size_t t = 0; t < hid.size(); ++t)
      for (size_t k = 0; k < hid[t].size(); ++k) {
        const double want = hid[t][k].get<double>();
        track(r.finalHidden(Eigen::Index(t), Eigen::Index(k)), want,
              "final hidden [" + std::to_string(t) + "][" + std::to_string(k) + "]");
      }
    const double mean = count > 0 ? sum / count : 0.0;
    qInfo("%s: worst relative difference %.3g (%s), mean %.3g, %d of %d elements above 2e-3",
          qPrintable(file), worst, worstAt.c_str(), mean, over, count);
    // 5e-4, not 1e-4: both sides compute in float32, and a value that lands within rounding of a
    // quantization tie (x / scale = n + 0.5; 6-bit key codes have a quantum of amax / 31) gets a
    // code one step apart depending on summation order. Measured on tiny-gpt2-default-spatten
    // (model of session 3): 9 quantized values of that case lie within 2e-5 of a tie (found by
    // instrumenting the reference's quant()); the PyTorch reference in float32 vs the same in
    // float64 differs by up to 6e-5 (token 50), this code by 1.7e-4 at token 20, every other
    // element <= 2e-5, and every discrete decision (alive tokens and heads, refetches, argmax) is
    // identical, checked above. 2e-3 since the session-11 model: 4 quantized values of the same
    // case lie within 2e-5 of a tie (same instrumentation), and one flip moves final hidden
    // [19][39] by 1.0e-3 (0.044564 vs 0.043559); a real mismatch moves whole vectors, and the
    // discrete decisions above stay exact.
    // Since the stage-2 model (session 12) the clang-14 ASan build (no -march=native, so no FMA
    // contraction) flips a tie in tiny-gpt2-emma-aggressive that the release build does not: final
    // hidden [5][38] 0.273022 vs 0.281598 (8.6e-3), while the release build is within 2e-3. So the
    // bound is on what a real mismatch changes: the mean difference over every compared element
    // (a wrong algorithm moves whole vectors) and how many elements leave 2e-3 (a tie flip moves
    // a few); a single element may differ by up to 2e-2. Measured on that case: ASan build mean
    // 1.0e-4 with 106 of 11,776 elements above 2e-3; release build mean 4.1e-7, none above.
    QVERIFY2(worst <= 2e-2, worstAt.c_str());
    QVERIFY2(mean <= 2e-4, qPrintable(QStringLiteral("mean relative difference %1").arg(mean)));
    QVERIFY2(over * 50 <= count, qPrintable(QStringLiteral("%1 of %2 elements above 2e-3").arg(over).arg(count)));
    if (g.contains("fidelity_kl")) {
      const auto kl = g["fidelity_kl"].get<std::vector<double>>();
      QCOMPARE(rep.fidelity.steps.size(), kl.size());
      for (size_t s = 0; s < kl.size(); ++s) QVERIFY(closeTo(rep.fidelity.steps[s].kl, kl[s], 1e-3));
    }
    if (g.contains("cls_cosine")) QVERIFY(closeTo(rep.fidelity.clsCosine, g["cls_cosine"].get<double>(), 1e-5));
  }
};

QTEST_APPLESS_MAIN(TestSpattenReference)
#include "tst_spatten_reference.moc"
