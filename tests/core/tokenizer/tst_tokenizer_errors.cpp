// Bad tokenizer files: every failure is a spatten::core::Error naming the file and the field/line.
#include <sys/stat.h>
#include <unistd.h>

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

  // The exact message of the Error loadTokenizer throws, with the directory replaced by "DIR".
  static std::string errorText(const Files& files) {
    try {
      core::loadTokenizer(files.path());
    } catch (const core::Error& e) {
      std::string what = e.what();
      const std::string dir = files.path().string();
      for (std::size_t p; (p = what.find(dir)) != std::string::npos;)
        what.replace(p, dir.size(), "DIR");
      return what;
    }
    return "(no error)";
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
    expectError(f, "vocab.json", "", "not valid JSON: parse error at line 1, column 15");
    Files g;
    g.add("vocab.json", R"({"a": 0, "b": "one"})").add("merges.txt", "");
    expectError(g, "vocab.json", "b",
                "id must be an integer in 0..1048575 (the vocabulary limit), got \"one\"");
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
    expectError(malformed, "tokenizer.json", "",
                "not valid JSON: parse error at line 1, column 11");
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
    expectError(badConfigJson, "config.json", "",
                "not valid JSON: parse error at line 1, column 2");
  }

  // Issue 14: raw ESC/BEL bytes of a merges file reached the terminal; deep JSON crashed;
  // FIFOs blocked; /dev/zero was read forever.
  void hostileFiles() {
    Files esc;
    esc.add("vocab.json", tinyVocab()).add("merges.txt", "a b\n\x1b]0;owned\x07 x y\n");
    QCOMPARE(errorText(esc), std::string("DIR/merges.txt: line 2: bad merge line "
                                         "'\\x1B]0;owned\\x07 x y' (expected \"left right\")"));
    Files deep;
    deep.add("vocab.json", std::string(100000, '[') + std::string(100000, ']'))
        .add("merges.txt", "");
    QCOMPARE(errorText(deep),
             std::string("DIR/vocab.json: not accepted JSON: nesting deeper than 64 "
                         "levels of arrays/objects"));
    Files dup;
    dup.add("tokenizer.json",
            R"({"model": {"type": "BPE", "vocab": {"a": 0, "a": 1}, "merges": []}})");
    QCOMPARE(errorText(dup),
             std::string("DIR/tokenizer.json: not accepted JSON: duplicate key 'a' in "
                         "'model.vocab'"));
    Files fifo;
    fifo.add("merges.txt", "").add("vocab.json", tinyVocab());
    QVERIFY(fs::remove(fifo.path() / "merges.txt"));
    QCOMPARE(::mkfifo((fifo.path() / "merges.txt").c_str(), 0600), 0);
    QCOMPARE(errorText(fifo),
             std::string("DIR/merges.txt: is a named pipe (FIFO), not a regular file"));
    Files zero;
    fs::create_symlink("/dev/zero", zero.path() / "vocab.txt");
    QCOMPARE(errorText(zero),
             std::string("DIR/vocab.txt: is a character device, not a regular file"));
    Files huge;  // a sparse 65 MiB file: rejected from its size, never read
    huge.add("tokenizer.json", "");
    QCOMPARE(::truncate((huge.path() / "tokenizer.json").c_str(), 65 << 20), 0);
    QCOMPARE(errorText(huge),
             std::string("DIR/tokenizer.json: is 68157440 bytes, more than the limit "
                         "of 64 MiB for this kind of file"));
  }

  // Issue 14: one id of 10^8 in a 5.8 KB vocab.json sized the tables by it (6.25 GB).
  void idsAreBounded() {
    Files big;
    big.add("vocab.json", R"({"a": 0, "b": 100000000})").add("merges.txt", "");
    QCOMPARE(errorText(big),
             std::string("DIR/vocab.json: b: id must be an integer in 0..1048575 (the "
                         "vocabulary limit), got 100000000"));
    Files added;
    added.add("tokenizer.json", R"({"added_tokens": [{"id": 1048576, "content": "x"}], )"
                                R"("model": {"type": "BPE", "vocab": {"a": 0}, "merges": []}})");
    QCOMPARE(errorText(added),
             std::string("DIR/tokenizer.json: added_tokens[0].id: id must be an integer "
                         "in 0..1048575 (the vocabulary limit), got 1048576"));
    Files lines;  // vocab.txt ids are line numbers
    lines.add("vocab.txt", std::string(1 << 20, '\n') + "[CLS]\n");
    QCOMPARE(errorText(lines),
             std::string("DIR/vocab.txt: line 1048577: more than 1048576 lines (the "
                         "vocabulary limit; the line number is the id)"));
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
