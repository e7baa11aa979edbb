#include <QtTest>

#include "core/util/error.h"
#include "core/util/message_text.h"

class TestError : public QObject {
  Q_OBJECT
private slots:
  void namesFileAndField() {
    const spatten::core::Error e("model/config.json", "n_layer", "must be >= 1");
    QCOMPARE(QString::fromStdString(e.what()),
             QStringLiteral("model/config.json: n_layer: must be >= 1"));
    QCOMPARE(QString::fromStdString(e.field()), QStringLiteral("n_layer"));
  }
  void omitsEmptyParts() {
    const spatten::core::Error e("", "", "plain");
    QCOMPARE(QString::fromStdString(e.what()), QStringLiteral("plain"));
  }
  void escapesControlBytesAndBadUtf8() {
    // ESC, BEL and an ill-formed byte from a file never reach the terminal raw; valid UTF-8 stays.
    const spatten::core::Error e("m\x1b.txt", "line 1", "bad merge 'a\x07 b\xff \xc3\xa9\n'");
    QCOMPARE(std::string(e.what()),
             std::string("m\\x1B.txt: line 1: bad merge 'a\\x07 b\\xFF \xc3\xa9\\n'"));
    QCOMPARE(e.file(), std::string("m\x1b.txt"));  // the accessors keep the raw parts
    // C1 controls (U+009B is a one-byte CSI on some terminals) and DEL.
    QCOMPARE(spatten::core::escapeText("\xc2\x9b\x7f"), std::string("\\u009B\\x7F"));
    // Overlong encodings and surrogates are ill-formed.
    QCOMPARE(spatten::core::escapeText("\xc0\xaf\xed\xa0\x80"),
             std::string("\\xC0\\xAF\\xED\\xA0\\x80"));
  }
  void boundsLongParts() {
    const std::string field(5000, 'f');
    const spatten::core::Error e("x", field, "m");
    QCOMPARE(std::string(e.what()), "x: " + std::string(2048, 'f') + "... (5000 bytes): m");
    QCOMPARE(spatten::core::quoteText(std::string(100, 'q')),
             "'" + std::string(80, 'q') + "... (100 bytes)'");
    // Never cut inside a UTF-8 character.
    std::string accents;
    for (int i = 0; i < 50; ++i) accents += "\xc3\xa9";
    QCOMPARE(spatten::core::escapeText(accents, 5), std::string("\xc3\xa9\xc3\xa9... (100 bytes)"));
  }
};

QTEST_APPLESS_MAIN(TestError)
#include "tst_error.moc"
