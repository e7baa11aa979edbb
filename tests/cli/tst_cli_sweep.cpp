// spatten-cli sweep / sweep-merge (docs/sweeps.md): the output does not depend on --jobs, shards
// merged equal the one-process file, an interrupted sweep resumed equals an uninterrupted one,
// and every row's figures equal separate `spatten-cli run` / `simulate` commands of that point
// (the independent reference: a different code path through main's options and JSON writers).
#include <signal.h>

#include <QtTest>

#include <cmath>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli_process.h"

namespace {

nlohmann::json readJson(const QString& path) {
  return nlohmann::json::parse(readFile(path).toStdString());
}

std::vector<nlohmann::json> rows(const QString& jsonl) {
  std::vector<nlohmann::json> out;
  std::istringstream in(readFile(jsonl).toStdString());
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) out.push_back(nlohmann::json::parse(line));
  return out;
}

double round7(double x) {
  return std::stod(fmt::format("{:.7g}", x));
}

const QString kModel = samplesPath("models/tiny-gpt2");
const QString kText = samplesPath("sentences/default.txt");

// 3 x 2 x 3 = 18 points; generation makes fidelity and refetch non-trivial.
QStringList sweepArgs(const QString& out) {
  return {"sweep", "--model", kModel, "--text-file", kText, "--generate", "2",
          "--grid", "token_keep_end=0.2:0.6:0.2", "--grid", "pq_threshold=0.05,0.2",
          "--grid", "hw.topk.parallelism=1,4,16", "--quiet", "--jsonl", out,
          "--csv", out + ".csv"};
}

}  // namespace

class TestCliSweep : public QObject {
  Q_OBJECT

private slots:
  void jobsAndShardsGiveTheSameFile() {
    QTemporaryDir dir;
    const QString one = dir.filePath("one.jsonl"), two = dir.filePath("two.jsonl");
    QCOMPARE(runCli(sweepArgs(one) + QStringList{"--jobs", "1"}), 0);
    QCOMPARE(runCli(sweepArgs(two) + QStringList{"--jobs", "2"}), 0);
    const QByteArray full = readFile(one), fullCsv = readFile(one + ".csv");
    QCOMPARE(rows(one).size(), std::size_t(18));
    QVERIFY(full == readFile(two));
    QVERIFY(fullCsv == readFile(two + ".csv"));
    QCOMPARE(fullCsv.count('\n'), 19);
    QStringList shards;
    for (int i = 1; i <= 4; ++i) {
      shards.prepend(dir.filePath(QString("s%1.jsonl").arg(i)));  // merged in reverse order
      QCOMPARE(runCli(sweepArgs(shards.first()) +
                      QStringList{"--shard", QString("%1/4").arg(i), "--jobs", "2"}),
               0);
      QVERIFY(rows(shards.first()).size() >= 4);
    }
    const QString merged = dir.filePath("merged.jsonl");
    QCOMPARE(runCli(QStringList{"sweep-merge"} + shards +
                    QStringList{"--jsonl", merged, "--csv", merged + ".csv"}),
             0);
    QVERIFY(readFile(merged) == full);
    QVERIFY(readFile(merged + ".csv") == fullCsv);
    // A missing shard is an error, not a shorter file.
    QString err;
    QCOMPARE(runCli({"sweep-merge", shards[0], shards[1], shards[3], "--jsonl",
                     dir.filePath("bad.jsonl")}, &err), 1);
    QVERIFY2(err.contains("are in none of the files"), qPrintable(err));
    QVERIFY(!QFile::exists(dir.filePath("bad.jsonl")));
  }

  void resumeAfterInterruptEqualsUninterrupted() {
    QTemporaryDir dir;
    const QString ref = dir.filePath("ref.jsonl"), out = dir.filePath("out.jsonl");
    QCOMPARE(runCli(sweepArgs(ref)), 0);
    QProcess p;
    p.start(QString::fromUtf8(SPATTEN_CLI_PATH), sweepArgs(out));
    QVERIFY(p.waitForStarted());
    QElapsedTimer t;
    t.start();
    while (readFile(out + ".partial").count('\n') < 4 && t.elapsed() < 60000 &&
           p.state() == QProcess::Running)
      QTest::qWait(5);
    QVERIFY2(p.state() == QProcess::Running, "the sweep ended before it could be interrupted");
    ::kill(static_cast<pid_t>(p.processId()), SIGINT);
    QVERIFY(p.waitForFinished(60000));
    QCOMPARE(p.exitCode(), 130);
    QVERIFY(!QFile::exists(out));
    QVERIFY(!QFile::exists(out + ".csv"));
    const int kept = readFile(out + ".partial").count('\n') - 1;
    QVERIFY2(kept >= 3 && kept < 18, qPrintable(QString::number(kept)));
    {  // a row cut by the interrupt
      QFile f(out + ".partial");
      QVERIFY(f.open(QIODevice::Append));
      f.write("{\"point\":");
    }
    QCOMPARE(runCli(sweepArgs(out) + QStringList{"--resume", "--jobs", "2"}), 0);
    QVERIFY(readFile(out) == readFile(ref));
    QVERIFY(readFile(out + ".csv") == readFile(ref + ".csv"));
    QVERIFY(!QFile::exists(out + ".partial"));
    // A journal of another sweep is refused, not mixed in.
    QFile::copy(ref, out + ".partial");
    QString err;
    QCOMPARE(runCli(sweepArgs(out) + QStringList{"--resume", "--seed", "2"}, &err), 1);
    QVERIFY2(err.contains("the journal of a different sweep"), qPrintable(err));
  }

