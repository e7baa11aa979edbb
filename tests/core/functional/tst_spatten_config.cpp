// Run configuration: defaults, presets, JSON round trip, --set parsing, and one error per
// invalid field that names the field.
#include <QtTest>

#include <fstream>

#include "core/functional/run_config.h"
#include "core/util/error.h"

using namespace spatten::core;

namespace {
QString fieldOfError(const nlohmann::json& j) {
  try {
    configFromJson(j, "cfg.json");
  } catch (const Error& e) {
    return QString::fromStdString(e.field());
  }
  return QStringLiteral("<no error>");
}
}  // namespace

class TestSpattenConfig : public QObject {
  Q_OBJECT
private slots:
  void defaultsFollowThePaper() {
    const RunConfig c;
    QCOMPARE(c.token_skip_frac, 0.15);
    QCOMPARE(c.head_skip_frac, 0.30);
    QCOMPARE(c.pq_threshold, 0.1);
    QCOMPARE(c.k_msb_bits, 6);
    QCOMPARE(c.k_lsb_bits, 4);
    QCOMPARE(c.protect_first, 0);
    QVERIFY(c.pq_enabled);
    validate(c);
  }
  void presets() {
    const RunConfig d = presetConfig("dense");
    QCOMPARE(d.token_keep_end, 1.0);
    QCOMPARE(d.value_keep, 1.0);
    QCOMPARE(d.k_msb_bits, 0);
    QCOMPARE(d.v_bits, 0);
    QVERIFY(!d.pq_enabled);
    const RunConfig b = presetConfig("spatten-bert");
    QVERIFY(!b.pq_enabled);
    const RunConfig g = presetConfig("spatten-gpt2");
    QCOMPARE(g.k_msb_bits, 6);
    QCOMPARE(g.k_lsb_bits, 4);
    QCOMPARE(g.pq_threshold, 0.1);
    QCOMPARE(g.value_keep, 0.2);
    for (const auto& n : presetNames()) validate(presetConfig(n));
    QVERIFY_THROWS_EXCEPTION(Error, presetConfig("nope"));
  }
  void jsonRoundTrip() {
    RunConfig c = presetConfig("spatten-gpt2");
    c.token_keep_per_layer = {1, 0.5, 0.5, 0.25};
    c.seed = 42;
    c.generate = 3;
    const auto j = toJson(c);
    const RunConfig back = configFromJson(nlohmann::json::parse(j.dump()));
    QCOMPARE(nlohmann::json(toJson(back)).dump(), nlohmann::json(j).dump());
    // Field order and names are exactly those of docs/semantics.md.
    QCOMPARE(QString::fromStdString(j.begin().key()), QStringLiteral("token_keep_start"));
    QCOMPARE(j.size(), size_t(25));
  }
  void partialJsonStartsFromBase() {
    const RunConfig c = configFromJson(nlohmann::json{{"value_keep", 0.5}}, "x", presetConfig("dense"));
    QCOMPARE(c.value_keep, 0.5);
    QCOMPARE(c.k_msb_bits, 0);
  }
  void badValuesNameTheField_data() {
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("value");
    const char* cases[][2] = {
        {"token_keep_start", "0"},   {"token_keep_start", "1.5"}, {"token_keep_end", "-0.1"},
        {"token_skip_frac", "1.2"},  {"head_keep_start", "0"},    {"head_keep_end", "2"},
        {"head_skip_frac", "-1"},    {"value_keep", "0"},         {"protect_first", "-1"},
        {"k_msb_bits", "-1"},        {"k_msb_bits", "17"},        {"k_lsb_bits", "9"},
        {"pq_threshold", "1.5"},     {"pq_enabled", "1"},         {"v_bits", "1"},
        {"q_bits", "33"},            {"seed", "-4"},              {"token_keep_per_layer", "[0.5, 0]"},
        {"head_keep_per_layer", "[1.1]"}, {"generate", "-1"},     {"generate", "\"many\""},
        {"value_keep", "\"half\""},  {"k_msb_bits", "6.5"},       {"policy", "\"lru\""},
        {"policy", "3"},             {"kv_budget", "0"},          {"kv_budget", "1.01"},
        {"sink", "-1"},              {"recent_frac", "1.5"},      {"window", "0"},
        {"pool_kernel", "4"},        {"pool_kernel", "0"},        {"page", "0"},
        {"page", "5000"}};
    for (auto& c : cases)
      QTest::newRow((std::string(c[0]) + "=" + c[1]).c_str()) << c[0] << c[1];
  }
  void badValuesNameTheField() {
    QFETCH(QString, key);
    QFETCH(QString, value);
    nlohmann::json j;
    j[key.toStdString()] = nlohmann::json::parse(value.toStdString());
    QCOMPARE(fieldOfError(j), key);
    // --set gives the same field.
    RunConfig c;
    try {
      applySet(c, key.toStdString() + "=" + value.toStdString());
      QFAIL("expected Error");
    } catch (const Error& e) {
      QCOMPARE(QString::fromStdString(e.field()), key);
      QCOMPARE(QString::fromStdString(e.file()), QStringLiteral("--set"));
      QVERIFY(QString::fromStdString(e.what()).contains(key));
    }
  }
  void policyFields() {
    const RunConfig d;
    QCOMPARE(QString::fromStdString(d.policy), QStringLiteral("spatten"));
    QCOMPARE(d.kv_budget, 0.2);  // H2O's 20 % default
    QCOMPARE(d.sink, 4);         // StreamingLLM's four sinks
    QCOMPARE(d.pool_kernel, 5);  // SnapKV's pooling kernel
    QCOMPARE(d.page, 16);        // Quest's page size
    RunConfig c;
    for (const auto& p : policyNames()) {
      applySet(c, "policy=" + p);
      QCOMPARE(c.policy, p);
    }
    applySet(c, "kv_budget=0.3");
    applySet(c, "page=8");
    const RunConfig back = configFromJson(nlohmann::json::parse(nlohmann::json(toJson(c)).dump()));
    QCOMPARE(back.policy, c.policy);
    QCOMPARE(back.kv_budget, 0.3);
    QCOMPARE(back.page, 8);
    try {
      applySet(c, "policy=lru");
      QFAIL("expected Error");
    } catch (const Error& e) {
      QVERIFY(QString::fromStdString(e.what()).contains("allowed spatten, streaming, h2o"));
    }
  }
  void unknownKeyIsRejected() {
    QCOMPARE(fieldOfError(nlohmann::json{{"token_keep", 0.5}}), QStringLiteral("token_keep"));
    QCOMPARE(fieldOfError(nlohmann::json::array()), QString());
  }
  void setParsesEveryKind() {
    RunConfig c;
    applySet(c, "value_keep=0.5");
    QCOMPARE(c.value_keep, 0.5);
    applySet(c, "pq_enabled=false");
    QVERIFY(!c.pq_enabled);
    applySet(c, "k_msb_bits=8");
    QCOMPARE(c.k_msb_bits, 8);
    applySet(c, "token_keep_per_layer=1,0.5,0.25");
    QCOMPARE(c.token_keep_per_layer, (std::vector<double>{1, 0.5, 0.25}));
    applySet(c, "head_keep_per_layer=[1, 0.5]");
    QCOMPARE(c.head_keep_per_layer, (std::vector<double>{1, 0.5}));
    applySet(c, "head_keep_per_layer=0.5");
    QCOMPARE(c.head_keep_per_layer, (std::vector<double>{0.5}));
    applySet(c, "head_keep_per_layer=[]");
    QVERIFY(c.head_keep_per_layer.empty());
    applySet(c, "seed=9007199254740992");  // 2^53: seeds are exact in every JSON reader
    QCOMPARE(c.seed, std::uint64_t(9007199254740992ULL));
    QVERIFY_THROWS_EXCEPTION(Error, applySet(c, "seed=18446744073709551615"));
    QVERIFY_THROWS_EXCEPTION(Error, applySet(c, "novalue"));
    QVERIFY_THROWS_EXCEPTION(Error, applySet(c, "=3"));
    // A rejected --set leaves the configuration unchanged.
    try {
      applySet(c, "value_keep=7");
    } catch (const Error&) {
    }
    QCOMPARE(c.value_keep, 0.5);
  }
  void presetFilesLoad() {
    // `spatten-cli params --preset NAME > f.json` then `--config f.json` gives the preset back.
    for (const auto& n : presetNames()) {
      QTemporaryDir dir;
      const std::string path = dir.filePath(QStringLiteral("run.json")).toStdString();
      std::ofstream(path) << toJson(presetConfig(n)).dump(2);
      QCOMPARE(nlohmann::json(toJson(loadConfigFile(path))).dump(),
               nlohmann::json(toJson(presetConfig(n))).dump());
    }
  }
};

QTEST_APPLESS_MAIN(TestSpattenConfig)
#include "tst_spatten_config.moc"
