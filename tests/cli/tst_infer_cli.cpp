// End-to-end `spatten-cli infer` on the bundled tiny models: JSON shape, probabilities, and
// errors that leave no output file.
#include <QtTest>

#include <filesystem>

#include <nlohmann/json.hpp>

#include "tests/core/model/model_test_util.h"

namespace fs = std::filesystem;

class TestInferCli : public QObject {
  Q_OBJECT

  QTemporaryDir m_tmp;

  static QString modelDir(const char* name) {
    return QString::fromStdString((fs::path(SPATTEN_SAMPLES_DIR) / "models" / name).string());
  }
  // Runs the CLI; returns the exit code and fills stderr.
  static int run(const QStringList& args, QString* err = nullptr) {
    QProcess p;
    p.start(QStringLiteral(SPATTEN_CLI_PATH), args);
    if (!p.waitForFinished(120000)) return -1;
    if (err) *err = QString::fromUtf8(p.readAllStandardError());
    return p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
  }

private slots:
  void initTestCase() {
    if (!fs::exists(fs::path(modelDir("tiny-gpt2").toStdString()) / "model.safetensors"))
      QSKIP("bundled tiny models are not there yet");
  }

  void gpt2() {
    const QString out = m_tmp.filePath(QStringLiteral("g.json"));
    QCOMPARE(run({"infer", "--model", modelDir("tiny-gpt2"), "--text", "The cat sat on the mat", "--json", out}), 0);
    const std::string text = model_test::readAll(out.toStdString());
    const auto j = nlohmann::json::parse(text);
    // The attention is streamed, not dumped from a json value: the file must still be exactly
    // nlohmann's compact dump of what it holds (key order, number format: "1.0", "0.0", ...).
    QVERIFY(j.dump() + "\n" == text);
    QCOMPARE(j["model"]["family"].get<std::string>(), std::string("gpt2"));
    const int layers = j["model"]["layers"], heads = j["model"]["heads"], vocab = j["model"]["vocab"];
    const std::size_t n = j["tokens"].size();
    QVERIFY(n >= 5);
    QCOMPARE(int(j["attention"].size()), layers);
    QCOMPARE(int(j["attention"][0].size()), heads);
    QCOMPARE(int(j["logits_last"].size()), vocab);
    for (const auto& layer : j["attention"])
      for (const auto& head : layer)
        for (std::size_t q = 0; q < n; ++q) {
          double sum = 0;
          for (std::size_t k = 0; k < n; ++k) {
            const double p = head[q][k];
            if (k > q) QCOMPARE(p, 0.0);  // causal
            sum += p;
          }
          QVERIFY(std::abs(sum - 1.0) < 1e-5);
        }
  }

  void bertMask() {
    const QString out = m_tmp.filePath(QStringLiteral("b.json"));
    QCOMPARE(run({"infer", "--model", modelDir("tiny-bert"), "--text", "the cat sat on the [MASK] .", "--json", out}), 0);
    const std::string text = model_test::readAll(out.toStdString());
    const auto j = nlohmann::json::parse(text);
    QVERIFY(j.dump() + "\n" == text);
    QCOMPARE(j["model"]["family"].get<std::string>(), std::string("bert"));
    const int pos = j["mask_position"];
    QCOMPARE(j["tokens"][std::size_t(pos)]["text"].get<std::string>(), std::string("[MASK]"));
    QCOMPARE(int(j["logits_last"].size()), j["model"]["vocab"].get<int>());
    QCOMPARE(run({"infer", "--model", modelDir("tiny-bert"), "--text", "no mask here", "--json", out}), 0);
    const std::string noMask = model_test::readAll(out.toStdString());
    QVERIFY(nlohmann::json::parse(noMask)["logits_last"].is_null());
    QVERIFY(nlohmann::json::parse(noMask).dump() + "\n" == noMask);
  }

  void errorsLeaveNoFile() {
    const QString out = m_tmp.filePath(QStringLiteral("bad.json"));
    QString err;
    QCOMPARE(run({"infer", "--model", modelDir("tiny-gpt2"), "--text", "", "--json", out}, &err), 1);
    QVERIFY2(err.contains(QStringLiteral("--text: no tokens")), qPrintable(err));
    QCOMPARE(run({"infer", "--model", modelDir("tiny-gpt2"), "--text", QStringLiteral("a b ").repeated(300), "--json", out}, &err), 1);
    QVERIFY2(err.contains(QStringLiteral("exceed the model's context of 256 (n_positions)")), qPrintable(err));
    QCOMPARE(run({"infer", "--model", m_tmp.filePath(QStringLiteral("nope")), "--text", "x", "--json", out}, &err), 1);
    QVERIFY2(err.contains(QStringLiteral("nope")), qPrintable(err));
    QVERIFY(!QFile::exists(out));
  }
};

QTEST_APPLESS_MAIN(TestInferCli)
#include "tst_infer_cli.moc"