  // Every figure of every row against `spatten-cli run` and `simulate` of that point.
  // A saved session as the base gives the rows of the same model, text, run and hardware
  // configurations spelled as options; the options a session replaces are refused beside it.
  void sessionBaseEqualsTheSameOptions() {
    QTemporaryDir dir;
    const QString text = QStringLiteral("It is a truth universally acknowledged, that a single man");
    const nlohmann::json session = {{"format", "spatten-session"},
                                    {"version", 1},
                                    {"model", QFileInfo(kModel).absoluteFilePath().toStdString()},
                                    {"text", text.toStdString()},
                                    {"generate", 2},
                                    {"seed", 3},
                                    {"run", {{"token_keep_end", 0.4}, {"pq_threshold", 0.2}}},
                                    {"hw", {{"base", "spatten"}, {"hbm", {{"channels", 8}}}}}};
    const QString sessionFile = dir.filePath("s.spatten.json");
    const QString runFile = dir.filePath("run.json"), hwFile = dir.filePath("hw.json");
    for (const auto& [path, doc] : {std::pair{sessionFile, session},
                                    std::pair{runFile, session["run"]},
                                    std::pair{hwFile, session["hw"]}}) {
      QFile f(path);
      QVERIFY(f.open(QIODevice::WriteOnly));
      f.write(QByteArray::fromStdString(doc.dump()));
    }
    const QStringList grid = {"--grid", "value_keep=0.2,0.6", "--grid", "hw.topk.parallelism=2,16",
                              "--quiet"};
    const QString a = dir.filePath("a.jsonl"), b = dir.filePath("b.jsonl");
    QCOMPARE(runCli(QStringList{"sweep", "--session", sessionFile, "--jsonl", a, "--csv",
                                a + ".csv"} + grid),
             0);
    QCOMPARE(runCli(QStringList{"sweep", "--model", kModel, "--text", text, "--config", runFile,
                                "--generate", "2", "--hw", hwFile, "--seed", "3", "--set",
                                "seed=3", "--jsonl", b, "--csv", b + ".csv"} + grid),
             0);
    QCOMPARE(readFile(a + ".csv"), readFile(b + ".csv"));
    const std::vector<nlohmann::json> ra = rows(a), rb = rows(b);
    QCOMPARE(ra.size(), std::size_t(4));
    QVERIFY(ra == rb);
    QString err;
    QVERIFY(runCli({"sweep", "--session", sessionFile, "--model", kModel, "--jsonl",
                    dir.filePath("c.jsonl")},
                   &err) != 0);
    QVERIFY2(err.contains(QStringLiteral("--model")), qPrintable(err));
    QVERIFY(!QFileInfo::exists(dir.filePath("c.jsonl")));
  }

  void rowsEqualSeparateRunAndSimulate() {
    QTemporaryDir dir;
    const QString out = dir.filePath("s.jsonl");
    QCOMPARE(runCli({"sweep", "--model", kModel, "--text-file", kText, "--generate", "2",
                     "--grid", "token_keep_end=0.2,0.5", "--grid", "hw.topk.parallelism=2,16",
                     "--quiet", "--jobs", "2", "--jsonl", out}),
             0);
    const std::vector<nlohmann::json> rs = rows(out);
    QCOMPARE(rs.size(), std::size_t(4));
    for (const nlohmann::json& r : rs) {
      const QString keep = QString::number(r["params"]["token_keep_end"].get<double>());
      const QString par = QString::number(r["params"]["hw.topk.parallelism"].get<int>());
      const QStringList common = {"--model", kModel, "--text-file", kText, "--generate", "2"};
      const QString runOut = dir.filePath("run.json"), simOut = dir.filePath("sim.json"),
                    denseOut = dir.filePath("dense.json");
      QCOMPARE(runCli(QStringList{"run"} + common +
                      QStringList{"--set", "token_keep_end=" + keep, "--json", runOut}), 0);
      QCOMPARE(runCli(QStringList{"simulate"} + common +
                      QStringList{"--set", "token_keep_end=" + keep, "--set",
                                  "hw.topk.parallelism=" + par, "--json", simOut}), 0);
      QCOMPARE(runCli(QStringList{"simulate"} + common +
                      QStringList{"--preset", "dense", "--set", "k_msb_bits=12", "--set",
                                  "v_bits=12", "--set", "q_bits=12", "--set",
                                  "hw.topk.parallelism=" + par, "--json", denseOut}), 0);
      const nlohmann::json run = readJson(runOut), sim = readJson(simOut),
                           dense = readJson(denseOut);
      for (const char* k : {"k_msb", "k_lsb", "v", "q", "total"})
        QCOMPARE(r["dram_bytes"][k], run["dram_bytes"]["by_kind"][k]);
      QCOMPARE(r["dense_dram_bytes"], run["dram_bytes"]["dense_baseline"]);
      QCOMPARE(r["dram_reduction"], run["dram_bytes"]["reduction"]);
      QCOMPARE(r["refetch_rate"], run["requests"]["refetch_rate"]);
      QCOMPARE(r["fidelity"]["top1_agreement"], run["fidelity"]["top1_agreement"]);
      QCOMPARE(r["fidelity"]["mean_kl"], run["fidelity"]["mean_kl"]);
      QCOMPARE(r["cycles"], sim["cycles"]);
      QCOMPARE(r["dense_cycles"], dense["cycles"]);
      QCOMPARE(r["energy_uj"].get<double>(), round7(sim["energy"]["total_uj"].get<double>()));
      QCOMPARE(r["dense_energy_uj"].get<double>(),
               round7(dense["energy"]["total_uj"].get<double>()));
      QCOMPARE(r["speedup"].get<double>(),
               round7(dense["cycles"].get<double>() / sim["cycles"].get<double>()));
    }
    QVERIFY(rs[0]["cycles"] != rs[1]["cycles"]);  // the hardware axis changed something
  }

