// Simulator regression pin: every case of tests/data/sim/regression.json (recorded by
// tools/sim/record_regression.py) is run through `spatten-cli simulate` and must give exactly the
// recorded figures (cycles, DRAM bytes by kind / layer / channel, transactions, row hits,
// refetches, op counts, per-module busy/stall/idle) and a Chrome trace with the recorded SHA-256
// (every busy interval, top-k round and pruning event). Map keys added since a recording must be
// 0 (samePinned). One test function per group, each
// registered as its own ctest test so that they run in parallel.
#include <QtTest>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace {

using nlohmann::json;

const std::string kRoot = SPATTEN_SOURCE_DIR;

json readJson(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return json::parse(ss.str());
}

QString readText(const std::string& path) {
  QFile f(QString::fromStdString(path));
  if (!f.open(QIODevice::ReadOnly)) return {};
  return QString::fromUtf8(f.readAll()).trimmed();
}

// The same command line as the recorder's case_args().
QStringList caseArgs(const json& c) {
  QStringList a{QStringLiteral("simulate")};
  if (c.contains("workload")) {
    a << QStringLiteral("--workload")
      << QString::fromStdString(std::string(SPATTEN_SHARED_DIR) + "/workloads/" +
                                c["workload"].get<std::string>());
  } else {
    a << QStringLiteral("--model")
      << QString::fromStdString(kRoot + "/samples/models/" + c["model"].get<std::string>())
      << QStringLiteral("--text")
      << readText(kRoot + "/samples/sentences/" + c["text_file"].get<std::string>())
      << QStringLiteral("--preset") << QString::fromStdString(c["preset"].get<std::string>());
    if (c.contains("generate"))
      a << QStringLiteral("--generate") << QString::number(c["generate"].get<int>());
  }
  a << QStringLiteral("--hw") << QString::fromStdString(c.value("hw", std::string("spatten")))
    << QStringLiteral("--seed") << QString::number(c.value("seed", 1));
  for (const auto& s : c.value("set", json::array()))
    a << QStringLiteral("--set") << QString::fromStdString(s.get<std::string>());
  return a;
}

const json* at(const json& doc, const std::string& path) {
  const json* cur = &doc;
  std::size_t start = 0;
  for (;;) {
    const std::size_t dot = path.find('.', start);
    const std::string key = path.substr(start, dot == std::string::npos ? dot : dot - start);
    if (!cur->is_object() || !cur->contains(key)) return nullptr;
    cur = &(*cur)[key];
    if (dot == std::string::npos) return cur;
    start = dot + 1;
  }
}

// The figure equals its recording; in a map, a key the recording lacks must be 0 (a DRAM kind or
// an op counter added since, e.g. "meta" or "qk_macs_meta": the recorded run had none of it).
bool samePinned(const json& got, const json& want) {
  if (!got.is_object() || !want.is_object()) return got == want;
  for (const auto& [key, w] : want.items())
    if (!got.contains(key) || !samePinned(got[key], w)) return false;
  for (const auto& [key, g] : got.items())
    if (!want.contains(key) && !(g.is_number() && g == 0)) return false;
  return true;
}

}  // namespace

class TestSimRegression : public QObject {
  Q_OBJECT

  void runGroup(const std::string& group) {
    const json doc = readJson(kRoot + "/tests/data/sim/regression.json");
    int n = 0;
    for (const json& c : doc["cases"]) {
      if (c["group"] != group) continue;
      if (c.contains("workload") && !std::filesystem::exists(SPATTEN_SHARED_DIR "/workloads"))
        QSKIP("the official SpAtten workloads (../shared/workloads) are not next to this checkout");
      const QString name = QString::fromStdString(c["name"].get<std::string>());
      QTemporaryDir dir;
      const QString out = dir.filePath(QStringLiteral("sim.json"));
      const QString trace = dir.filePath(QStringLiteral("trace.json"));
      QProcess p;
      p.start(QString::fromUtf8(SPATTEN_CLI_PATH),
              caseArgs(c) << QStringLiteral("--json") << out << QStringLiteral("--trace") << trace);
      QVERIFY2(p.waitForFinished(600000), qPrintable(name));
      QVERIFY2(p.exitCode() == 0, qPrintable(name + QStringLiteral(": ") +
                                             QString::fromUtf8(p.readAllStandardError())));
      const json got = readJson(out.toStdString());
      for (const auto& [path, want] : c["expect"].items()) {
        const json* v = at(got, path);
        QVERIFY2(v, qPrintable(name + QStringLiteral(": no ") + QString::fromStdString(path)));
        QVERIFY2(samePinned(*v, want), qPrintable(QStringLiteral("%1: %2 is %3, recorded %4")
                                            .arg(name, QString::fromStdString(path),
                                                 QString::fromStdString(v->dump()),
                                                 QString::fromStdString(want.dump()))));
      }
      QFile tf(trace);
      QVERIFY(tf.open(QIODevice::ReadOnly));
      const QByteArray sha = QCryptographicHash::hash(tf.readAll(), QCryptographicHash::Sha256);
      QVERIFY2(sha.toHex().toStdString() == c["trace_sha256"].get<std::string>(),
               qPrintable(name + QStringLiteral(": the Chrome trace (event log) changed")));
      ++n;
    }
    QVERIFY(n > 0);
  }

private slots:
  void small() { runGroup("small"); }
  void gpt2Small() { runGroup("gpt2-small"); }
  void gpt2SmallStep1() { runGroup("gpt2-small-step1"); }
  void gpt2MediumPtb() { runGroup("gpt2-medium-ptb"); }
  void gpt2MediumWt2() { runGroup("gpt2-medium-wt2"); }
  void models() { runGroup("models"); }
};

QTEST_APPLESS_MAIN(TestSimRegression)
#include "tst_sim_regression.moc"
