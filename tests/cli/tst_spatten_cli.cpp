// `spatten-cli run` end to end: byte-identical JSON for the same configuration and seed, the
// documented top-level keys, errors that name the field, and the workload CSV round trip.
#include <QtTest>

#include <QProcess>
#include <QTemporaryDir>

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "core/functional/workload_convert.h"
#include "core/workload/workload_csv.h"

namespace {

QString modelDir(const char* name) {
  const QString bundled = QStringLiteral(SPATTEN_SAMPLES_DIR "/models/") + name;
  return bundled;
}

struct Result {
  int code = -1;
  QByteArray err;
};

Result runCli(const QStringList& args) {
  QProcess p;
  p.start(QStringLiteral(SPATTEN_CLI_PATH), args);
  Result r;
  if (!p.waitForFinished(240000)) return r;
  r.code = p.exitCode();
  r.err = p.readAllStandardError();
  return r;
}

QByteArray readAll(const QString& path) {
  QFile f(path);
  if (!f.open(QIODevice::ReadOnly)) return {};
  return f.readAll();
}

}  // namespace

class TestSpattenCli : public QObject {
  Q_OBJECT
private slots:
  void initTestCase() {
    if (!std::filesystem::exists(modelDir("tiny-gpt2").toStdString() + "/model.safetensors"))
      QSKIP("bundled tiny models are missing");
  }

  void byteIdenticalForTheSameSeed() {
    QTemporaryDir dir;
    const QString a = dir.filePath("a.json"), b = dir.filePath("b.json");
    const QStringList common = {"run", "--model", modelDir("tiny-gpt2"), "--text",
                                "It is a truth universally acknowledged", "--preset",
                                "spatten-gpt2", "--generate", "2", "--set", "seed=7"};
    const Result r1 = runCli(common + QStringList{"--json", a, "--workload-csv", dir.filePath("w.csv")});
    QVERIFY2(r1.code == 0, r1.err.constData());
    const Result r2 = runCli(common + QStringList{"--json", b});
    QVERIFY2(r2.code == 0, r2.err.constData());
    const QByteArray ja = readAll(a);
    QVERIFY(!ja.isEmpty());
    QCOMPARE(ja, readAll(b));
    const auto j = nlohmann::json::parse(ja.toStdString());
    for (const char* key : {"config", "tokens", "layers", "requests", "dram_bytes", "fidelity"})
      QVERIFY2(j.contains(key), key);
    QCOMPARE(j["config"]["seed"].get<int>(), 7);
    QCOMPARE(j["config"]["generate"].get<int>(), 2);
    QVERIFY(j["dram_bytes"].contains("total"));
    QVERIFY(j["dram_bytes"].contains("dense_baseline"));
    QVERIFY(j["dram_bytes"]["by_kind"].contains("k_lsb"));
    QCOMPARE(int(j["layers"].size()), 4 * 3);
    QCOMPARE(int(j["fidelity"]["steps"].size()), 3);
    QVERIFY(!j.contains("attention"));

    // Workload CSV: one row per request, and export(import(csv)) == csv.
    const std::string csvPath = dir.filePath("w.csv").toStdString();
    const spatten::core::Workload w = spatten::core::loadWorkloadCsv(csvPath);
    QCOMPARE(int(w.requests.size()), j["requests"]["total"].get<int>());
    int refetch = 0;
    for (const auto& rq : w.requests) refetch += rq.refetchLsb ? 1 : 0;
    QCOMPARE(refetch, j["requests"]["refetch"].get<int>());
    QCOMPARE(QByteArray::fromStdString(spatten::core::workloadToCsv(w)), readAll(dir.filePath("w.csv")));
  }

  void bertWithAttentionDump() {
    QTemporaryDir dir;
    const QString out = dir.filePath("bert.json");
    const Result r = runCli({"run", "--model", modelDir("tiny-bert"), "--text",
                             "Elizabeth was [MASK] to hear the news.", "--dump-attention",
                             "--json", out});
    QVERIFY2(r.code == 0, r.err.constData());
    const std::string text = readAll(out).toStdString();
    const auto j = nlohmann::json::parse(text);
    // The attention is streamed (core::writeRunJson): the file must still be exactly nlohmann's
    // compact dump of what it holds (key order, number format).
    QVERIFY(j.dump() + "\n" == text);
    QVERIFY(j["fidelity"].contains("cls_cosine"));
    const auto& first = j["attention"][0];
    QCOMPARE(first["keys"].size(), first["probs"].size());
    QCOMPARE(j["fidelity"]["mlm_positions"].size(), size_t(1));
    QCOMPARE(int(j["attention"].size()), j["requests"]["total"].get<int>());
    QVERIFY(!j["config"]["pq_enabled"].get<bool>());  // spatten-bert preset by default
  }

  void badValuesNameTheField() {
    QTemporaryDir dir;
    const QString out = dir.filePath("x.json");
    for (const auto& [set, field] : std::vector<std::pair<QString, QString>>{
             {"value_keep=0", "value_keep"}, {"k_lsb_bits=12", "k_lsb_bits"},
             {"token_keep_per_layer=[0.5,0.5]", "token_keep_per_layer"}, {"bogus=1", "bogus"}}) {
      const Result r = runCli({"run", "--model", modelDir("tiny-gpt2"), "--text", "Hello",
                               "--set", set, "--json", out});
      QVERIFY(r.code != 0);
      QVERIFY2(QString::fromUtf8(r.err).contains(field), r.err.constData());
      QVERIFY(!QFile::exists(out));  // never a half-written output
    }
    QTemporaryDir d2;
    const QString cfg = d2.filePath("bad.json");
    {
      std::ofstream f(cfg.toStdString());
      f << R"({"head_keep_end": 1.5})";
    }
    const Result r = runCli({"run", "--model", modelDir("tiny-gpt2"), "--text", "Hello", "--config",
                             cfg, "--json", out});
    QVERIFY(r.code != 0);
    QVERIFY2(QString::fromUtf8(r.err).contains("head_keep_end"), r.err.constData());
  }
};

QTEST_APPLESS_MAIN(TestSpattenCli)
#include "tst_spatten_cli.moc"
