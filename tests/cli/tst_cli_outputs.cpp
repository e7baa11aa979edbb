// spatten-cli output files (issue 14): every output is validated before any work, written to a
// unique temporary and moved into place with the others at the end; a failed or interrupted run
// leaves the directory exactly as it was. Also --text-file / stdin and strict --seed/--generate.
#include <QDir>
#include <QProcess>
#include <QtTest>
#include <csignal>

namespace {

const QString kCli = QString::fromUtf8(SPATTEN_CLI_PATH);
QString samples(const char* rel) {
  return QString::fromUtf8(SPATTEN_SAMPLES_DIR) + "/" + rel;
}
QString shared(const char* rel) {
  return QString::fromUtf8(SPATTEN_SHARED_DIR) + "/" + rel;
}

struct Result {
  int code = -1;
  QString err;
  QByteArray out;
};

Result run(const QStringList& args, const QByteArray& stdinData = {}) {
  QProcess p;
  p.start(kCli, args);
  if (!stdinData.isNull()) {
    p.write(stdinData);
    p.closeWriteChannel();
  }
  Result r;
  if (!p.waitForFinished(120000)) return r;
  r.err = QString::fromUtf8(p.readAllStandardError()).trimmed();
  r.out = p.readAllStandardOutput();
  r.code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
  return r;
}

QByteArray readBytes(const QString& path) {
  QFile f(path);
  return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray("(missing)");
}

void writeBytes(const QString& path, const QByteArray& bytes) {
  QFile f(path);
  QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
  f.write(bytes);
}

// The directory's entries, hidden files included (temporaries are hidden).
QStringList entries(const QString& dir) {
  return QDir(dir).entryList(QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot, QDir::Name);
}

QStringList gpt2(const QString& text) {
  return {"--model", samples("models/tiny-gpt2"), "--text", text};
}

}  // namespace

class TestCliOutputs : public QObject {
  Q_OBJECT

private slots:
  // Old behaviour: --trace / --workload-csv were written although --json pointed into a missing
  // directory, after the whole computation.
  void missingDirectoryWritesNothing() {
    QTemporaryDir dir;
    const Result r = run(QStringList{"run"} + gpt2("It is") +
                         QStringList{"--json", dir.filePath("no/such/dir/out.json"),
                                     "--workload-csv", dir.filePath("w.csv")});
    QCOMPARE(r.code, 1);
    QCOMPARE(r.err, "error: --json: " + dir.filePath("no/such/dir/out.json") + ": directory '" +
                        dir.filePath("no/such/dir") + "' does not exist");
    QCOMPARE(entries(dir.path()), QStringList());
  }

  // Old behaviour: the temporary was always OUT.tmp (the user's OUT.tmp was overwritten, then
  // deleted); --json and --trace on one path overwrote each other.
  void userFilesAreNeverTouched() {
    QTemporaryDir dir;
    const QString out = dir.filePath("out.json");
    writeBytes(out + ".tmp", "the user's own file");
    writeBytes(out, "previous result");
    // A failing run (unknown hardware preset) leaves both files as they were.
    Result r = run({"simulate", "--workload", shared("workloads/small.csv"), "--hw", "nope",
                    "--json", out, "--trace", dir.filePath("t.json")});
    QCOMPARE(r.code, 1);
    QCOMPARE(readBytes(out), QByteArray("previous result"));
    QCOMPARE(readBytes(out + ".tmp"), QByteArray("the user's own file"));
    QCOMPARE(entries(dir.path()), (QStringList{"out.json", "out.json.tmp"}));
    // Identical output paths are refused before any work.
    r = run({"simulate", "--workload", shared("workloads/small.csv"), "--json", out, "--trace",
             dir.path() + "/./out.json"});
    QCOMPARE(r.code, 1);
    QCOMPARE(r.err, "error: --trace: " + dir.path() + "/./out.json: is the same file as --json " +
                        out + "; give each output its own file");
    // A successful run replaces out.json, writes the trace, and leaves no temporary behind.
    r = run({"simulate", "--workload", shared("workloads/small.csv"), "--json", out, "--trace",
             dir.filePath("t.json")});
    QCOMPARE(r.code, 0);
    QVERIFY(readBytes(out).startsWith("{\"cycles\":"));
    QVERIFY(readBytes(dir.filePath("t.json")).startsWith("{\"displayTimeUnit\":\"ns\""));
    QCOMPARE(readBytes(out + ".tmp"), QByteArray("the user's own file"));
    QCOMPARE(entries(dir.path()), (QStringList{"out.json", "out.json.tmp", "t.json"}));
  }

  void emptyAndDirectoryPaths() {
    QTemporaryDir dir;
    Result r = run(QStringList{"infer"} + gpt2("It is") + QStringList{"--json", ""});
    QCOMPARE(r.code, 1);
    QCOMPARE(r.err, QString("error: --json: empty path: give the output file's name"));
    r = run(QStringList{"infer"} + gpt2("It is") + QStringList{"--json", dir.path()});
    QCOMPARE(r.code, 1);
    QCOMPARE(r.err,
             "error: --json: " + dir.path() + ": is a directory; give the output file's name");
  }

