// spatten-cli export --session: every format of a session file, twice byte for byte identical,
// and each format read back by an independent reader (tests/cli/read_export_metadata.py: PNG
// chunks with struct + zlib, SVG with xml.etree, PDF info strings, CSV with the csv module; the
// data files with python's json/csv).
#include <QDirIterator>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include "tests/cli/dir_contents.h"

namespace {

const QString kText = QStringLiteral("Teachers export figures, \"quoted\", with commas.");

QString runCli(const QStringList& args, int* status) {
  QProcess p;
  p.setProcessChannelMode(QProcess::MergedChannels);
  p.start(QStringLiteral(SPATTEN_CLI_PATH), args);
  if (!p.waitForFinished(600000))
    *status = -1;
  else
    *status = p.exitCode();
  return QString::fromUtf8(p.readAll());
}

QJsonObject readBack(const QString& file) {
  QProcess p;
  p.start(QStringLiteral("/usr/bin/python3"),
          {QStringLiteral(SPATTEN_SOURCE_DIR "/tests/cli/read_export_metadata.py"), file});
  p.waitForFinished(60000);
  const QJsonObject o = QJsonDocument::fromJson(p.readAllStandardOutput()).object();
  if (o.isEmpty()) qWarning() << file << p.readAllStandardError();
  return o;
}

}  // namespace

class TestCliSessionExport : public QObject {
  Q_OBJECT
private slots:
  void initTestCase() {
    QVERIFY(m_dir.isValid());
    const QJsonObject session{
        {"format", "spatten-session"},
        {"version", 1},
        {"model", QStringLiteral(SPATTEN_SAMPLES_DIR "/models/tiny-gpt2")},
        {"text", kText},
        {"generate", 2},
        {"seed", 9},
        {"run", QJsonObject{{"value_keep", 0.3}, {"generate", 2}}},
        {"hw", QJsonObject{{"base", "spatten"}}},
        {"cursor", QJsonObject{{"cycle", 300}}},
        {"view",
         QJsonObject{{"tab", "timeline"}, {"selection", QJsonObject{{"layer", 1}, {"head", 1}}}}}};
    QFile f(path("s.spatten.json"));
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(QJsonDocument(session).toJson());
    f.close();
    for (const char* out : {"a", "b"}) {
      int status = 0;
      const QString log = runCli(
          {"export", "--session", path("s.spatten.json"), "--out", path(QString::fromLatin1(out))},
          &status);
      QVERIFY2(status == 0, qPrintable(log));
    }
  }

  void twiceByteIdentical() {
    const auto a = dirContents(path("a")), b = dirContents(path("b"));
    QCOMPARE(a.keys(), b.keys());
    QVERIFY(a.size() >= 60);  // 13 charts x 6 variants + 8 data files
    for (const char* f :
         {"run.json", "trace.perfetto.json", "run.vcd", "dram.dramsim3.trace",
          "dram.dramsim3.trace.ini", "dram.ramulator2.trace", "dram.ramulator2.trace.yaml",
          "workload.csv", "timeline.png", "timeline@4x.png", "timeline.svg", "timeline.pdf",
          "timeline.csv", "datapath.pdf", "research-summary.csv", "model-output.csv",
          "model-output.png"})
      QVERIFY2(a.contains(QString::fromLatin1(f)), f);
    for (const QString& name : a.keys()) QVERIFY2(a[name] == b[name], qPrintable(name));
    for (const QString& name : a.keys()) QVERIFY2(!name.startsWith('.'), qPrintable(name));
  }

  void pngSelfDescribing() {
    const QJsonObject one = readBack(path("a/timeline.png"));
    const QJsonObject four = readBack(path("a/timeline@4x.png"));
    QCOMPARE(one["width"].toInt(), 1200);
    QCOMPARE(one["height"].toInt(), 800);
    QCOMPARE(four["width"].toInt(), 4800);
    const QJsonObject text = one["text"].toObject();
    QCOMPARE(text["Title"].toString(), QStringLiteral("timeline"));
    QCOMPARE(text["Model"].toString(), QStringLiteral("tiny-gpt2"));
    QCOMPARE(text["Text"].toString(), kText);
    QCOMPARE(text["Software"].toString(), QStringLiteral("SpAtten Studio " SPATTEN_VERSION));
    QVERIFY(text["Configuration"].toString().contains(QStringLiteral("\"value_keep\":0.3")));
    QVERIFY(text["Configuration"].toString().contains(QStringLiteral("\"parallelism\":16")));
    // The session's cursor and selection: the state the user saved, not cycle 0.
    QCOMPARE(text["Position"].toString(), QStringLiteral("pass 0, layer 1, head 1, cycle 300"));
  }

  void svgAndPdfSelfDescribing() {
    const QJsonObject svg = readBack(path("a/attention.svg"));
    QCOMPARE(svg["title"].toString(), QStringLiteral("attention"));
    QVERIFY(svg["desc"].toString().contains(QStringLiteral("model: tiny-gpt2")));
    QVERIFY(svg["desc"].toString().contains(QStringLiteral("text: ") + kText));
    const QJsonObject pdf = readBack(path("a/attention.pdf"));
    QCOMPARE(pdf["Creator"].toString(), QStringLiteral("SpAtten Studio " SPATTEN_VERSION));
    QVERIFY(pdf["Title"].toString().startsWith(QStringLiteral("chart: attention; ")));
    QVERIFY(pdf["Title"].toString().contains(QStringLiteral("layer 1, head 1, cycle 300")));
  }

  void csvParsesWithPython() {
    for (const char* name : {"timeline.csv", "attention.csv", "token-pruning.csv",
                             "research-summary.csv", "datapath.csv", "model-output.csv"}) {
      const QJsonObject csv = readBack(path("a/") + QString::fromLatin1(name));
      QVERIFY2(csv["rows"].toInt() > 0, name);
      QCOMPARE(csv["widths"].toArray().size(), 1);  // every row as wide as the header
      QCOMPARE(csv["widths"].toArray()[0].toInt(), csv["header"].toArray().size());
      const QJsonArray comments = csv["comments"].toArray();
      QCOMPARE(comments[0].toString(),
               QStringLiteral("chart: ") + QString::fromLatin1(name).chopped(4));
      QCOMPARE(comments[3].toString(), QStringLiteral("text: ") + kText);
    }
    QCOMPARE(readBack(path("a/timeline.csv"))["header"].toArray()[0].toString(),
             QStringLiteral("module"));
  }

  void dataFilesReadBack() {
    QFile f(path("a/run.json"));
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QJsonObject run = QJsonDocument::fromJson(f.readAll()).object();
    QVERIFY(run["cycles"].toInteger() > 0);
    QCOMPARE(run["seed"].toInteger(), 9);
    QCOMPARE(run["text"].toString(), kText);
    QCOMPARE(run["run"].toObject()["generate"].toInt(), 2);
  }

  void missingOutParentIsRefused() {
    int status = 0;
    const QString log = runCli({"export", "--session", path("s.spatten.json"), "--out",
                                path("no/such/dir"), "--formats", "json"},
                               &status);
    QCOMPARE(status, 1);
    QVERIFY2(log.contains(QStringLiteral("is not a folder and cannot be created")),
             qPrintable(log));
  }

private:
  QString path(const QString& rel) const { return m_dir.filePath(rel); }
  QTemporaryDir m_dir;
};

QTEST_APPLESS_MAIN(TestCliSessionExport)
#include "tst_cli_session_export.moc"
