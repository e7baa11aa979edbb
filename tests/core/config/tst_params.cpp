// The parameter registry: every parameter once, defaults and presets inside their ranges, one
// key spelling, typed values from text and JSON with errors naming the field, JSON round trips.
#include <QtTest>
#include <cmath>
#include <set>

#include "core/config/assign.h"
#include "core/config/registry.h"
#include "core/util/error.h"

using namespace spatten::core;

namespace {

QString fieldOf(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return QString::fromStdString(e.field());
  }
  return QStringLiteral("<no error>");
}

}  // namespace

class TestParams : public QObject {
  Q_OBJECT
private slots:
  void keysAreUniqueAndSpelledOneWay() {
    std::set<std::string> keys;
    for (const auto& r : hwParams().rows()) {
      QVERIFY(r.spec.key.rfind("hw.", 0) == 0);
      QVERIFY2(keys.insert(r.spec.key).second, r.spec.key.c_str());
      QVERIFY(!r.spec.label.empty() && !r.spec.group.empty() && !r.spec.source.empty());
    }
    for (const auto& r : runParams().rows()) {
      QVERIFY(r.spec.key.find('.') == std::string::npos);
      QVERIFY2(keys.insert(r.spec.key).second, r.spec.key.c_str());
      QVERIFY(!r.spec.label.empty() && !r.spec.help.empty());
    }
    // Every HwConfig field is in the table: toJson is generated from it and holds them all.
    QCOMPARE(HwConfig{}.toJson().flatten().size(), hwParams().rows().size() + 1);  // + name
  }

  void defaultsAndPresetsAreValid() {
    HwConfig{}.validate("default");
    validate(RunConfig{}, "default");
    for (const Preset& p : hwPresets()) HwConfig::preset(p.name).validate(p.name);
    for (const Preset& p : runPresets()) validate(presetConfig(p.name), p.name);
    QVERIFY(HwConfig::preset("spatten").toJson() == HwConfig{}.toJson());
    QCOMPARE(HwConfig::preset("spatten-1of8").hbmChannels, 2);
    QCOMPARE(presetConfig("dense").k_msb_bits, 0);
  }

  void presetsRoundTripThroughJson() {
    for (const Preset& p : hwPresets()) {
      const HwConfig h = HwConfig::preset(p.name);
      QVERIFY(HwConfig::fromJson(h.toJson(), p.name).toJson() == h.toJson());
    }
    for (const Preset& p : runPresets()) {
      const RunConfig c = presetConfig(p.name);
      QCOMPARE(nlohmann::json(toJson(configFromJson(nlohmann::json(toJson(c)), p.name))).dump(),
               nlohmann::json(toJson(c)).dump());
    }
  }

  void setParsesEveryType() {
    RunConfig run;
    HwConfig hw;
    applyParameter("hw.topk.parallelism=32", &run, &hw);
    QCOMPARE(hw.topkParallelism, 32);
    applyParameter("hw.topk.model=rtl-dummy", &run, &hw);  // a choice by name
    QCOMPARE(hw.topkModel, 1);
    applyParameter("hw.clock_ghz=1.5", &run, &hw);
    QCOMPARE(hw.clockGhz, 1.5);
    applyParameter("pq_enabled=false", &run, &hw);
    QVERIFY(!run.pq_enabled);
    applyParameter("token_keep_per_layer=1,0.5", &run, &hw);
    QCOMPARE(run.token_keep_per_layer, (std::vector<double>{1, 0.5}));
    applyParameter("seed=9007199254740992", &run, &hw);
    QCOMPARE(run.seed, std::uint64_t(9007199254740992ull));
  }

  void badValuesNameTheCanonicalKey_data() {
    QTest::addColumn<QString>("assignment");
    QTest::addColumn<QString>("field");
    QTest::newRow("range") << "hw.topk.parallelism=0"
                           << "hw.topk.parallelism";
    QTest::newRow("not integer") << "hw.qk.multipliers=1.5"
                                 << "hw.qk.multipliers";
    QTest::newRow("nan") << "hw.clock_ghz=nan"
                         << "hw.clock_ghz";
    QTest::newRow("inf") << "hw.clock_ghz=inf"
                         << "hw.clock_ghz";
    QTest::newRow("1e999") << "value_keep=1e999"
                           << "value_keep";
    QTest::newRow("negative seed") << "seed=-1"
                                   << "seed";
    QTest::newRow("seed 2^64") << "seed=18446744073709551616"
                               << "seed";
    QTest::newRow("choice") << "hw.topk.model=7"
                            << "hw.topk.model";
    QTest::newRow("bool") << "pq_enabled=1"
                          << "pq_enabled";
    QTest::newRow("open range") << "value_keep=0"
                                << "value_keep";
    QTest::newRow("bits") << "v_bits=1"
                          << "v_bits";
    QTest::newRow("bare hw key") << "topk.parallelism=4"
                                 << "topk.parallelism";
    QTest::newRow("unknown") << "nope=1"
                             << "nope";
    QTest::newRow("pow2 rule") << "hw.hbm.channels=3"
                               << "hw.hbm.channels";  // cross-field rule, spelled as typed
  }
  void badValuesNameTheCanonicalKey() {
    QFETCH(QString, assignment);
    QFETCH(QString, field);
    RunConfig run;
    HwConfig hw;
    const RunConfig run0 = run;
    QCOMPARE(fieldOf([&] { applyParameter(assignment.toStdString(), &run, &hw); }), field);
    QVERIFY(hw.toJson() == HwConfig{}.toJson());  // nothing changed
    QCOMPARE(nlohmann::json(toJson(run)).dump(), nlohmann::json(toJson(run0)).dump());
  }

