// The parameter tables of docs/simulator.md and docs/run-config.md are generated from the
// registry (between <!-- params:hw --> / <!-- params:run --> markers); this checks they are
// current. Regenerate with tools/docs/update_param_tables.py.
#include <QtTest>

#include "core/config/registry.h"

namespace {

QString section(const QString& file, const QString& name) {
  QFile f(QString::fromUtf8(SPATTEN_SOURCE_DIR) + QLatin1Char('/') + file);
  if (!f.open(QIODevice::ReadOnly)) return QStringLiteral("<cannot read %1>").arg(file);
  const QString text = QString::fromUtf8(f.readAll());
  const QString open = QStringLiteral("<!-- params:%1 -->\n").arg(name);
  const QString close = QStringLiteral("<!-- /params:%1 -->").arg(name);
  const qsizetype a = text.indexOf(open), b = text.indexOf(close);
  if (a < 0 || b < a) return QStringLiteral("<no %1 markers in %2>").arg(name, file);
  return text.mid(a + open.size(), b - a - open.size());
}

}  // namespace

class TestParamDocs : public QObject {
  Q_OBJECT
private slots:
  void hardwareTableIsCurrent() {
    QVERIFY2(section(QStringLiteral("docs/simulator.md"), QStringLiteral("hw")) ==
                 QString::fromStdString(spatten::core::hwParamsMarkdown()),
             "docs/simulator.md is stale: run tools/docs/update_param_tables.py");
  }
  void runTableIsCurrent() {
    QVERIFY2(section(QStringLiteral("docs/run-config.md"), QStringLiteral("run")) ==
                 QString::fromStdString(spatten::core::runParamsMarkdown()),
             "docs/run-config.md is stale: run tools/docs/update_param_tables.py");
  }
};

QTEST_APPLESS_MAIN(TestParamDocs)
#include "tst_param_docs.moc"
