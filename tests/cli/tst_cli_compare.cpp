// spatten-cli compare: rows per policy and budget on the bundled held-out text, the budget held,
// the dense row exact, Quest's metadata bytes only for Quest, byte-identical output, and the
// errors (BERT with a decoder-only policy, a bad budget) naming the option without an output file.
#include <QtTest>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli_process.h"

namespace {

QStringList smallCompare(const QString& out) {
  return {QStringLiteral("compare"),
          QStringLiteral("--model"),
          samplesPath("models/tiny-gpt2"),
          QStringLiteral("--text-file"),
          samplesPath("heldout/persuasion-ch22-24.txt"),
          QStringLiteral("--policies"),
          QStringLiteral("spatten,h2o,quest"),
          QStringLiteral("--budget"),
          QStringLiteral("0.3,1"),
          QStringLiteral("--window"),
          QStringLiteral("64"),
          QStringLiteral("--prompt"),
          QStringLiteral("48"),
          QStringLiteral("--windows"),
          QStringLiteral("2"),
          QStringLiteral("--set"),
          QStringLiteral("page=8"),
          QStringLiteral("--quiet"),
          QStringLiteral("--json"),
          out};
}

}  // namespace

class TestCliCompare : public QObject {
  Q_OBJECT
private slots:
  void rowsPerPolicyAndBudget() {
    QTemporaryDir dir;
    const QString out = dir.filePath(QStringLiteral("cmp.json"));
    QString err;
    QCOMPARE(runCli(smallCompare(out), &err), 0);
    const nlohmann::json j = nlohmann::json::parse(readFile(out).toStdString());
    QCOMPARE(j["text"]["windows"].get<int>(), 2);
    QVERIFY(j["text"]["tokens"].get<int>() > 15000);  // the whole held-out text (17,494 tokens)
    const auto& dense = j["dense"];
    QCOMPARE(dense["fidelity"]["steps"].get<int>(), 2 * 16);
    QCOMPARE(dense["key_fraction"].get<double>(), 1.0);
    QVERIFY(dense["fidelity"]["mean_kl"].get<double>() < 1e-3);  // 12-bit Q/K/V only
    QCOMPARE(j["rows"].size(), std::size_t(6));
    for (const auto& r : j["rows"]) {
      const std::string p = r["policy"].get<std::string>();
      const double b = r["budget"].get<double>();
      const auto& g = r["generation"];
      QCOMPARE(r["fidelity"]["steps"].get<int>(), 32);
      QCOMPARE(g["requests"].get<int>(), 32 * 16);  // 32 steps x 4 layers x 4 heads
      QVERIFY(g["cycles"].get<long>() > 0 && g["energy_uj"].get<double>() > 0.0);
      QCOMPARE(r["dram_bytes"]["meta"].get<long>() > 0, p == "quest" && b < 1.0);
      if (b == 1.0 && p != "spatten") {  // budget 1: the dense run
        QCOMPARE(r["fidelity"]["mean_kl"].get<double>(),
                 dense["fidelity"]["mean_kl"].get<double>());
        QCOMPARE(g["dram_bytes"]["total"].get<long>(),
                 dense["generation"]["dram_bytes"]["total"].get<long>());
        QCOMPARE(g["cycles"].get<long>(), dense["generation"]["cycles"].get<long>());
      }
      if (b < 1.0 && p == "h2o") {  // exactly k(n) = ceil(0.3 n) keys per step
        double keys = 0.0, seen = 0.0;
        for (int n = 49; n <= 64; ++n) {
          keys += std::ceil(0.3 * n - 1e-9);
          seen += n;
        }
        QVERIFY(std::fabs(r["key_fraction"].get<double>() - keys / seen) < 1e-6);
        QVERIFY(g["dram_bytes"]["total"].get<long>() <
                dense["generation"]["dram_bytes"]["total"].get<long>() / 2);
      }
    }
    // Same inputs: the same bytes.
    const QString again = dir.filePath(QStringLiteral("cmp2.json"));
    QCOMPARE(runCli(smallCompare(again)), 0);
    QVERIFY(readFile(out) == readFile(again));
  }

  void errorsNameTheOption() {
    QTemporaryDir dir;
    const QString out = dir.filePath(QStringLiteral("bad.json"));
    QString err;
    QCOMPARE(runCli({QStringLiteral("compare"), QStringLiteral("--model"),
                     samplesPath("models/tiny-bert"), QStringLiteral("--text-file"),
                     samplesPath("heldout/persuasion-ch22-24.txt"), QStringLiteral("--policies"),
                     QStringLiteral("spatten,h2o"), QStringLiteral("--json"), out},
                    &err),
             1);
    QVERIFY2(err.contains(QStringLiteral("--policies: h2o:")) &&
                 err.contains(QStringLiteral("decoders (GPT-2) only")),
             qPrintable(err));
    QVERIFY(!QFile::exists(out));
    QStringList args = smallCompare(out);
    args[args.indexOf(QStringLiteral("0.3,1"))] = QStringLiteral("0.3,0");
    QCOMPARE(runCli(args, &err), 1);
    QVERIFY2(err.contains(QStringLiteral("--budget: 0:")), qPrintable(err));
    QVERIFY(!QFile::exists(out));
  }

  // BERT: the cascade is defined; fidelity is the [CLS] cosine and MLM agreement per window.
  void bertComparesSpatten() {
    QTemporaryDir dir;
    const QString out = dir.filePath(QStringLiteral("bert.json"));
    QCOMPARE(runCli({QStringLiteral("compare"), QStringLiteral("--model"),
                     samplesPath("models/tiny-bert"), QStringLiteral("--text-file"),
                     samplesPath("heldout/persuasion-ch22-24.txt"), QStringLiteral("--policies"),
                     QStringLiteral("spatten"), QStringLiteral("--budget"), QStringLiteral("0.5"),
                     QStringLiteral("--window"), QStringLiteral("64"), QStringLiteral("--windows"),
                     QStringLiteral("2"), QStringLiteral("--no-simulate"),
                     QStringLiteral("--quiet"), QStringLiteral("--json"), out}),
             0);
    const nlohmann::json j = nlohmann::json::parse(readFile(out).toStdString());
    QCOMPARE(j["model"]["family"].get<std::string>(), std::string("bert"));
    QCOMPARE(j["dense"]["fidelity"]["windows"].get<int>(), 2);
    QVERIFY(j["dense"]["fidelity"]["cls_cosine"].get<double>() > 0.999);
    const auto& f = j["rows"][0]["fidelity"];
    QVERIFY(f["cls_cosine"].get<double>() < 1.0 && f["cls_cosine"].get<double>() > 0.0);
    QVERIFY(f["mlm_agreement"].get<double>() >= 0.0 && f["mlm_agreement"].get<double>() <= 1.0);
    QCOMPARE(j["rows"][0]["generation"]["requests"].get<int>(), 0);
  }
};

QTEST_APPLESS_MAIN(TestCliCompare)
#include "tst_cli_compare.moc"