  void commandsRefuseTheOtherKind() {
    RunConfig run;
    HwConfig hw;
    QCOMPARE(fieldOf([&] { applyParameter("hw.topk.parallelism=4", &run, nullptr); }),
             QStringLiteral("hw.topk.parallelism"));
    QCOMPARE(fieldOf([&] { applyParameter("value_keep=0.5", nullptr, &hw); }),
             QStringLiteral("value_keep"));
  }

  void jsonErrorsNameThePathInTheFile() {
    QCOMPARE(fieldOf([] {
               HwConfig::fromJson(nlohmann::json::parse(R"({"topk":{"parallelism":0}})"), "f");
             }),
             QStringLiteral("topk.parallelism"));
    QCOMPARE(
        fieldOf([] { HwConfig::fromJson(nlohmann::json::parse(R"({"topk":{"nope":1}})"), "f"); }),
        QStringLiteral("topk.nope"));
    QCOMPARE(
        fieldOf([] { HwConfig::fromJson(nlohmann::json::parse(R"({"clock_ghz":1e308})"), "f"); }),
        QStringLiteral("clock_ghz"));
    QCOMPARE(
        fieldOf([] { HwConfig::fromJson(nlohmann::json::parse(R"({"hbm":{"nCL":"7"}})"), "f"); }),
        QStringLiteral("hbm.nCL"));
  }

  // A file may spell a field as --set and `spatten-cli params` do ("hw.topk.parallelism"), or as
  // a dotted path ("topk.parallelism"), besides nested objects: the GUI's "Load hardware
  // configuration" said "unknown parameter" for the canonical key. Errors keep the file's spelling.
  void canonicalKeysInFiles() {
    using nlohmann::json;
    const HwConfig a = HwConfig::fromJson(json::parse(R"({"hw.topk.parallelism":8})"), "f");
    const HwConfig b = HwConfig::fromJson(json::parse(R"({"topk.parallelism":8})"), "f");
    const HwConfig c = HwConfig::fromJson(json::parse(R"({"topk":{"parallelism":8}})"), "f");
    QCOMPARE(a.topkParallelism, 8);
    QVERIFY(a.toJson() == c.toJson());
    QVERIFY(b.toJson() == c.toJson());
    QCOMPARE(fieldOf([] { HwConfig::fromJson(json::parse(R"({"hw.topk.parallelism":0})"), "f"); }),
             QStringLiteral("hw.topk.parallelism"));
    QCOMPARE(fieldOf([] { HwConfig::fromJson(json::parse(R"({"hw.topk.nope":1})"), "f"); }),
             QStringLiteral("hw.topk.nope"));
    // Only at the top level, and only the table's own prefix.
    QCOMPARE(
        fieldOf([] { HwConfig::fromJson(json::parse(R"({"topk":{"hw.parallelism":8}})"), "f"); }),
        QStringLiteral("topk.hw.parallelism"));
    QCOMPARE(fieldOf([] { configFromJson(json::parse(R"({"hw.token_keep_end":0.5})"), "f"); }),
             QStringLiteral("hw.token_keep_end"));
  }

  void typedValuesRoundTrip() {
    RunConfig run;
    HwConfig hw;
    setParameter("hw.hbm.channels", std::int64_t{8}, run, hw, "<gui>");
    QCOMPARE(hw.hbmChannels, 8);
    QCOMPARE(std::get<std::int64_t>(getParameter("hw.hbm.channels", run, hw)), std::int64_t{8});
    setParameter("token_keep_end", 0.25, run, hw, "<gui>");
    QCOMPARE(std::get<double>(getParameter("token_keep_end", run, hw)), 0.25);
    QCOMPARE(fieldOf([&] { setParameter("token_keep_end", std::int64_t{1}, run, hw, "<gui>"); }),
             QStringLiteral("token_keep_end"));  // wrong type
    QCOMPARE(fieldOf([&] { setParameter("hw.hbm.channels", std::int64_t{6}, run, hw, "<gui>"); }),
             QStringLiteral("hw.hbm.channels"));  // cross-field rule, spelled as the key
  }
};

QTEST_APPLESS_MAIN(TestParams)
#include "tst_params.moc"
