// The project's own tiny models (samples/models/tiny-*): their tokenizers must give the ids in
// tests/data/golden/tiny-*.json (written by tools/train/make_golden.py with the Python tokenizers
// the models were trained with). Skipped while those files do not exist yet.
#include <QtTest>

#include "tokenizer_test_util.h"

using namespace spatten;
namespace fs = std::filesystem;

class TestTokenizerTinyModels : public QObject {
  Q_OBJECT

private slots:
  void golden_data() {
    QTest::addColumn<QString>("model");
    QTest::newRow("tiny-gpt2") << QStringLiteral("tiny-gpt2");
    QTest::newRow("tiny-bert") << QStringLiteral("tiny-bert");
  }
  void golden() {
    QFETCH(QString, model);
    const fs::path modelDir = fs::path(SPATTEN_SAMPLES_DIR) / "models" / model.toStdString();
    const fs::path golden = test::testData("golden/" + model.toStdString() + ".json");
    if (!fs::exists(modelDir) || !fs::exists(golden)) {
      QSKIP(qPrintable(QStringLiteral("%1 or its golden file does not exist yet").arg(model)));
    }
    const auto tok = core::loadTokenizer(modelDir);
    QCOMPARE(QString::fromStdString(tok->family()), model.mid(5));
    const nlohmann::json doc = test::readJson(golden);
    QVERIFY(doc.contains("cases") && !doc["cases"].empty());
    for (const auto& c : doc["cases"]) {
      if (!c.contains("text") || !c.contains("ids")) QSKIP("golden cases lack text/ids");
      const std::string text = c["text"];
      const auto expected = c["ids"].get<std::vector<int>>();
      const auto tokens = tok->encode(text);
      QVERIFY2(test::idList(test::idsOf(tokens)) == test::idList(expected),
               qPrintable(QStringLiteral("%1: %2\n got      %3\n expected %4")
                              .arg(model, QString::fromStdString(text).left(60), test::idList(test::idsOf(tokens)),
                                   test::idList(expected))));
      if (c.contains("tokens") && model == "tiny-bert") {
        for (std::size_t i = 0; i < tokens.size(); ++i) {
          QCOMPARE(QString::fromStdString(tokens[i].text), QString::fromStdString(c["tokens"][i].get<std::string>()));
        }
      }
    }
  }

  // tokenBytes: the raw bytes of every token, unsanitized, so that a character split into byte
  // tokens (U+72AC is E7 8A AC in UTF-8) concatenates back to the input bytes.
  void tokenBytesAreRaw() {
    const fs::path dir = fs::path(SPATTEN_SAMPLES_DIR) / "models" / "tiny-gpt2";
    if (!fs::exists(dir)) QSKIP("tiny-gpt2 does not exist yet");
    const auto tok = core::loadTokenizer(dir);
    const std::string text = "\xE7\x8A\xAC dog";
    std::string joined;
    bool invalidAlone = false;
    for (const core::Token& t : tok->encode(text)) {
      const std::string bytes = tok->tokenBytes(t.id);
      joined += bytes;
      invalidAlone |= bytes.size() == 1 && static_cast<unsigned char>(bytes[0]) >= 0x80;
    }
    QCOMPARE(QByteArray::fromStdString(joined), QByteArray::fromStdString(text));
    QVERIFY(invalidAlone);  // the Austen-trained vocabulary has no piece for U+72AC
    QCOMPARE(tok->tokenBytes(-1), std::string());
  }

  // Loading alone, whenever the model directories exist (goldens or not).
  void loads() {
    for (const char* name : {"tiny-gpt2", "tiny-bert"}) {
      const fs::path dir = fs::path(SPATTEN_SAMPLES_DIR) / "models" / name;
      if (!fs::exists(dir)) continue;
      const auto tok = core::loadTokenizer(dir);
      QVERIFY(tok->vocabSize() > 0);
      const std::string text = "The cat sat on the mat, didn't it? 42";
      const auto ids = test::idsOf(tok->encode(text));
      QVERIFY(!ids.empty());
      if (tok->family() == "gpt2") QCOMPARE(QString::fromStdString(tok->decode(ids)), QString::fromStdString(text));
    }
  }
};

QTEST_APPLESS_MAIN(TestTokenizerTinyModels)
#include "tst_tokenizer_tiny_models.moc"
