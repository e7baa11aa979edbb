// VCD export: GTKWave's own converters (vcd2fst, fst2vcd from Debian's gtkwave package) must
// read the file, and the waveform they give back must agree with the simulator's independent
// counters (busy / stalled cycles per module, DRAM bytes, refetch pulses); the cycle window;
// byte-identical output for the same config and seed.
#include <QProcess>
#include <QStandardPaths>
#include <QtTest>
#include <map>
#include <set>

#include "core/export/vcd_writer.h"
#include "core/util/error.h"
#include "export_test_util.h"

using namespace spatten::core;

namespace {

// A minimal VCD reader (enough for fst2vcd's output): signal names by id (scoped with '.'),
// and for each signal its value changes (time, value string).
struct Vcd {
  std::map<std::string, std::string> idOf;  // "spatten.qk.busy" -> id
  std::map<std::string, std::vector<std::pair<std::uint64_t, std::string>>> changes;  // by id
  std::uint64_t firstTime = ~0ull, lastTime = 0;
  std::string timescale;
};

Vcd parseVcd(const std::string& text) {
  Vcd v;
  std::istringstream in(text);
  std::vector<std::string> scopes;
  std::string tok;
  std::uint64_t now = 0;
  bool defs = true;
  while (in >> tok) {
    if (defs) {
      if (tok == "$scope") {
        std::string kind, name;
        in >> kind >> name;
        scopes.push_back(name);
      } else if (tok == "$upscope") {
        scopes.pop_back();
      } else if (tok == "$var") {
        std::string type, width, id, name;
        in >> type >> width >> id >> name;
        std::string full;
        for (const std::string& s : scopes) full += s + ".";
        v.idOf[full + name] = id;
      } else if (tok == "$timescale") {
        in >> v.timescale;
      } else if (tok == "$enddefinitions") {
        defs = false;
      }
      continue;
    }
    if (tok[0] == '#') {
      now = std::stoull(tok.substr(1));
      v.firstTime = std::min(v.firstTime, now);
      v.lastTime = std::max(v.lastTime, now);
    } else if (tok[0] == 'b' || tok[0] == 'B') {
      std::string id;
      in >> id;
      v.changes[id].push_back({now, tok.substr(1)});
    } else if (tok[0] == '0' || tok[0] == '1' || tok[0] == 'x' || tok[0] == 'z') {
      v.changes[tok.substr(1)].push_back({now, tok.substr(0, 1)});
    }
  }
  return v;
}

// Cycles in [from, to) during which a 1-bit signal is 1.
std::uint64_t highCycles(const Vcd& v, const std::string& name, std::uint64_t to) {
  const auto& ch = v.changes.at(v.idOf.at(name));
  std::uint64_t total = 0;
  for (std::size_t i = 0; i < ch.size(); ++i) {
    const std::uint64_t end = i + 1 < ch.size() ? ch[i + 1].first : to;
    if (ch[i].second == "1") total += end - ch[i].first;
  }
  return total;
}

std::uint64_t lastValue(const Vcd& v, const std::string& name) {
  return std::stoull(v.changes.at(v.idOf.at(name)).back().second, nullptr, 2);
}

}  // namespace

class TestVcdWriter : public QObject {
  Q_OBJECT

  QTemporaryDir m_dir;
  std::string path(const char* name) { return (m_dir.path() + "/" + name).toStdString(); }

  // Writes the VCD of a run; returns the text.
  std::string vcdOf(const HwConfig& hw, std::uint64_t seed, VcdOptions o, SimStats* stats,
                    std::uint64_t* refetchCycles = nullptr) {
    Simulator sim(test::exportWorkload(), hw, seed, LogLevel::Modules);
    std::ostringstream out;
    VcdWriter vcd(sim, out, o);
    runSampled(sim, {&vcd});
    if (stats) *stats = sim.stats();
    if (refetchCycles) {
      std::set<std::uint64_t> cycles;
      sim.log().forEach([&](const Event& e) {
        if (e.kind == EventKind::LsbRefetch) cycles.insert(e.cycle);
      });
      *refetchCycles = cycles.size();
    }
    return out.str();
  }

