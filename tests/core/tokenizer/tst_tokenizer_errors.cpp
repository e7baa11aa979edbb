// Bad tokenizer files: every failure is a spatten::core::Error naming the file and the field/line.
#include <QtTest>

#include "core/util/error.h"
#include "tokenizer_test_util.h"

using namespace spatten;
namespace fs = std::filesystem;

class TestTokenizerErrors : public QObject {
  Q_OBJECT

  struct Files {
    QTemporaryDir dir;
    fs::path path() const { return dir.path().toStdString(); }
    Files& add(const std::string& name, const std::string& text) {
      test::writeFile(path() / name, text);
      return *this;
    }
  };

  // Loads `files`, expects an Error whose file ends with `file` and whose field equals `field`.
  static void expectError(const Files& files, const std::string& file, const std::string& field,
                          const std::string& messagePart = {}) {
    try {
      core::loadTokenizer(files.path());
    } catch (const core::Error& e) {
      const QString what = QString::fromStdString(e.what());
      QVERIFY2(QString::fromStdString(e.file()).endsWith(QString::fromStdString(file)), qPrintable(what));
      QVERIFY2(e.field() == field, qPrintable(what));
      QVERIFY2(what.contains(QString::fromStdString(messagePart)), qPrintable(what));
      return;
    }
    QFAIL("no spatten::core::Error thrown");
  }

  static const char* tinyVocab() { return R"({"a": 0, "b": 1, "c": 2, "ab": 3, "abc": 4})"; }

private slots:
  void missingFiles() {
    Files f;
    expectError(f, f.dir.path().toStdString(), "", "no tokenizer files");
    try {
      core::loadTokenizer(f.path() / "does-not-exist");
      QFAIL("no error");
    } catch (const core::Error& e) {
      QVERIFY(QString::fromStdString(e.file()).endsWith("does-not-exist"));
    }
    Files onlyVocab;
    onlyVocab.add("vocab.json", tinyVocab());
    expectError(onlyVocab, "merges.txt", "", "missing file");
    Files bertWithGpt2Files;
    bertWithGpt2Files.add("config.json", R"({"model_type": "bert"})").add("vocab.json", tinyVocab()).add("merges.txt", "a b\n");
    expectError(bertWithGpt2Files, bertWithGpt2Files.dir.path().toStdString(), "", "vocab.txt");
  }

  void malformedVocabJson() {
    Files f;
    f.add("vocab.json", R"({"a": 0, "b": )").add("merges.txt", "#version: 0.2\n");
    expectError(f, "vocab.json", "byte 15", "malformed JSON");
    Files g;
    g.add("vocab.json", R"({"a": 0, "b": "one"})").add("merges.txt", "");
    expectError(g, "vocab.json", "b", "non-negative integer");
    Files h;
    h.add("vocab.json", "[1, 2]").add("merges.txt", "");
    expectError(h, "vocab.json", "", "object");
  }

  void badMergesLine() {
    Files f;
    f.add("vocab.json", tinyVocab()).add("merges.txt", "#version: 0.2\na b\nab c d\n");
    expectError(f, "merges.txt", "line 3", "ab c d");
    Files g;
    g.add("vocab.json", tinyVocab()).add("merges.txt", "a b\nabc\n");
    expectError(g, "merges.txt", "line 2");
    Files h;
    h.add("vocab.json", tinyVocab()).add("merges.txt", "#version: 0.2\na b\nab x\n");
    expectError(h, "merges.txt", "line 3", "'x' is not in the vocabulary");
    Files ok;  // a valid tiny vocabulary loads and merges by rank
    ok.add("vocab.json", tinyVocab()).add("merges.txt", "#version: 0.2\na b\nab c\n");
    const auto tok = core::loadTokenizer(ok.path());
    QCOMPARE(test::idList(test::idsOf(tok->encode("abcab"))), QStringLiteral("4 3"));
  }

  void badVocabTxt() {
    Files empty;
    empty.add("vocab.txt", "");
    expectError(empty, "vocab.txt", "", "empty vocabulary");
    Files blank;
    blank.add("vocab.txt", "\n\n");
    expectError(blank, "vocab.txt", "", "empty vocabulary");
    Files noCls;
    noCls.add("vocab.txt", "[PAD]\n[UNK]\n[SEP]\nhello\n");
    expectError(noCls, "vocab.txt", "[CLS]", "missing");
    Files badUtf8;
    badUtf8.add("vocab.txt", "[UNK]\n[CLS]\n[SEP]\nab\xFF\n");
    expectError(badUtf8, "vocab.txt", "line 4", "UTF-8");
  }

  void badTokenizerJson() {
    Files unknownType;
    unknownType.add("tokenizer.json", R"({"model": {"type": "Unigram", "vocab": []}})");
    expectError(unknownType, "tokenizer.json", "model.type", "Unigram");
    Files malformed;
    malformed.add("tokenizer.json", R"({"model": )");
    expectError(malformed, "tokenizer.json", "byte 11", "malformed JSON");
    Files noModel;
    noModel.add("tokenizer.json", R"({"version": "1.0"})");
    expectError(noModel, "tokenizer.json", "model");
    Files badMerge;
    badMerge.add("tokenizer.json",
                 R"({"model": {"type": "BPE", "vocab": {"a": 0, "b": 1, "ab": 2}, "merges": ["a b", 7]}})");
    expectError(badMerge, "tokenizer.json", "model.merges[1]");
    Files badVocab;
    badVocab.add("tokenizer.json", R"({"model": {"type": "WordPiece", "vocab": {"[CLS]": -1}}})");
    expectError(badVocab, "tokenizer.json", "model.vocab[\"[CLS]\"]");
    Files mismatch;
    mismatch.add("config.json", R"({"model_type": "gpt2"})")
        .add("tokenizer.json", R"({"model": {"type": "WordPiece", "vocab": {"[CLS]": 0}}})");
    expectError(mismatch, "config.json", "model_type", "WordPiece");
  }

  void badConfigs() {
    Files unsupported;
    unsupported.add("config.json", R"({"model_type": "llama"})").add("vocab.txt", "[UNK]\n[CLS]\n[SEP]\n");
    expectError(unsupported, "config.json", "model_type", "llama");
    Files badBool;
    badBool.add("vocab.txt", "[UNK]\n[CLS]\n[SEP]\n").add("tokenizer_config.json", R"({"do_lower_case": "yes"})");
    expectError(badBool, "tokenizer_config.json", "do_lower_case");
    Files badConfigJson;
    badConfigJson.add("config.json", "{").add("vocab.txt", "[UNK]\n[CLS]\n[SEP]\n");
    expectError(badConfigJson, "config.json", "byte 2", "malformed JSON");
  }

  void emptyTextIsNotAnError() {
    Files bert;
    bert.add("vocab.txt", "[PAD]\n[UNK]\n[CLS]\n[SEP]\n[MASK]\nhello\n");
    const auto tok = core::loadTokenizer(bert.path());
    QCOMPARE(test::idList(test::idsOf(tok->encode(""))), QStringLiteral("2 3"));
    QCOMPARE(test::idList(test::idsOf(tok->encode("hello [MASK] bye"))), QStringLiteral("2 5 4 1 3"));
  }
};

QTEST_APPLESS_MAIN(TestTokenizerErrors)
#include "tst_tokenizer_errors.moc"
