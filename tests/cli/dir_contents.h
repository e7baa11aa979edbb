#pragma once
// Every file of a folder (hidden ones included) by name, with its bytes: for comparing export
// folders byte for byte. Header-only, test code.

#include <QDirIterator>
#include <QFile>
#include <QMap>

inline QMap<QString, QByteArray> dirContents(const QString& dir) {
  QMap<QString, QByteArray> out;
  for (QDirIterator it(dir, QDir::Files | QDir::Hidden); it.hasNext();) {
    QFile f(it.next());
    f.open(QIODevice::ReadOnly);
    out[it.fileName()] = f.readAll();
  }
  return out;
}
