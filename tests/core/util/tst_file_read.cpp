// Bounded file reading: regular files only (a FIFO never blocks), size limits, stdin.
#include <sys/stat.h>

#include <QtTest>
#include <filesystem>
#include <fstream>
#include <string>

#include "core/util/error.h"
#include "core/util/file_read.h"
#include "core/util/json_read.h"

namespace fs = std::filesystem;
using spatten::core::Error;

namespace {

template <typename F>
std::string errorOf(F&& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "(no error)";
}

}  // namespace

class TestFileRead : public QObject {
  Q_OBJECT
private slots:
  void initTestCase() { QVERIFY(m_dir.isValid()); }

  void readsARegularFile() {
    const fs::path p = path("a.txt");
    std::ofstream(p) << "hello";
    QCOMPARE(spatten::core::readRegularFile(p, 5), std::string("hello"));
    QCOMPARE(spatten::core::readRegularFile(path("empty"), 0), std::string());
  }

  void sizeLimit() {
    const fs::path p = path("b.txt");
    std::ofstream(p) << std::string(2048, 'x');
    QCOMPARE(errorOf([&] { spatten::core::readRegularFile(p, 1024); }),
             p.string() + ": is 2048 bytes, more than the limit of 1 KiB for this kind of file");
    QCOMPARE(spatten::core::readRegularFile(p, 2048).size(), std::size_t(2048));
  }

  void namedPipeDoesNotBlock() {
    const fs::path p = path("fifo");
    QCOMPARE(::mkfifo(p.c_str(), 0600), 0);
    QElapsedTimer t;
    t.start();
    QCOMPARE(errorOf([&] { spatten::core::readRegularFile(p, 1024); }),
             p.string() + ": is a named pipe (FIFO), not a regular file");
    QVERIFY(t.elapsed() < 5000);
  }

  void devicesAndDirectories() {
    QCOMPARE(errorOf([] { spatten::core::readRegularFile("/dev/zero", 1024); }),
             std::string("/dev/zero: is a character device, not a regular file"));
    QCOMPARE(errorOf([&] { spatten::core::readRegularFile(m_dir.path().toStdString(), 1024); }),
             m_dir.path().toStdString() + ": is a directory, expected a file");
    QCOMPARE(errorOf([&] { spatten::core::readJsonFile(m_dir.path().toStdString(), 1024); }),
             m_dir.path().toStdString() + ": is a directory, expected a file");
    QCOMPARE(errorOf([&] { spatten::core::readRegularFile(path("missing"), 1024); }),
             path("missing").string() + ": cannot open: no such file");
  }

  void formatsLimits() {
    QCOMPARE(spatten::core::formatByteSize(64u << 20), std::string("64 MiB"));
    QCOMPARE(spatten::core::formatByteSize(1536), std::string("1536 bytes"));
  }

private:
  fs::path path(const char* name) const {
    const fs::path p = fs::path(m_dir.path().toStdString()) / name;
    if (std::string(name) == "empty" && !fs::exists(p)) std::ofstream{p};
    return p;
  }
  QTemporaryDir m_dir;
};

QTEST_APPLESS_MAIN(TestFileRead)
#include "tst_file_read.moc"
