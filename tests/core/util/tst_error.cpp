#include <QtTest>

#include "core/util/error.h"

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
};

QTEST_APPLESS_MAIN(TestError)
#include "tst_error.moc"
