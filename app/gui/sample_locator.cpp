#include "app/gui/sample_locator.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>

#include <algorithm>

namespace spatten::app {

// QT_LOGGING_RULES="spatten.samples.debug=true" prints the samples directory each time it is looked
// up (tests/packaging checks that an installed app uses its own share/ directory).
Q_LOGGING_CATEGORY(lcSamples, "spatten.samples", QtInfoMsg)

QStringList sampleDirCandidates() {
  QStringList out;
  const QString app = QCoreApplication::applicationDirPath();
  const QStringList candidates = {
      qEnvironmentVariable("SPATTEN_SAMPLES"),
      app + QStringLiteral("/samples"),
      app + QStringLiteral("/../share/spatten-studio/samples"),
      app + QStringLiteral("/../../samples"),  // build tree: <build>/app/gui -> <build>/samples
#ifdef SPATTEN_SAMPLES_DIR
      QStringLiteral(SPATTEN_SAMPLES_DIR),
#endif
  };
  for (const QString& c : candidates) {
    if (c.isEmpty()) continue;
    const QFileInfo info(c);
    if (info.isDir() && QDir(c).exists(QStringLiteral("models"))) out << info.canonicalFilePath();
  }
  out.removeDuplicates();
  return out;
}

QString samplesDir() {
  const QStringList c = sampleDirCandidates();
  const QString dir = c.isEmpty() ? QString() : c.first();
  qCDebug(lcSamples).noquote() << "samples directory:"
                               << (dir.isEmpty() ? QStringLiteral("(none)") : dir);
  return dir;
}

bool isBertModel(const QString& modelDir) {
  QFile f(modelDir + QStringLiteral("/config.json"));
  if (!f.open(QIODevice::ReadOnly)) return false;
  const QJsonObject o = QJsonDocument::fromJson(f.readAll()).object();
  return o.value(QStringLiteral("model_type")).toString().contains(QStringLiteral("bert"));
}

std::vector<ModelEntry> bundledModels() {
  std::vector<ModelEntry> out;
  const QString root = samplesDir();
  if (root.isEmpty()) return out;
  QDir models(root + QStringLiteral("/models"));
  for (const QString& name : models.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name)) {
    if (models.exists(name + QStringLiteral("/config.json")))
      out.push_back({name, models.absoluteFilePath(name)});
  }
  std::stable_sort(out.begin(), out.end(), [](const ModelEntry& a, const ModelEntry& b) {
    return isBertModel(a.dir) < isBertModel(b.dir);
  });
  return out;
}

QString defaultSentence(const QString& modelDir) {
  const QString root = samplesDir();
  const QString file =
      isBertModel(modelDir) ? QStringLiteral("default-bert.txt") : QStringLiteral("default.txt");
  QFile f(root + QStringLiteral("/sentences/") + file);
  if (!root.isEmpty() && f.open(QIODevice::ReadOnly | QIODevice::Text)) {
    const QString text = QString::fromUtf8(f.readAll()).trimmed();
    const qsizetype nl = text.indexOf(QLatin1Char('\n'));
    return nl < 0 ? text : text.left(nl).trimmed();
  }
  return isBertModel(modelDir)
             ? QStringLiteral("The quick brown fox jumps over the [MASK] dog.")
             : QStringLiteral("The quick brown fox jumps over the lazy dog.");
}

}  // namespace spatten::app
