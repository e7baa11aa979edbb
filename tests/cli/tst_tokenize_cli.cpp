// spatten-cli tokenize, run as a process on the GPT-2 and BERT test vocabularies.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QtTest>

#include "tests/core/tokenizer/tokenizer_test_util.h"

using namespace spatten;

class TestTokenizeCli : public QObject {
  Q_OBJECT

  struct Result {
    int exitCode;
    QByteArray out, err;
  };
  static Result run(const QStringList& args) {
    QProcess p;
    p.start(QStringLiteral(SPATTEN_CLI_PATH), args);
    if (!p.waitForFinished(60000)) return {-1, {}, "timeout"};
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(),
            p.readAllStandardError()};
  }
  static QString dataDir(const char* rel) { return QString::fromStdString(test::testData(rel).string()); }

private slots:
  void gpt2() {
    const Result r = run({"tokenize", "--model", dataDir("tokenizer/gpt2"), "--text", "Hello world, café 🤖"});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QCOMPARE(r.out.count('\n'), 1);  // one line
    QJsonParseError perr;
    const QJsonDocument doc = QJsonDocument::fromJson(r.out, &perr);
    QVERIFY2(perr.error == QJsonParseError::NoError, qPrintable(perr.errorString()));
    const QJsonArray tokens = doc.object().value("tokens").toArray();
    // Ids from OpenAI's encoder (tools/reference/gpt2_openai_check.py).
    QStringList ids, texts;
    for (const auto& t : tokens) {
      ids << QString::number(t.toObject().value("id").toInt());
      texts << t.toObject().value("text").toString();
    }
    QCOMPARE(ids.join(' '), QStringLiteral("15496 995 11 40304 12520 97 244"));
    QCOMPARE(texts.mid(0, 4).join('|'), QStringLiteral("Hello| world|,| café"));
    QCOMPARE(texts.at(4), QStringLiteral(" \uFFFD"));  // bytes " \xF0\x9F": space + start of the emoji
    QCOMPARE(texts.at(5), QStringLiteral("\uFFFD"));
  }

  void bert() {
    const Result r = run({"tokenize", "--model", dataDir("tokenizer/bert-base-uncased"), "--text", "I like [MASK]."});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QCOMPARE(QString::fromUtf8(r.out).trimmed(),
             QStringLiteral(R"({"tokens":[{"id":101,"text":"[CLS]"},{"id":1045,"text":"i"},{"id":2066,"text":"like"},)"
                            R"({"id":103,"text":"[MASK]"},{"id":1012,"text":"."},{"id":102,"text":"[SEP]"}]})"));
  }

  void help() {
    const Result r = run({"tokenize", "--help"});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.out.contains("--model") && r.out.contains("--text"));
  }

  void badInput() {
    const Result missing = run({"tokenize", "--model", "/nonexistent/model", "--text", "x"});
    QVERIFY(missing.exitCode != 0);
    QVERIFY(missing.out.isEmpty());
    QCOMPARE(missing.err.trimmed().count('\n'), 0);  // one line
    QVERIFY(missing.err.contains("/nonexistent/model"));

    QTemporaryDir dir;
    test::writeFile(std::filesystem::path(dir.path().toStdString()) / "vocab.json", R"({"a": 0})");
    test::writeFile(std::filesystem::path(dir.path().toStdString()) / "merges.txt", "#version: 0.2\na b c\n");
    const Result bad = run({"tokenize", "--model", dir.path(), "--text", "x"});
    QVERIFY(bad.exitCode != 0);
    QVERIFY2(bad.err.contains("merges.txt") && bad.err.contains("line 2"), bad.err.constData());

    const Result noText = run({"tokenize", "--model", dataDir("tokenizer/gpt2")});
    QVERIFY(noText.exitCode != 0);
  }
};

QTEST_APPLESS_MAIN(TestTokenizeCli)
#include "tst_tokenize_cli.moc"
