// Hardware config: presets, JSON I/O, --set overrides, errors naming the field.
#include <QtTest/QtTest>

#include <fstream>

#include "core/sim/hw_config.h"
#include "core/util/error.h"

using namespace spatten::core;

class TstHwConfig : public QObject {
  Q_OBJECT
private slots:
  void presets() {
    HwConfig s = HwConfig::preset("spatten");
    QCOMPARE(s.qkMultipliers, 512);
    QCOMPARE(s.avMultipliers, 512);
    QCOMPARE(s.hbmChannels, 16);
    QCOMPARE(s.hbmPseudoChannels, 2);
    QCOMPARE(s.topkParallelism, 16);
    QCOMPARE(s.softmaxLanes, 8);
    QCOMPARE(s.softmaxFifoDepth, 128);
    QCOMPARE(s.keyBufferBytes, 196608);
    QCOMPARE(s.keyBufferLines(), 256);
    QCOMPARE(s.peakBytesPerCycle(), 512.0);  // Table I: 512 GB/s at 1 GHz
    HwConfig e = HwConfig::preset("spatten-1of8");
    QCOMPARE(e.qkMultipliers, 64);
    QCOMPARE(e.hbmChannels, 2);
    QCOMPARE(e.peakBytesPerCycle(), 64.0);
    QCOMPARE(e.keyBufferLines(), 2048);  // RTL run script: num_bufline 2048
    QVERIFY_THROWS_EXCEPTION(Error, HwConfig::preset("nope"));
  }
  void presetFilesLoad() {
    // `spatten-cli params --preset NAME > f.json` then `--hw f.json` gives the preset back.
    for (const char* name : {"spatten", "spatten-1of8"}) {
      QTemporaryDir dir;
      const std::string path = dir.filePath(QStringLiteral("hw.json")).toStdString();
      std::ofstream(path) << HwConfig::preset(name).toJson().dump(2);
      QVERIFY(HwConfig::load(path).toJson() == HwConfig::preset(name).toJson());
    }
  }
  void jsonRoundTrip() {
    HwConfig a = HwConfig::preset("spatten-1of8");
    HwConfig b = HwConfig::fromJson(a.toJson(), "t");
    QVERIFY(a.toJson() == b.toJson());
    HwConfig c = HwConfig::fromJson(nlohmann::json{{"base", "spatten"}, {"topk", {{"parallelism", 4}}}}, "t");
    QCOMPARE(c.topkParallelism, 4);
    QCOMPARE(c.qkMultipliers, 512);
  }
  void set() {
    HwConfig h;
    h.set("hw.topk.parallelism=32");
    QCOMPARE(h.topkParallelism, 32);
    h.set("hw.hbm.nBL=4");
    QCOMPARE(h.nBL, 4);
    try {  // one spelling: hardware keys carry hw.
      h.set("hbm.nBL=2");
      QFAIL("no error");
    } catch (const Error& e) {
      QVERIFY(QString::fromStdString(e.what()).contains("hw.hbm.nBL"));
    }
  }
  void errors_data() {
    QTest::addColumn<QString>("json");
    QTest::addColumn<QString>("field");
    QTest::newRow("range") << R"({"topk":{"parallelism":0}})" << "topk.parallelism";
    QTest::newRow("type") << R"({"hbm":{"nCL":"seven"}})" << "hbm.nCL";
    QTest::newRow("unknown") << R"({"hbm":{"nXYZ":1}})" << "hbm.nXYZ";
    QTest::newRow("integer") << R"({"qk":{"multipliers":1.5}})" << "qk.multipliers";
    QTest::newRow("pow2") << R"({"hbm":{"channels":3}})" << "hbm.channels";
  }
  void errors() {
    QFETCH(QString, json);
    QFETCH(QString, field);
    try {
      HwConfig::fromJson(nlohmann::json::parse(json.toStdString()), "cfg.json");
      QFAIL("no error");
    } catch (const Error& e) {
      QCOMPARE(QString::fromStdString(e.field()), field);
      QVERIFY(QString::fromStdString(e.what()).contains("cfg.json"));
    }
  }
  void setErrors() {
    HwConfig h;
    try {
      h.set("hw.topk.parallelism=2000");
      QFAIL("no error");
    } catch (const Error& e) {
      QCOMPARE(QString::fromStdString(e.field()), QString("hw.topk.parallelism"));
      QVERIFY(QString::fromStdString(e.what()).contains("allowed range"));
    }
    QVERIFY_THROWS_EXCEPTION(Error, h.set("hw.nope.x=1"));
    QVERIFY_THROWS_EXCEPTION(Error, h.set("hw.topk.parallelism=abc"));
  }
  // The largest allowed buffers: their bit counts (2^31) do not fit an int, the line counts do.
  void largestBuffers() {
    HwConfig h;
    h.set("hw.sram.key_buffer_bytes=268435456");
    h.set("hw.sram.value_buffer_bytes=268435456");
    h.validate("<test>");
    const std::int64_t bits = std::int64_t{268435456} * 8;
    QCOMPARE(h.keyBufferLines(), static_cast<int>(bits / (h.qkMultipliers * h.onChipBits)));
    QCOMPARE(h.valueBufferLines(), static_cast<int>(bits / (h.avMultipliers * h.onChipBits)));
  }
};

QTEST_APPLESS_MAIN(TstHwConfig)
#include "tst_hw_config.moc"