  // --sentences: mean / std / min / max over the texts, each text as a one-text sweep.
  void corpusAggregatesPerPoint() {
    QTemporaryDir dir;
    const QStringList texts = {"It is a truth universally acknowledged.",
                               "The quick brown fox jumps over the lazy dog again and again.",
                               "Once upon a time"};
    const QString corpus = dir.filePath("corpus.txt");
    {
      QFile f(corpus);
      QVERIFY(f.open(QIODevice::WriteOnly));
      f.write((texts.join("\n\n") + "\n").toUtf8());  // empty lines are skipped
    }
    const QStringList grid = {"--grid", "value_keep=0.2,0.8", "--quiet"};
    const QString all = dir.filePath("all.jsonl");
    QCOMPARE(runCli(QStringList{"sweep", "--model", kModel, "--sentences", corpus,
                                "--jsonl", all} + grid), 0);
    std::vector<std::vector<nlohmann::json>> single;
    for (int i = 0; i < texts.size(); ++i) {
      const QString out = dir.filePath(QString("t%1.jsonl").arg(i));
      QCOMPARE(runCli(QStringList{"sweep", "--model", kModel, "--text", texts[i],
                                  "--jsonl", out} + grid), 0);
      single.push_back(rows(out));
    }
    const std::vector<nlohmann::json> rs = rows(all);
    QCOMPARE(rs.size(), std::size_t(2));
    for (std::size_t p = 0; p < rs.size(); ++p) {
      QCOMPARE(rs[p]["texts"].get<int>(), 3);
      for (const char* name : {"cycles", "speedup", "dram_reduction"}) {
        double sum = 0, lo = 1e300, hi = -1e300;
        for (const auto& s : single) {
          const double v = s[p][name].get<double>();
          sum += v, lo = std::min(lo, v), hi = std::max(hi, v);
        }
        const nlohmann::json& agg = rs[p][name];
        QVERIFY2(std::fabs(agg["mean"].get<double>() - sum / 3) <= 1e-6 * std::fabs(sum),
                 name);
        QCOMPARE(agg["min"].get<double>(), lo);
        QCOMPARE(agg["max"].get<double>(), hi);
        QVERIFY(agg["std"].get<double>() > 0);
      }
    }
  }

  // A workload CSV base: hardware axes only; cycles equal `simulate --workload`.
  void workloadBase() {
    QTemporaryDir dir;
    const QString csv = dir.filePath("w.csv");
    QCOMPARE(runCli({"run", "--model", kModel, "--text-file", kText, "--json",
                     dir.filePath("r.json"), "--workload-csv", csv}), 0);
    const QString out = dir.filePath("w.jsonl");
    QCOMPARE(runCli({"sweep", "--workload", csv, "--grid", "hw.hbm.channels=2,16", "--quiet",
                     "--jsonl", out}), 0);
    const std::vector<nlohmann::json> rs = rows(out);
    QCOMPARE(rs.size(), std::size_t(2));
    for (const nlohmann::json& r : rs) {
      const QString sim = dir.filePath("sim.json");
      QCOMPARE(runCli({"simulate", "--workload", csv, "--set",
                       "hw.hbm.channels=" + QString::number(r["params"]["hw.hbm.channels"].get<int>()),
                       "--json", sim}), 0);
      const nlohmann::json s = readJson(sim);
      QCOMPARE(r["cycles"], s["cycles"]);
      QCOMPARE(r["dram_bytes"]["total"], s["dram_bytes"]["total"]);
    }
  }
};

QTEST_APPLESS_MAIN(TestCliSweep)
#include "tst_cli_sweep.moc"
