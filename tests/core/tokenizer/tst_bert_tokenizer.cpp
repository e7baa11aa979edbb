// BERT WordPiece against tools/reference/bert_tokenizer_ref.py (a port of Google's tokenization.py
// run with Python's unicodedata) on bert-base-uncased's vocabulary.
#include <QtTest>
#include <random>

#include "core/tokenizer/bert_tokenizer.h"
#include "core/util/error.h"
#include "tokenizer_test_util.h"

using namespace spatten;
namespace fs = std::filesystem;

class TestBertTokenizer : public QObject {
  Q_OBJECT
  std::unique_ptr<core::Tokenizer> m_tok;

  // A copy of bert-base-uncased's vocab.txt plus the given extra files.
  static std::unique_ptr<core::Tokenizer> loadWith(const QTemporaryDir& dir, const std::string& configJson) {
    const fs::path d = dir.path().toStdString();
    fs::copy_file(test::testData("tokenizer/bert-base-uncased/vocab.txt"), d / "vocab.txt");
    test::writeFile(d / "tokenizer_config.json", configJson);
    return core::loadTokenizer(d);
  }
  static QString tokensOf(const core::Tokenizer& tok, const std::string& text) {
    QStringList out;
    for (const core::Token& t : tok.encode(text)) out << QString::fromStdString(t.text);
    return out.join(' ');
  }

private slots:
  void initTestCase() {
    m_tok = core::loadTokenizer(test::testData("tokenizer/bert-base-uncased"));
    QCOMPARE(QString::fromStdString(m_tok->family()), QStringLiteral("bert"));
    QCOMPARE(m_tok->vocabSize(), 30522);
  }

  void knownIds() {
    QCOMPARE(m_tok->specialId("[PAD]"), std::optional<int>(0));
    QCOMPARE(m_tok->specialId("[UNK]"), std::optional<int>(100));
    QCOMPARE(m_tok->specialId("[CLS]"), std::optional<int>(101));
    QCOMPARE(m_tok->specialId("[SEP]"), std::optional<int>(102));
    QCOMPARE(m_tok->specialId("[MASK]"), std::optional<int>(103));
    QVERIFY(!m_tok->specialId("<|endoftext|>").has_value());
    QCOMPARE(QString::fromStdString(m_tok->tokenText(1)), QStringLiteral("[unused0]"));
    QCOMPARE(QString::fromStdString(m_tok->tokenText(2015)), QStringLiteral("##s"));
    QCOMPARE(test::idList(test::idsOf(m_tok->encode("i like strawberries"))),
             QStringLiteral("101 1045 2066 13137 20968 102"));
    QCOMPARE(test::idList(test::idsOf(m_tok->encode(""))), QStringLiteral("101 102"));
  }

