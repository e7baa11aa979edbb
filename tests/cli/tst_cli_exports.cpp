// spatten-cli's trace exports end to end: simulate writes the VCD, the Perfetto trace with
// counters and both DRAM traces with their configuration files; dram-replay of the DRAMsim3
// trace reports exactly the simulation's DRAM reads and row hits; a second run gives the same
// bytes; --trace is unchanged by the other exports.
#include <QtTest>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace {

int runCli(const QStringList& args, QString* err = nullptr) {
  QProcess p;
  p.start(QString::fromUtf8(SPATTEN_CLI_PATH), args);
  if (!p.waitForFinished(300000)) return -1;
  const QString e = QString::fromUtf8(p.readAllStandardError());
  if (err) *err = e;
  if (!e.isEmpty()) qWarning("%s", qPrintable(e));
  return p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
}

QByteArray readBytes(const QString& path) {
  QFile f(path);
  return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// A small official-format workload: two layers of four heads, 6-bit keys, refetches, a top-k row.
QString writeWorkload(const QTemporaryDir& dir) {
  QString csv =
      "iteration_id,layer_id,head_id,embedding_length_D,sentence_length_L,key_fetch_num,"
      "quant_key_bit,quant_query_bit,auto_requant_thres,if_requant,auto_requant_incre,"
      "value_fetch_num,quant_value_bit,if_accumulate_importance,if_rescale_previous_importance,"
      "if_topk,topk\n";
  for (int layer = 0; layer < 2; ++layer)
    for (int head = 0; head < 4; ++head)
      csv += QString("0,%1,%2,64.0,200,%3,6,16,%4,True,4,40,6,True,False,%5,%6\n")
                 .arg(layer)
                 .arg(head)
                 .arg(180 - 20 * layer)
                 .arg(head == 1 ? "0.5" : "0.05")
                 .arg(head == 3 ? "True" : "False")
                 .arg(head == 3 ? "150" : "-1");
  const QString path = dir.filePath("w.csv");
  QFile f(path);
  if (f.open(QIODevice::WriteOnly)) f.write(csv.toUtf8());
  return path;
}

}  // namespace

class TestCliExports : public QObject {
  Q_OBJECT

private slots:
  void simulateExportsAndReplay() {
    QTemporaryDir dir;
    const QString csv = writeWorkload(dir);
    auto out = [&](const char* n) { return dir.filePath(n); };
    const QStringList base = {"simulate", "--workload", csv, "--seed", "3"};
    QCOMPARE(
        runCli(base + QStringList{"--json", out("plain.json"), "--trace", out("plain.trace.json")}),
        0);
    QCOMPARE(runCli(base + QStringList{"--json", out("a.json"), "--trace", out("a.trace.json"),
                                       "--vcd", out("a.vcd"), "--dram-trace", out("a.dramsim3"),
                                       "--dram-format", "dramsim3"}),
             0);
    QCOMPARE(runCli(base + QStringList{"--json", out("b.json"), "--trace", out("b.trace.json"),
                                       "--trace-dram", "--trace-counters", "--vcd", out("b.vcd"),
                                       "--dram-trace", out("b.ld"), "--dram-format", "ramulator2"}),
             0);
    // Exports observe only: the summary and the plain trace are the same in every run.
    QCOMPARE(readBytes(out("a.json")), readBytes(out("plain.json")));
    QCOMPARE(readBytes(out("b.json")), readBytes(out("plain.json")));
    QCOMPARE(readBytes(out("a.trace.json")), readBytes(out("plain.trace.json")));
    QCOMPARE(readBytes(out("a.vcd")), readBytes(out("b.vcd")));
    QVERIFY(readBytes(out("a.vcd")).startsWith("$version SpAtten Studio"));
    QVERIFY(readBytes(out("a.dramsim3.ini")).contains("address_mapping = rorababgcoch"));
    QVERIFY(readBytes(out("b.ld.yaml")).contains("path: b.ld\n"));
    QVERIFY(readBytes(out("b.trace.json")).contains("\"ph\":\"C\""));
    QCOMPARE(readBytes(out("a.dramsim3")).count('\n'), readBytes(out("b.ld")).count('\n'));
    // Replay of the DRAMsim3 trace: the simulation's reads, bytes and row hits exactly.
    QCOMPARE(runCli({"dram-replay", "--trace", out("a.dramsim3"), "--format", "dramsim3", "--json",
                     out("replay.json")}),
             0);
    const auto sim = nlohmann::json::parse(readBytes(out("a.json")).toStdString());
    const auto rep = nlohmann::json::parse(readBytes(out("replay.json")).toStdString());
    QCOMPARE(rep["requests"], sim["dram"]["transactions"]);
    QCOMPARE(rep["bytes"], sim["dram_bytes"]["total"]);
    QCOMPARE(rep["row_hits"], sim["dram"]["row_hits"]);
    QVERIFY(rep["latency_cycles"]["histogram"].size() >= 1);
    QCOMPARE(runCli({"dram-replay", "--trace", out("b.ld"), "--format", "ramulator2",
                     "--issue-width", "32", "--json", out("replay-ld.json")}),
             0);
    const auto ld = nlohmann::json::parse(readBytes(out("replay-ld.json")).toStdString());
    QCOMPARE(ld["requests"], sim["dram"]["transactions"]);
    QCOMPARE(ld["issue_width"].get<int>(), 32);
    // Same inputs, same bytes.
    QCOMPARE(runCli(base + QStringList{"--json", out("c.json"), "--dram-trace", out("c.ld"),
                                       "--dram-format", "ramulator2"}),
             0);
    QCOMPARE(readBytes(out("c.ld")), readBytes(out("b.ld")));
  }
};

QTEST_APPLESS_MAIN(TestCliExports)
#include "tst_cli_exports.moc"
