// config.json parsing and weight loading: every bad input names the file and the field/tensor.
#include <sys/stat.h>

#include <QtTest>
#include <cstring>
#include <limits>
#include <nlohmann/json.hpp>

#include "core/model/forward.h"
#include "core/model/model.h"
#include "core/model/model_config.h"
#include "core/util/error.h"
#include "model_test_util.h"

using spatten::core::Model;
namespace fs = std::filesystem;

class TestModelLoad : public QObject {
  Q_OBJECT

  QTemporaryDir m_tmp;
  int m_counter = 0;
  static fs::path fixture(const char* name) { return fs::path(SPATTEN_TESTDATA_DIR) / "model" / name; }
  // A fresh writable copy of a fixture model.
  fs::path copy(const char* name) {
    const fs::path dst = fs::path(m_tmp.path().toStdString()) / (std::string(name) + "-" + std::to_string(m_counter++));
    model_test::copyModel(fixture(name), dst);
    return dst;
  }

  // The exact message (a QString so that QCOMPARE prints both sides on failure).
  template <typename F>
  static QString errorOf(F&& f) {
    try {
      f();
    } catch (const spatten::core::Error& e) {
      return QString::fromStdString(e.what());
    }
    return "(no error)";
  }
  static QString q(const std::string& s) { return QString::fromStdString(s); }

private slots:
  void parsesGpt2Config() {
    const auto c = spatten::core::parseModelConfig(
        nlohmann::json::parse(R"({"model_type":"gpt2","n_layer":12,"n_head":12,"n_embd":768,
          "n_positions":1024,"vocab_size":50257,"n_inner":null})"),
        "config.json");
    QCOMPARE(c.ffnDim, 4 * 768);
    QCOMPARE(c.headDim, 64);
    QVERIFY(c.activation == spatten::core::Activation::GeluNew);
    QCOMPARE(c.layerNormEps, 1e-5f);
  }

  void parsesBertConfig() {
    const auto c = spatten::core::loadModelConfig(fixture("bert-f32") / "config.json");
    QVERIFY(c.family == spatten::core::Family::Bert);
    QCOMPARE(c.layers, 2);
    QCOMPARE(c.ffnDim, 32);
    QCOMPARE(c.typeVocabSize, 2);
    QVERIFY(c.activation == spatten::core::Activation::Gelu);
  }

  void configNotJson() {
    const fs::path d = copy("gpt2-f32");
    model_test::writeAll(d / "config.json", "{\"model_type\": ");
    EXPECT_MODEL_ERROR(Model::load(d), "config.json", "json: not valid JSON");
  }

  // Issue 14: a 100k-deep value used to crash in dump() while building the error message.
  void configDeepOrNestedValues() {
    const fs::path d = copy("gpt2-f32");
    const std::string cfg = (d / "config.json").string();
    model_test::writeAll(d / "config.json", R"({"model_type": "gpt2", "n_layer": )" +
                                                std::string(100000, '[') +
                                                std::string(100000, ']') + "}");
    QCOMPARE(errorOf([&] { Model::load(d); }),
             q(cfg + ": not accepted JSON: nesting deeper than 64 levels of arrays/objects"));
    model_test::copyModel(fixture("gpt2-f32"), d);  // the original config.json again
    model_test::editConfig(d, [](nlohmann::json& j) { j["n_layer"] = {{{{{1}}}}}; });
    QCOMPARE(errorOf([&] { Model::load(d); }),
             q(cfg + ": n_layer: must be an integer, got an array of 1 elements"));
    model_test::editConfig(d, [](nlohmann::json& j) {
      j["n_layer"] = 2;
      j["scale_attn_weights"] = std::string(500, 'x');
    });
    QCOMPARE(errorOf([&] { Model::load(d); }),
             q(cfg + ": scale_attn_weights: must be a boolean, got \"" + std::string(80, 'x') +
               "... (500 bytes)\""));
    model_test::writeAll(d / "config.json", R"({"model_type": "gpt2", "model_type": "bert"})");
    QCOMPARE(errorOf([&] { Model::load(d); }),
             q(cfg + ": not accepted JSON: duplicate key 'model_type' in the top-level object"));
  }

  // Issue 14: a named pipe blocked forever in open(); /dev/zero was read forever.
  void configNotARegularFile() {
    const fs::path d = copy("gpt2-f32");
    const fs::path cfg = d / "config.json";
    fs::remove(cfg);
    QCOMPARE(::mkfifo(cfg.c_str(), 0600), 0);
    QCOMPARE(errorOf([&] { Model::load(d); }),
             q(cfg.string() + ": is a named pipe (FIFO), not a regular file"));
    fs::remove(cfg);
    fs::create_symlink("/dev/zero", cfg);
    QCOMPARE(errorOf([&] { Model::load(d); }),
             q(cfg.string() + ": is a character device, not a regular file"));
    fs::remove(cfg);
    fs::create_directory(cfg);
    QCOMPARE(errorOf([&] { Model::load(d); }),
             q(cfg.string() + ": is a directory, expected a file"));
    fs::remove(cfg);
    model_test::writeAll(cfg, std::string(2 * 1024 * 1024, ' '));
    QCOMPARE(
        errorOf([&] { Model::load(d); }),
        q(cfg.string() + ": is 2097152 bytes, more than the limit of 1 MiB for this kind of file"));
    const fs::path d2 = copy("gpt2-f32");
    fs::remove(d2 / "model.safetensors");
    QCOMPARE(::mkfifo((d2 / "model.safetensors").c_str(), 0600), 0);
    QCOMPARE(errorOf([&] { Model::load(d2); }), q((d2 / "model.safetensors").string() +
                                                  ": is a named pipe (FIFO), not a regular file"));
  }

  // Issue 14: NaN/Inf weights ran to exit 0 with null attention and logits.
  void nonFiniteWeights() {
    const fs::path d = copy("gpt2-f32");
    const fs::path st = d / "model.safetensors";
    // Overwrite element [1, 2] of h.0.attn.c_attn.weight ([32 x 96] F32) in the data section.
    std::string bytes = model_test::readAll(st);
    std::uint64_t len = 0;
    for (int i = 7; i >= 0; --i)
      len = (len << 8) | static_cast<unsigned char>(bytes[std::size_t(i)]);
    const auto hdr = nlohmann::json::parse(bytes.substr(8, len));
    const std::size_t at = 8 + len +
                           hdr["h.0.attn.c_attn.weight"]["data_offsets"][0].get<std::size_t>() +
                           (1 * 96 + 2) * sizeof(float);
    const auto poke = [&](float v) {
      std::memcpy(bytes.data() + at, &v, sizeof v);
      model_test::writeAll(st, bytes);
    };
    poke(std::numeric_limits<float>::quiet_NaN());
    QCOMPARE(
        errorOf([&] { Model::load(d); }),
        q(st.string() + ": h.0.attn.c_attn.weight: element [1, 2] is NaN; weights must be finite"));
    poke(-std::numeric_limits<float>::infinity());
    QCOMPARE(errorOf([&] { Model::load(d); }),
             q(st.string() +
               ": h.0.attn.c_attn.weight: element [1, 2] is -Inf; weights must be finite"));
    // Huge but finite weights overflow in the forward pass: an error, not null output.
    poke(0.5f);
    QVERIFY(Model::load(d) != nullptr);
    const std::size_t wte = 8 + len + hdr["wte.weight"]["data_offsets"][0].get<std::size_t>();
    for (std::size_t i = 0; i < 32; ++i) {
      const float big = (i % 2 ? 1 : -1) * 3e38f;
      std::memcpy(bytes.data() + wte + (5 * 32 + i) * sizeof(float), &big, sizeof big);
    }
    model_test::writeAll(st, bytes);
    const auto model = Model::load(d);
    QCOMPARE(errorOf([&] {
               spatten::core::forward(*model, {1, 5, 2});
             }),
             q(d.string() + ": layer 0: the forward pass produced non-finite values (NaN or Inf): "
                            "the weights overflow float32 on this input"));
    // Without token 5 the layers stay finite, but the tied LM head still multiplies by row 5.
    QCOMPARE(errorOf([&] {
               spatten::core::forward(*model, {1, 2});
             }),
             q(d.string() + ": logits: the forward pass produced non-finite values (NaN or Inf): "
                            "the weights overflow float32 on this input"));
  }

  // Issue 14: config n_layer 2 next to 4 layers of weights ran the truncated model silently.
  void moreLayersInWeightsThanConfig() {
    const fs::path d = copy("gpt2-f32");
    model_test::editConfig(d, [](nlohmann::json& j) { j["n_layer"] = 1; });
    QCOMPARE(errorOf([&] { Model::load(d); }),
             q((d / "model.safetensors").string() +
               ": h.1.attn.c_attn.bias: belongs to layer 1 but config.json has n_layer=1 (the "
               "weights hold more layers than the config)"));
    const fs::path b = copy("bert-f32");
    model_test::editConfig(b, [](nlohmann::json& j) { j["num_hidden_layers"] = 1; });
    QCOMPARE(errorOf([&] { Model::load(b); }),
             q((b / "model.safetensors").string() +
               ": bert.encoder.layer.1.attention.output.LayerNorm.bias: belongs to layer 1 but "
               "config.json has num_hidden_layers=1 (the weights hold more layers than the "
               "config)"));
  }

  // Issue 14: n_embd 2^30 overflowed 4 * n_embd / 3 * n_embd (signed int, UBSan).
  void configSizeLimits() {
    const auto parse = [](const std::string& extra) {
      return errorOf([&] {
        spatten::core::parseModelConfig(
            nlohmann::json::parse(R"({"model_type":"gpt2","n_layer":2,"n_head":2,"n_positions":16,)"
                                  R"("vocab_size":50,)" +
                                  extra + "}"),
            "config.json");
      });
    };
    QCOMPARE(parse(R"("n_embd":1073741824)"),
             QString("config.json: n_embd: 1073741824 is larger than the supported maximum 65536"));
    QCOMPARE(parse(R"("n_embd":18446744073709551615)"),
             QString("config.json: n_embd: 18446744073709551615 is larger than the supported "
                     "maximum 65536"));
    QCOMPARE(parse(R"("n_embd":64,"n_inner":2000000)"),
             QString("config.json: n_inner: 2000000 is larger than the supported maximum 1048576"));
    QCOMPARE(parse(R"("n_embd":-64)"), QString("config.json: n_embd: must be positive, got -64"));
    const auto c = spatten::core::parseModelConfig(
        nlohmann::json::parse(R"({"model_type":"gpt2","n_layer":2,"n_head":2,"n_positions":16,)"
                              R"("vocab_size":50,"n_embd":65536})"),
        "config.json");
    QCOMPARE(c.ffnDim, 4 * 65536);
  }

  void configMissingField() {
    const fs::path d = copy("gpt2-f32");
    model_test::editConfig(d, [](nlohmann::json& j) { j.erase("n_layer"); });
    EXPECT_MODEL_ERROR(Model::load(d), "config.json", "n_layer: missing");
  }

  void configBadValues() {
    const fs::path d = copy("gpt2-f32");
    model_test::editConfig(d, [](nlohmann::json& j) { j["n_head"] = 3; });
    EXPECT_MODEL_ERROR(Model::load(d), "config.json", "n_embd: n_embd=32 is not divisible by n_head=3");
    model_test::editConfig(d, [](nlohmann::json& j) { j["n_head"] = 0; });
    EXPECT_MODEL_ERROR(Model::load(d), "config.json", "n_head: must be positive");
    model_test::editConfig(d, [](nlohmann::json& j) { j["n_head"] = "2"; });
    EXPECT_MODEL_ERROR(Model::load(d), "config.json", "n_head: must be an integer");
    model_test::editConfig(d, [](nlohmann::json& j) { j["n_head"] = 2; j["activation_function"] = "swish"; });
    EXPECT_MODEL_ERROR(Model::load(d), "config.json", "activation_function: unsupported");
    model_test::editConfig(d, [](nlohmann::json& j) { j["model_type"] = "llama"; });
    EXPECT_MODEL_ERROR(Model::load(d), "config.json", "model_type: unsupported 'llama'");
    const fs::path b = copy("bert-f32");
    model_test::editConfig(b, [](nlohmann::json& j) { j["hidden_size"] = 33; });
    EXPECT_MODEL_ERROR(Model::load(b), "config.json", "hidden_size: hidden_size=33 is not divisible");
  }

  void shapeDisagreesWithConfig() {
    const fs::path d = copy("gpt2-f32");
    model_test::editConfig(d, [](nlohmann::json& j) { j["n_embd"] = 64; });
    EXPECT_MODEL_ERROR(Model::load(d), "model.safetensors",
                       "wte.weight: shape [50, 32] disagrees with config.json (expected [vocab_size=50, n_embd=64])");
    const fs::path b = copy("bert-f32");
    model_test::editConfig(b, [](nlohmann::json& j) { j["intermediate_size"] = 64; });
    EXPECT_MODEL_ERROR(Model::load(b), "model.safetensors",
                       "bert.encoder.layer.0.intermediate.dense.weight: shape [32, 32] disagrees with "
                       "config.json (expected [intermediate_size=64, hidden_size=32])");
  }

  void dtypeNotFloat() {
    const fs::path d = copy("gpt2-f32");
    model_test::editSafetensorsHeader(d / "model.safetensors",
                                      [](nlohmann::json& h) { h["wpe.weight"]["dtype"] = "I32"; });
    EXPECT_MODEL_ERROR(Model::load(d), "model.safetensors", "wpe.weight: dtype I32 is not a floating-point");
  }

  void missingTensor() {
    const fs::path d = copy("gpt2-f32");
    model_test::editSafetensorsHeader(d / "model.safetensors", [](nlohmann::json& h) {
      // renamed, not erased: the data section stays covered
      h["unused"] = h["h.1.mlp.c_fc.bias"];
      h.erase("h.1.mlp.c_fc.bias");
    });
    EXPECT_MODEL_ERROR(Model::load(d), "model.safetensors", "h.1.mlp.c_fc.bias: missing tensor");
    const fs::path b = copy("bert-bf16");  // old gamma/beta names: the error names the one searched
    model_test::editSafetensorsHeader(b / "model.safetensors", [](nlohmann::json& h) {
      h["unused"] = h["bert.encoder.layer.1.output.LayerNorm.gamma"];
      h.erase("bert.encoder.layer.1.output.LayerNorm.gamma");
    });
    EXPECT_MODEL_ERROR(Model::load(b), "model.safetensors",
                       "bert.encoder.layer.1.output.LayerNorm.weight: missing tensor");
  }

  void missingFiles() {
    EXPECT_MODEL_ERROR(Model::load(fs::path(m_tmp.path().toStdString()) / "none"), "none",
                       "model directory does not exist");
    const fs::path d = copy("gpt2-f32");
    fs::remove(d / "model.safetensors");
    EXPECT_MODEL_ERROR(Model::load(d), "model.safetensors", "missing");
  }

  void loadsAllNamingVariants() {
    for (const char* name : {"gpt2-f32", "gpt2-f16", "gpt2-bf16", "bert-f32", "bert-f16", "bert-bf16"}) {
      const auto m = Model::load(fixture(name));
      QCOMPARE(m->config().layers, 2);
      QCOMPARE(m->config().dModel, 32);
      QCOMPARE(int(m->weights().layers.size()), 2);
    }
    QVERIFY(Model::load(fixture("gpt2-f32"))->weights().lmTied);
    QVERIFY(!Model::load(fixture("gpt2-f16"))->weights().lmTied);  // transformer. + lm_head
    QVERIFY(!Model::load(fixture("bert-f16"))->hasLogits());       // no MLM head
    QVERIFY(!Model::load(fixture("bert-bf16"))->weights().lmTied);  // gamma/beta + decoder
  }
};

QTEST_APPLESS_MAIN(TestModelLoad)
#include "tst_model_load.moc"
