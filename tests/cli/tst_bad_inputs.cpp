// The bad-input catalogue of issue 14: every hostile input spatten-cli meets, with the exact
// error it gets. Each case builds its input in a fresh temporary directory, runs the CLI (a hang
// fails the case after 60 s), and checks the exit status, the whole stderr line (paths shown as
// @DIR@ / @SAMPLES@), that nothing was written, and that no temporary file was left behind.
// The table is also written as Markdown to $SPATTEN_TEST_ARTIFACTS/bad-inputs.md
// (docs/reliability.md quotes it).
#include <QProcess>
#include <QtTest>
#include <vector>

#include "bad_input_cases.h"

using bad_inputs::Case;
using bad_inputs::Fixture;

namespace {

const std::vector<Case>& cases() {
  static const std::vector<Case> all = [] {
    std::vector<Case> c = bad_inputs::fileCases();
    for (Case& x : bad_inputs::cliCases()) c.push_back(std::move(x));
    for (Case& x : bad_inputs::sweepCases()) c.push_back(std::move(x));
    for (Case& x : bad_inputs::sessionCases()) c.push_back(std::move(x));
    return c;
  }();
  return all;
}

}  // namespace

class TestBadInputs : public QObject {
  Q_OBJECT

private slots:
  void catalogue_data() {
    QTest::addColumn<int>("index");
    QVERIFY(cases().size() >= 60);
    for (std::size_t i = 0; i < cases().size(); ++i)
      QTest::newRow(qPrintable(QString("%1 %2: %3")
                                   .arg(i + 1, 2, 10, QChar('0'))
                                   .arg(cases()[i].klass, cases()[i].input)))
          << int(i);
  }

  void catalogue() {
    QFETCH(int, index);
    const Case& c = cases()[std::size_t(index)];
    Fixture fx;
    if (c.setup) c.setup(fx);
    const QString dir = QString::fromStdString(fx.dir().string());
    const QString samplesDir = QString::fromStdString(bad_inputs::samples().string());
    QStringList args;
    for (QString a : c.args) args << a.replace("@DIR@", dir).replace("@SAMPLES@", samplesDir);
    const QStringList before =
        QDir(dir).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot);

    QProcess p;
    p.start(QString::fromUtf8(SPATTEN_CLI_PATH), args);
    QVERIFY(p.waitForStarted());
    if (!c.stdinData.isNull()) p.write(c.stdinData);
    p.closeWriteChannel();
    if (!p.waitForFinished(60000)) {
      p.kill();
      p.waitForFinished();
      QFAIL("the CLI hung (no exit within 60 s)");
    }
    QCOMPARE(p.exitStatus(), QProcess::NormalExit);
    QString err = QString::fromUtf8(p.readAllStandardError());
    err.replace(dir, "@DIR@").replace(samplesDir, "@SAMPLES@");
    QCOMPARE(err, QString::fromUtf8(c.stderrLine) + "\n");
    QCOMPARE(p.exitCode(), 1);
    // Nothing written, nothing left behind.
    QCOMPARE(QDir(dir).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot), before);
    m_rows << QString("| %1 | %2 | `%3` |")
                  .arg(c.klass, QString(c.input).replace('|', "\\|"),
                       QString(c.stderrLine).replace('|', "\\|"));
  }

  void cleanupTestCase() {
    const QByteArray dir = qgetenv("SPATTEN_TEST_ARTIFACTS");
    if (dir.isEmpty() || m_rows.isEmpty()) return;
    QFile f(QString::fromUtf8(dir) + "/bad-inputs.md");
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate)) return;
    f.write("| class | input | stderr (exit status 1) |\n|---|---|---|\n");
    f.write(m_rows.join('\n').toUtf8() + "\n");
  }

private:
  QStringList m_rows;
};

QTEST_APPLESS_MAIN(TestBadInputs)
#include "tst_bad_inputs.moc"