  // Ctrl-C during a long simulation: exit 130, no output, no temporary, earlier files intact.
  void interruptLeavesNothing() {
    const QString csv = shared("workloads/summary-gpt2-small-wikitext2-per8.csv");
    if (!QFile::exists(csv)) QSKIP("official workloads not available");
    QTemporaryDir dir;
    writeBytes(dir.filePath("s.json"), "previous result");
    QProcess p;
    p.start(kCli, {"simulate", "--workload", csv, "--json", dir.filePath("s.json"), "--trace",
                   dir.filePath("t.json"), "--trace-dram"});
    QVERIFY(p.waitForStarted());
    // Wait until the trace's temporary exists (the simulation is running), then interrupt.
    QElapsedTimer t;
    t.start();
    while (entries(dir.path()).size() < 2 && t.elapsed() < 60000) QTest::qWait(20);
    QCOMPARE(entries(dir.path()).size(), 2);
    ::kill(static_cast<pid_t>(p.processId()), SIGINT);
    QVERIFY(p.waitForFinished(60000));
    QCOMPARE(p.exitCode(), 130);
    QCOMPARE(QString::fromUtf8(p.readAllStandardError()).trimmed(),
             QString("error: interrupted; no output file was written"));
    QCOMPARE(entries(dir.path()), QStringList{"s.json"});
    QCOMPARE(readBytes(dir.filePath("s.json")), QByteArray("previous result"));
  }

  // Option-parsing errors: one "error:" line and exit status 1, as docs/cli.md promises
  // (CLI11 used 104..108 without the prefix).
  void parseErrorsExitOne() {
    for (const QStringList& args :
         {QStringList{}, QStringList{"run", "--model"}, QStringList{"bogus"},
          QStringList{"infer", "--model", samples("models/tiny-gpt2"), "--text", "x", "--json",
                      "o.json", "--unknown"},
          QStringList{"run", "--generate", "abc"}}) {
      const Result r = run(args);
      QCOMPARE(r.code, 1);
      QVERIFY2(r.err.startsWith("error: ") && !r.err.contains('\n'), qPrintable(r.err));
    }
    QCOMPARE(run({"--help"}).code, 0);
    QCOMPARE(run({"--version"}).code, 0);
  }

  void seedAndGenerateAreStrict() {
    QTemporaryDir dir;
    const QString csv = shared("workloads/small.csv");
    const QString out = dir.filePath("s.json");
    Result r = run({"simulate", "--workload", csv, "--json", out, "--seed", "-1"});
    QCOMPARE(r.err, QString("error: --seed: '-1' is not an integer in 0..18446744073709551615"));
    r = run({"simulate", "--workload", csv, "--json", out, "--seed", "18446744073709551616"});
    QCOMPARE(r.err, QString("error: --seed: '18446744073709551616' is not an integer in "
                            "0..18446744073709551615"));
    r = run({"simulate", "--workload", csv, "--json", out, "--seed", "18446744073709551615"});
    QCOMPARE(r.code, 0);
    QVERIFY(readBytes(out).contains("\"seed\":18446744073709551615"));
    r = run(QStringList{"run"} + gpt2("It is") + QStringList{"--generate", "-5", "--json", out});
    QCOMPARE(r.err, QString("error: --generate: -5 is out of range; allowed 0..4096"));
    QCOMPARE(r.code, 1);
  }

  // --text-file FILE and --text-file - (stdin) give what --text gives; texts over 128 KiB
  // (the argument limit) can be passed.
  void textFromFileOrStdin() {
    QTemporaryDir dir;
    const QString model = samples("models/tiny-gpt2");
    const QByteArray text = "It is a truth universally acknowledged";
    writeBytes(dir.filePath("t.txt"), text + "\n\n");
    const Result direct = run({"tokenize", "--model", model, "--text", QString::fromUtf8(text)});
    const Result file = run({"tokenize", "--model", model, "--text-file", dir.filePath("t.txt")});
    const Result piped = run({"tokenize", "--model", model, "--text-file", "-"}, text + "\n");
    QCOMPARE(direct.code, 0);
    QCOMPARE(file.out, direct.out);
    QCOMPARE(piped.out, direct.out);
    const QByteArray big(300 * 1024, 'a');
    writeBytes(dir.filePath("big.txt"), big);
    const Result large =
        run({"tokenize", "--model", model, "--text-file", dir.filePath("big.txt")});
    QCOMPARE(large.code, 0);
    QVERIFY(large.out.size() > 300 * 1024);
    const Result both = run({"tokenize", "--model", model, "--text", "x", "--text-file", "-"});
    QCOMPARE(both.code, 1);
    QCOMPARE(both.err, QString("error: --text excludes --text-file (see --help)"));
    const Result missing = run({"tokenize", "--model", model, "--text-file", dir.filePath("no")});
    QCOMPARE(missing.err, "error: " + dir.filePath("no") + ": cannot open: no such file");
  }
};

QTEST_APPLESS_MAIN(TestCliOutputs)
#include "tst_cli_outputs.moc"