  void golden_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("ids");
    QTest::addColumn<QString>("tokens");
    const nlohmann::json doc = test::readJson(test::testData("tokenizer/bert_golden.json"));
    QVERIFY(doc["cases"].size() >= 50);
    int i = 0;
    for (const auto& c : doc["cases"]) {
      const std::string text = c["text"];
      QStringList toks;
      for (const auto& t : c["tokens"]) toks << QString::fromStdString(t.get<std::string>());
      QTest::newRow(test::rowName(i++, text).constData())
          << QString::fromStdString(text) << test::idList(c["ids"].get<std::vector<int>>()) << toks.join(' ');
    }
  }
  void golden() {
    QFETCH(QString, text);
    QFETCH(QString, ids);
    QFETCH(QString, tokens);
    // QString round-trips U+0000 and every code point in the golden file.
    const std::string utf8 = text.toStdString();
    QCOMPARE(tokensOf(*m_tok, utf8), tokens);
    QCOMPARE(test::idList(test::idsOf(m_tok->encode(utf8))), ids);
  }

  void decode() {
    const auto ids = test::idsOf(m_tok->encode("I like strawberries, [MASK]!"));
    QCOMPARE(QString::fromStdString(m_tok->decode(ids)), QStringLiteral("[CLS] i like strawberries , [MASK] ! [SEP]"));
    QVERIFY_THROWS_EXCEPTION(core::Error, m_tok->decode({30522}));
  }

  void options() {
    {  // cased: capitals are not in the uncased vocabulary
      QTemporaryDir dir;
      const auto tok = loadWith(dir, R"({"do_lower_case": false})");
      QCOMPARE(tokensOf(*tok, "Hello hello"), QStringLiteral("[CLS] [UNK] hello [SEP]"));
    }
    {  // lower-case without accent stripping: "é" is not in the vocabulary
      QTemporaryDir dir;
      const auto tok = loadWith(dir, R"({"do_lower_case": true, "strip_accents": false})");
      QCOMPARE(tokensOf(*tok, "Café cafe"), QStringLiteral("[CLS] [UNK] cafe [SEP]"));
    }
    {  // no spaces around CJK ideographs: the run is one word
      QTemporaryDir dir;
      const auto tok = loadWith(dir, R"({"tokenize_chinese_chars": false, "strip_accents": null})");
      QCOMPARE(tokensOf(*tok, "你好"), QStringLiteral("[CLS] [UNK] [SEP]"));
      QCOMPARE(tokensOf(*tok, "Café"), QStringLiteral("[CLS] cafe [SEP]"));
    }
  }

  void longWords() {
    const std::string a100(100, 'a'), a101(101, 'a');
    QCOMPARE(m_tok->encode(a101).size(), std::size_t(3));
    QCOMPARE(m_tok->encode(a101)[1].id, 100);
    QVERIFY(m_tok->encode(a100).size() > 3);  // 100 chars are still word-pieced
  }

  // The same vocabulary as a HF tokenizer.json (WordPiece + BertNormalizer) gives the same ids.
  void tokenizerJson() {
    const std::string vocabTxt = test::readAll(test::testData("tokenizer/bert-base-uncased/vocab.txt"));
    nlohmann::json vocab = nlohmann::json::object();
    std::istringstream in(vocabTxt);
    std::string line;
    for (int id = 0; std::getline(in, line); ++id) vocab[line] = id;
    nlohmann::json added = nlohmann::json::array();
    for (const auto& [name, id] : {std::pair{"[PAD]", 0}, {"[UNK]", 100}, {"[CLS]", 101}, {"[SEP]", 102}, {"[MASK]", 103}}) {
      added.push_back({{"id", id}, {"content", name}, {"special", true}});
    }
    const nlohmann::json tj = {
        {"added_tokens", added},
        {"normalizer", {{"type", "BertNormalizer"}, {"lowercase", true}, {"strip_accents", nullptr},
                        {"handle_chinese_chars", true}, {"clean_text", true}}},
        {"model", {{"type", "WordPiece"}, {"unk_token", "[UNK]"}, {"continuing_subword_prefix", "##"},
                   {"max_input_chars_per_word", 100}, {"vocab", vocab}}}};
    QTemporaryDir dir;
    test::writeFile(fs::path(dir.path().toStdString()) / "tokenizer.json", tj.dump());
    const auto tok = core::loadTokenizer(dir.path().toStdString());
    QCOMPARE(QString::fromStdString(tok->family()), QStringLiteral("bert"));
    const nlohmann::json doc = test::readJson(test::testData("tokenizer/bert_golden.json"));
    for (const auto& c : doc["cases"]) {
      QCOMPARE(test::idList(test::idsOf(tok->encode(c["text"].get<std::string>()))),
               test::idList(c["ids"].get<std::vector<int>>()));
    }
  }

  // Issue 14: the trie matcher gives exactly the greedy longest-match-first of tokenization.py,
  // here written out naively (every candidate end, longest first) over random vocabularies with
  // multi-byte characters.
  void trieEqualsNaiveLongestMatch() {
    const std::vector<std::string> alphabet{"a", "b", "\xc3\xa9", "\xe2\x82\xac"};  // a b é €
    std::mt19937_64 rng(14);
    for (int trial = 0; trial < 200; ++trial) {
      std::vector<std::string> idToToken{"[PAD]", "[UNK]", "[CLS]", "[SEP]"};
      std::unordered_map<std::string, int> vocab;
      const auto randomPiece = [&](std::size_t maxLen) {
        std::vector<std::string> chars;
        const std::size_t n = 1 + rng() % maxLen;
        for (std::size_t i = 0; i < n; ++i) chars.push_back(alphabet[rng() % alphabet.size()]);
        return chars;
      };
      for (int i = 0; i < 12; ++i) {
        std::string t = (rng() % 2 ? "##" : "");
        for (const auto& c : randomPiece(4)) t += c;
        if (vocab.count(t)) continue;
        vocab[t] = static_cast<int>(idToToken.size());
        idToToken.push_back(t);
      }
      core::BertTokenizer tok(idToToken, {}, core::BertOptions{}, "<test>");
      for (int w = 0; w < 20; ++w) {
        const std::vector<std::string> chars = randomPiece(12);
        std::string word;
        for (const auto& c : chars) word += c;
        // Naive reference.
        std::vector<int> want;
        std::size_t start = 0;
        bool unk = false;
        while (start < chars.size() && !unk) {
          int found = -1;
          std::size_t end = chars.size();
          for (; end > start; --end) {
            std::string cand = start > 0 ? "##" : "";
            for (std::size_t i = start; i < end; ++i) cand += chars[i];
            if (const auto it = vocab.find(cand); it != vocab.end()) {
              found = it->second;
              break;
            }
          }
          if (found < 0)
            unk = true;
          else
            want.push_back(found), start = end;
        }
        if (unk) want = {1};
        std::vector<int> got;
        tok.wordpiece(word, got);
        QCOMPARE(test::idList(got), test::idList(want));
      }
    }
  }

  // Issue 14: max_input_chars_per_word 1e9 made a 4k-character word take 40 s; it is bounded
  // now, and the matcher is linear in the word for a given vocabulary.
  void maxInputCharsPerWordIsBounded() {
    QTemporaryDir dir;
    const fs::path d = dir.path().toStdString();
    const auto load = [&](const std::string& value) -> std::string {
      test::writeFile(d / "tokenizer.json",
                      R"({"model": {"type": "WordPiece", "unk_token": "[UNK]", )"
                      R"("max_input_chars_per_word": )" +
                          value +
                          R"(, "vocab": {"[UNK]": 0, "[CLS]": 1, "[SEP]": 2, "a": 3, "##a": 4}}})");
      try {
        const auto tok = core::loadTokenizer(d);
        return test::idList(test::idsOf(tok->encode(std::string(1000, 'a'))))
            .toStdString()
            .substr(0, 7);
      } catch (const core::Error& e) {
        std::string what = e.what();
        return what.substr(what.find("tokenizer.json"));
      }
    };
    QCOMPARE(load("1000000000"), std::string("tokenizer.json: model.max_input_chars_per_word: "
                                             "1000000000 is out of range; allowed 1..1000 (HF's "
                                             "default is 100)"));
    QCOMPARE(load("0"), std::string("tokenizer.json: model.max_input_chars_per_word: 0 is out of "
                                    "range; allowed 1..1000 (HF's default is 100)"));
    QCOMPARE(load("\"100\""), std::string("tokenizer.json: model.max_input_chars_per_word: "
                                          "\"100\" is out of range; allowed 1..1000 (HF's default "
                                          "is 100)"));
    QCOMPARE(load("1000"), std::string("1 3 4 4"));  // 1000 chars: a ##a ##a ...
    QCOMPARE(load("999"), std::string("1 0 2"));     // longer than allowed: [UNK]
  }
};

QTEST_APPLESS_MAIN(TestBertTokenizer)
#include "tst_bert_tokenizer.moc"
