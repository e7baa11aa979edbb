#pragma once
// Running spatten-cli (SPATTEN_CLI_PATH) from a test as a user would, and reading what it wrote.
#include <QFile>
#include <QProcess>
#include <QString>
#include <QStringList>

inline QString samplesPath(const char* rel) {
  return QString::fromUtf8(SPATTEN_SAMPLES_DIR) + QLatin1Char('/') + QString::fromUtf8(rel);
}

// The exit code (-1: crashed or no exit within 5 minutes); stderr into `err` when given.
inline int runCli(const QStringList& args, QString* err = nullptr) {
  QProcess p;
  p.start(QString::fromUtf8(SPATTEN_CLI_PATH), args);
  if (!p.waitForFinished(300000)) return -1;
  if (err) *err = QString::fromUtf8(p.readAllStandardError());
  return p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
}

inline QByteArray readFile(const QString& path) {
  QFile f(path);
  return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}
