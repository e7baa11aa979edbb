// spatten-cli simulate fed by a functional run (--model/--text): the simulator must see exactly
// the request stream that `spatten-cli run` reports for the same text and configuration, and
// fetch exactly its payload bytes per kind.
#include <QtTest>

#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

namespace {

QString samplesPath(const char* rel) {
  return QString::fromUtf8(SPATTEN_SAMPLES_DIR) + QLatin1Char('/') + QString::fromUtf8(rel);
}

QString readText(const QString& path) {
  QFile f(path);
  if (!f.open(QIODevice::ReadOnly)) return {};
  return QString::fromUtf8(f.readAll());
}

// Runs spatten-cli; returns the exit code and fills stderr.
int runCli(const QStringList& args, QString* err = nullptr) {
  QProcess p;
  p.start(QString::fromUtf8(SPATTEN_CLI_PATH), args);
  if (!p.waitForFinished(120000)) return -1;
  if (err) *err = QString::fromUtf8(p.readAllStandardError());
  return p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
}

nlohmann::json readJson(const QString& path) {
  std::ifstream in(path.toStdString());
  std::stringstream ss;
  ss << in.rdbuf();
  return nlohmann::json::parse(ss.str());
}

}  // namespace

class TestCliSimulate : public QObject {
  Q_OBJECT

private slots:
  void functionalInputMatchesRun() {
    QTemporaryDir dir;
    const QString model = samplesPath("models/tiny-gpt2");
    const QString text = readText(samplesPath("sentences/default.txt"));
    QVERIFY(!text.isEmpty());
    const QString runOut = dir.filePath(QStringLiteral("run.json"));
    const QString simOut = dir.filePath(QStringLiteral("sim.json"));
    const QStringList common = {QStringLiteral("--model"), model, QStringLiteral("--text"), text,
                                QStringLiteral("--preset"), QStringLiteral("spatten-gpt2"),
                                QStringLiteral("--generate"), QStringLiteral("2")};
    QCOMPARE(runCli(QStringList{QStringLiteral("run")} + common +
                    QStringList{QStringLiteral("--json"), runOut}), 0);
    QCOMPARE(runCli(QStringList{QStringLiteral("simulate")} + common +
                    QStringList{QStringLiteral("--set"), QStringLiteral("hw.topk.parallelism=8"),
                                QStringLiteral("--json"), simOut}), 0);
    const nlohmann::json run = readJson(runOut);
    const nlohmann::json sim = readJson(simOut);
    QCOMPARE(sim["requests"].get<long>(), run["requests"]["total"].get<long>());
    QCOMPARE(sim["lsb_refetches"].get<long>(), run["requests"]["refetch"].get<long>());
    for (const char* kind : {"k_msb", "k_lsb", "v", "q"})
      QCOMPARE(sim["dram_bytes"]["payload_by_kind"][kind].get<long>(),
               run["dram_bytes"]["by_kind"][kind].get<long>());
    QVERIFY(sim["cycles"].get<long>() > 0);
    QCOMPARE(sim["hw"]["topk"]["parallelism"].get<int>(), 8);
  }

  // Same inputs and seed: byte-identical JSON and trace files; --timing adds the host timing.
  void outputsAreByteIdentical() {
    QTemporaryDir dir;
    const QString model = samplesPath("models/tiny-gpt2");
    const QString text = readText(samplesPath("sentences/default.txt"));
    QByteArray json[2], trace[2];
    for (int i = 0; i < 2; ++i) {
      const QString out = dir.filePath(QStringLiteral("s%1.json").arg(i));
      const QString tr = dir.filePath(QStringLiteral("s%1.trace.json").arg(i));
      QCOMPARE(runCli({QStringLiteral("simulate"), QStringLiteral("--model"), model,
                       QStringLiteral("--text"), text, QStringLiteral("--set"),
                       QStringLiteral("hw.topk.model=1"), QStringLiteral("--json"), out,
                       QStringLiteral("--trace"), tr}),
               0);
      QFile a(out), b(tr);
      QVERIFY(a.open(QIODevice::ReadOnly) && b.open(QIODevice::ReadOnly));
      json[i] = a.readAll();
      trace[i] = b.readAll();
    }
    QVERIFY(!json[0].isEmpty() && !trace[0].isEmpty());
    QVERIFY(json[0] == json[1]);
    QVERIFY(trace[0] == trace[1]);
    QVERIFY(!json[0].contains("wall_seconds"));
    const QString timed = dir.filePath(QStringLiteral("t.json"));
    QCOMPARE(runCli({QStringLiteral("simulate"), QStringLiteral("--model"), model,
                     QStringLiteral("--text"), text, QStringLiteral("--json"), timed,
                     QStringLiteral("--timing")}),
             0);
    QVERIFY(readJson(timed).contains("wall_seconds"));
  }

  void needsAnInput() {
    QTemporaryDir dir;
    QString err;
    QVERIFY(runCli({QStringLiteral("simulate"), QStringLiteral("--json"),
                    dir.filePath(QStringLiteral("x.json"))}, &err) != 0);
    QVERIFY2(err.contains(QStringLiteral("--workload")), qPrintable(err));
    QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("x.json"))));
  }
};

QTEST_APPLESS_MAIN(TestCliSimulate)
#include "tst_cli_simulate.moc"
