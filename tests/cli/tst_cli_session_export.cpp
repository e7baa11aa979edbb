// spatten-cli export --session: every format of a session file, twice byte for byte identical,
// and each format read back by an independent reader (tests/cli/read_export_metadata.py: PNG
// chunks with struct + zlib, SVG with xml.etree, PDF info strings, CSV with the csv module; the
// data files with python's json/csv).
#include <QDirIterator>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include "tests/cli/dir_contents.h"

namespace {

const QString kText = QStringLiteral("Teachers export figures, \"quoted\", with commas & <b>tags</b>.");

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
          "model-output.png", "report.html"})
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
    // Font families a browser knows: each list ends with a CSS generic family (Qt wrote its
    // alias "Sans Serif", and browsers drew the charts in a serif face).
    QVERIFY(!svg["families"].toArray().isEmpty());
    for (const QJsonValue& f : svg["families"].toArray())
      QVERIFY2(f.toString().endsWith(QStringLiteral(", sans-serif")) ||
                   f.toString().endsWith(QStringLiteral(", monospace")),
               qPrintable(f.toString()));
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

  // report.html: one self-contained page (no external reference) with the session's metadata,
  // the research summary as a table, and every chart as an SVG image with its CSV; python's
  // html.parser, base64, xml.etree and csv read it back.
  void htmlReportReadsBack() {
    const QJsonObject r = readBack(path("a/report.html"));
    QVERIFY2(r["title"].toString().contains(QStringLiteral("tiny-gpt2")),
             qPrintable(r["title"].toString()));
    QCOMPARE(r["external"].toArray().size(), 0);
    const QJsonObject meta = r["meta"].toObject();
    QCOMPARE(meta["Model"].toString(), QStringLiteral("tiny-gpt2"));
    QCOMPARE(meta["Text"].toString(), kText);
    QCOMPARE(meta["Position"].toString(), QStringLiteral("pass 0, layer 1, head 1, cycle 300"));
    QVERIFY2(meta["Configuration"].toString().contains(QStringLiteral("\"value_keep\": 0.3")),
             qPrintable(meta["Configuration"].toString()));
    // One image per chart the folder holds an SVG of, each titled with its chart's name.
    QStringList svgs;
    for (const QString& f : QDir(path("a")).entryList({QStringLiteral("*.svg")}))
      svgs << f.chopped(4);
    const QJsonArray images = r["images"].toArray();
    QCOMPARE(images.size(), svgs.size());
    for (const QJsonValue& v : images) {
      const QJsonObject img = v.toObject();
      QVERIFY2(svgs.contains(img["alt"].toString()), qPrintable(img["alt"].toString()));
      QCOMPARE(img["svg_title"].toString(), img["alt"].toString());
    }
    // Every CSV of the folder, with the same number of rows.
    const QJsonArray csvs = r["csv"].toArray();
    QCOMPARE(csvs.size(), QDir(path("a")).entryList({QStringLiteral("*.csv")}).size() -
                              1);  // workload.csv is a data export, not a chart
    for (const QJsonValue& v : csvs) {
      const QJsonObject c = v.toObject();
      QCOMPARE(c["rows"].toInt(), readBack(path("a/") + c["name"].toString())["rows"].toInt());
    }
    // The research summary's numbers as text: every CSV row, the module states pivoted to one
    // row per module; the SpAtten cycles are those of run.json (spatten-cli's own simulation).
    const QJsonArray tables = r["tables"].toArray();
    QCOMPARE(tables.size(), 2);
    const QJsonArray summary = tables[0].toArray(), modules = tables[1].toArray();
    QCOMPARE(summary[0].toArray()[0].toString(), QStringLiteral("section"));
    QCOMPARE(modules[0].toArray()[0].toString(), QStringLiteral("module"));
    QCOMPARE(summary.size() - 1 + 3 * (modules.size() - 1),
             readBack(path("a/research-summary.csv"))["rows"].toInt());
    QFile runJson(path("a/run.json"));
    QVERIFY(runJson.open(QIODevice::ReadOnly));
    const qint64 cycles = QJsonDocument::fromJson(runJson.readAll())["cycles"].toInteger();
    QCOMPARE(summary[1].toArray()[1].toString(), QStringLiteral("cycles"));
    QCOMPARE(summary[1].toArray()[2].toString().toLongLong(), cycles);
    for (const QJsonValue& m : modules) {
      if (m == modules[0]) continue;
      const QJsonArray row = m.toArray();  // busy + stalled + idle = every cycle of the run
      QCOMPARE(row[1].toString().toLongLong() + row[2].toString().toLongLong() +
                   row[3].toString().toLongLong(),
               cycles);
    }
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