  // Runs a gtkwave converter; QSKIP when the tools are not installed.
  QByteArray run(const QString& tool, const QStringList& args) {
    const QString exe = QStandardPaths::findExecutable(tool);
    if (exe.isEmpty()) return {};
    QProcess p;
    p.start(exe, args);
    if (!p.waitForFinished(120000)) return {};
    if (p.exitCode() != 0)
      return "exit " + QByteArray::number(p.exitCode()) + p.readAllStandardError();
    return "ok";
  }

private slots:
  void gtkwaveReadsItAndItAgreesWithTheCounters() {
    if (QStandardPaths::findExecutable("vcd2fst").isEmpty() ||
        QStandardPaths::findExecutable("fst2vcd").isEmpty())
      QSKIP("gtkwave's vcd2fst / fst2vcd not installed (apt-get install gtkwave)");
    for (const char* preset : {"spatten", "spatten-1of8"}) {
      SimStats stats;
      std::uint64_t refetches = 0;
      const std::string text = vcdOf(HwConfig::preset(preset), 4, {}, &stats, &refetches);
      test::writeAll(path("run.vcd"), text);
      QCOMPARE(run("vcd2fst", {QString::fromStdString(path("run.vcd")),
                               QString::fromStdString(path("run.fst"))}),
               QByteArray("ok"));
      QCOMPARE(run("fst2vcd", {"-o", QString::fromStdString(path("back.vcd")),
                               QString::fromStdString(path("run.fst"))}),
               QByteArray("ok"));
      const Vcd v = parseVcd(test::readAll(path("back.vcd")));
      QCOMPARE(v.firstTime, std::uint64_t{0});
      QCOMPARE(v.lastTime, stats.cycles);
      QVERIFY(v.timescale == "1ns" || v.timescale == "1");
      for (int m = 0; m < kModuleCount; ++m) {
        const std::string scope = std::string("spatten.") + moduleName(static_cast<ModuleId>(m));
        const auto& c = stats.modules[static_cast<std::size_t>(m)];
        QCOMPARE(highCycles(v, scope + ".busy", stats.cycles), c.busy);
        QCOMPARE(highCycles(v, scope + ".stalled", stats.cycles), c.stalled);
      }
      std::uint64_t bytes = 0;
      for (auto b : stats.dramBytes) bytes += b;
      QVERIFY(bytes > 0);
      QCOMPARE(lastValue(v, "spatten.counters.dram_bytes"), bytes);
      QCOMPARE(highCycles(v, "spatten.pulse.lsb_refetch", stats.cycles), refetches);
      QVERIFY(refetches > 0);
      QVERIFY(highCycles(v, "spatten.pulse.token_topk_decision", stats.cycles) > 0);
      QVERIFY(highCycles(v, "spatten.pulse.head_topk_decision", stats.cycles) > 0);
      // Q x K's request id: the requests it worked on, in order, each a valid index.
      const auto& req = v.changes.at(v.idOf.at("spatten.qk.request"));
      std::set<std::uint64_t> seen;
      for (const auto& [t, val] : req)
        if (val.find('z') == std::string::npos) seen.insert(std::stoull(val, nullptr, 2));
      QCOMPARE(seen.size(), test::exportWorkload()->requests.size());
    }
  }

  void cycleWindowAndDeterminism() {
    SimStats stats;
    const std::string all = vcdOf(HwConfig::preset("spatten"), 2, {}, &stats);
    QVERIFY(all == vcdOf(HwConfig::preset("spatten"), 2, {}, nullptr));
    const VcdOptions w = parseVcdWindow("100:300", "--vcd-window");
    const std::string part = vcdOf(HwConfig::preset("spatten"), 2, w, nullptr);
    const Vcd v = parseVcd(part);
    QCOMPARE(v.firstTime, std::uint64_t{100});
    QCOMPARE(v.lastTime, std::uint64_t{300});
    QVERIFY(part.size() < all.size());
    QVERIFY(part.find("$dumpvars") != std::string::npos);
    for (const char* bad : {"300:100", "abc", "5", "1:2:3", "-1:5"}) {
      try {
        parseVcdWindow(bad, "--vcd-window");
        QFAIL(bad);
      } catch (const Error& e) {
        QVERIFY(QString(e.what()).startsWith("--vcd-window: window '"));
      }
    }
  }
};

QTEST_APPLESS_MAIN(TestVcdWriter)
#include "tst_vcd_writer.moc"
