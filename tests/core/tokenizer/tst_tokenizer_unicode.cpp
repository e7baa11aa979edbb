// Unicode tables and helpers (core/tokenizer/unicode.h); expected values from Python 3.11's
// unicodedata / str methods (Unicode 14.0).
#include <QtTest>

#include "core/tokenizer/unicode.h"

using namespace spatten::core::unicode;

class TestTokenizerUnicode : public QObject {
  Q_OBJECT

private slots:
  void categories() {
    QCOMPARE(QString(unicodeVersion()), QStringLiteral("14.0.0"));
    QVERIFY(category(U'A') == Category::Lu);
    QVERIFY(category(U'é') == Category::Ll);
    QVERIFY(category(0x4E2D) == Category::Lo);     // 中
    QVERIFY(category(0x0301) == Category::Mn);     // combining acute
    QVERIFY(category(0x00BD) == Category::No);     // ½
    QVERIFY(category(0x216B) == Category::Nl);     // Ⅻ
    QVERIFY(category(0x00AB) == Category::Pi);     // «
    QVERIFY(category(U'$') == Category::Sc);
    QVERIFY(category(0x200B) == Category::Cf);
    QVERIFY(category(0xE000) == Category::Co);
    QVERIFY(category(0x0378) == Category::Cn);     // unassigned
    QVERIFY(category(0x1F600) == Category::So);    // 😀
    QVERIFY(category(0x10FFFF) == Category::Cn);
    QVERIFY(category(0x110000) == Category::Cn);
  }

  void whitespaceAndCase() {
    for (char32_t cp : {0x09u, 0x0Au, 0x0Du, 0x20u, 0x85u, 0xA0u, 0x2028u, 0x3000u}) QVERIFY(isWhiteSpace(cp));
    for (char32_t cp : {0x1Cu, 0x1Fu, 0x200Bu, 0xFEFFu, 0x41u}) QVERIFY(!isWhiteSpace(cp));
    QVERIFY(isPythonSpace(0x1C));
    QVERIFY(isCased(U'a') && isCased(0x01C5) && !isCased(U'1'));
    QVERIFY(isCaseIgnorable(U'\'') && isCaseIgnorable(0x0301) && !isCaseIgnorable(U'a'));
    QCOMPARE(combiningClass(0x0301), 230);
    QCOMPARE(combiningClass(0x0327), 202);
    QCOMPARE(combiningClass(U'a'), 0);
  }

  void lower() {
    const auto low = [](const char* s) { return QString::fromStdString(encodeUtf8(toLowerPython(decodeUtf8(s)))); };
    QCOMPARE(low("HeLLo ÀÉ"), QStringLiteral("hello àé"));
    QCOMPARE(low("İ"), QStringLiteral("i\u0307"));             // full mapping, two code points
    QCOMPARE(low("ΟΔΟΣ"), QStringLiteral("οδος"));              // final sigma
    QCOMPARE(low("ΣΟΦΟΣ."), QStringLiteral("σοφος."));
    QCOMPARE(low("Σ"), QStringLiteral("σ"));                    // no cased letter before it
    QCOMPARE(low("ΑΣ'Α"), QStringLiteral("ασ'α"));              // cased letter after the ignorable "'"
  }

  void normalization() {
    const auto d = [](const char* s) { return QString::fromStdString(encodeUtf8(nfd(decodeUtf8(s)))); };
    QCOMPARE(d("é"), QStringLiteral("e\u0301"));
    QCOMPARE(d("ǖ"), QStringLiteral("u\u0308\u0304"));          // recursive
    QCOMPARE(d("\u1E09"), QStringLiteral("c\u0327\u0301"));     // ḉ
    QCOMPARE(d("a\u0301\u0327"), QStringLiteral("a\u0327\u0301"));  // canonical reordering
    QCOMPARE(d("한"), QStringLiteral("\u1112\u1161\u11AB"));    // Hangul, algorithmic
    QCOMPARE(d("가"), QStringLiteral("\u1100\u1161"));
    QCOMPARE(d("\u212B"), QStringLiteral("A\u030A"));           // singleton Å (Angstrom sign)
    QCOMPARE(d("ﬁ"), QStringLiteral("ﬁ"));                       // compatibility only: unchanged
  }

  void utf8() {
    char32_t cp = 0;
    bool valid = true;
    QCOMPARE(decodeOne("\xE2\x82\xAC", 0, cp, &valid), std::size_t(3));
    QVERIFY(valid && cp == 0x20AC);
    QCOMPARE(decodeOne("\xE2\x82x", 0, cp, &valid), std::size_t(2));  // maximal subpart
    QVERIFY(!valid && cp == 0xFFFD);
    QCOMPARE(decodeOne("\xC0\xAF", 0, cp, &valid), std::size_t(1));   // overlong
    QCOMPARE(decodeOne("\xED\xA0\x80", 0, cp, &valid), std::size_t(1));  // surrogate
    QCOMPARE(decodeOne("\xF4\x90\x80\x80", 0, cp, &valid), std::size_t(1));  // > U+10FFFF
    QCOMPARE(QString::fromStdString(sanitizeUtf8("a\xE2\x82" "b\xFF")), QStringLiteral("a\uFFFDb\uFFFD"));
    QCOMPARE(QString::fromStdString(encodeUtf8(decodeUtf8("x😀é"))), QStringLiteral("x😀é"));
  }
};

QTEST_APPLESS_MAIN(TestTokenizerUnicode)
#include "tst_tokenizer_unicode.moc"
