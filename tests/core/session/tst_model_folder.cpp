// core::loadModelFolder / encodeText (core/session/model_folder.h), the one loader of the CLI, the
// session exports and the GUI worker: the bundled folders load with their names, a tokenizer of
// the other family is refused naming the folder and what it lacks, BERT's [MASK] positions are
// found and GPT-2 has none.
#include <QtTest>
#include <filesystem>

#include "core/session/model_folder.h"
#include "core/util/error.h"

namespace fs = std::filesystem;
using namespace spatten::core;

class TestModelFolder : public QObject {
  Q_OBJECT
private slots:
  void loadsTheBundledModels() {
    const ModelFolder g = loadModelFolder(gpt2().string() + "/");
    QCOMPARE(g.name, std::string("tiny-gpt2"));
    QCOMPARE(g.model->family(), Family::Gpt2);
    QCOMPARE(g.tokenizer->family(), std::string("gpt2"));
    const ModelFolder b = loadModelFolder(bert().string());
    QCOMPARE(b.name, std::string("tiny-bert"));
    QCOMPARE(b.model->family(), Family::Bert);
  }

  void refusesATokenizerOfTheOtherFamily() {
    QTemporaryDir tmp;
    const fs::path dir = fs::path(tmp.path().toStdString()) / "mixed";
    fs::create_directories(dir);
    for (const char* f : {"config.json", "model.safetensors"}) fs::copy(gpt2() / f, dir / f);
    for (const auto& e : fs::directory_iterator(bert()))
      if (e.path().filename() == "vocab.txt" || e.path().filename() == "tokenizer_config.json")
        fs::copy(e.path(), dir / e.path().filename());
    try {
      loadModelFolder(dir.string());
      QFAIL("a BERT tokenizer with a GPT-2 config.json was accepted");
    } catch (const Error& e) {  // the tokenizer loader already reads model_type
      const std::string what = e.what();
      QVERIFY2(what.find(dir.string()) != std::string::npos, what.c_str());
      QVERIFY2(what.find("vocab.json + merges.txt") != std::string::npos, what.c_str());
    }
  }

  void encodesTextAndFindsMasks() {
    const ModelFolder b = loadModelFolder(bert().string());
    const EncodedText e = encodeText(*b.model, *b.tokenizer, "the [MASK] sat on the [MASK] .");
    QCOMPARE(e.ids.size(), e.tokens.size());
    const int mask = *b.tokenizer->specialId("[MASK]");
    std::vector<int> expected;
    for (std::size_t i = 0; i < e.ids.size(); ++i)
      if (e.ids[i] == mask) expected.push_back(static_cast<int>(i));
    QCOMPARE(expected.size(), std::size_t{2});
    QCOMPARE(e.maskPositions, expected);
    const ModelFolder g = loadModelFolder(gpt2().string());
    const EncodedText eg = encodeText(*g.model, *g.tokenizer, "the [MASK] sat");
    QVERIFY(eg.maskPositions.empty());
    for (std::size_t i = 0; i < eg.ids.size(); ++i) QCOMPARE(eg.ids[i], eg.tokens[i].id);
  }

private:
  static fs::path gpt2() { return fs::path(SPATTEN_SAMPLES_DIR) / "models" / "tiny-gpt2"; }
  static fs::path bert() { return fs::path(SPATTEN_SAMPLES_DIR) / "models" / "tiny-bert"; }
};

QTEST_GUILESS_MAIN(TestModelFolder)
#include "tst_model_folder.moc"
