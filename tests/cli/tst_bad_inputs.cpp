// The bad-input catalogue of issue 14: every hostile input spatten-cli meets, with the exact
// error it gets. Each case builds its input in a fresh temporary directory, runs the CLI (a hang
// fails the case after 60 s), and checks the exit status, the whole stderr line (paths shown as
// @DIR@ / @SAMPLES@), that nothing was written, and that no temporary file was left behind.
// The table is also written as Markdown to $SPATTEN_TEST_ARTIFACTS/bad-inputs.md
// (docs/reliability.md quotes it).
#include <QProcess>
#include <QtTest>
#include <vector>

#include "bad_input_fixture.h"

using bad_inputs::Fixture;

namespace {

struct Case {
  const char* klass;  // the issue's class of bug
  const char* input;  // what is wrong, for the table
  std::function<void(Fixture&)> setup;
  QStringList args;  // @DIR@ = the case's directory, @SAMPLES@ = samples/
  const char* stderrLine;
  QByteArray stdinData = QByteArray();
};

const QString kText = QStringLiteral("It is");

QStringList tokenize(const char* model) {
  return {"tokenize", "--model", model, "--text", kText};
}
QStringList infer(const char* model) {
  return {"infer", "--model", model, "--text", kText, "--json", "@DIR@/out.json"};
}
QStringList run(const char* model) {
  return {"run", "--model", model, "--text", kText, "--json", "@DIR@/out.json"};
}
QStringList simulateCsv(const char* csv) {
  return {"simulate", "--workload", csv, "--json", "@DIR@/out.json"};
}

std::string deep(int n, char open, char close) {
  return std::string(std::size_t(n), open) + std::string(std::size_t(n), close);
}

// Writes the header edit of tiny-gpt2's weights with `edit` on a copy at @DIR@/m.
std::function<void(Fixture&)> header(std::function<void(nlohmann::json&)> edit) {
  return [edit](Fixture& f) {
    f.model("tiny-gpt2", "m", true);
    f.editHeader("m/model.safetensors", edit);
  };
}
std::function<void(Fixture&)> config(std::function<void(nlohmann::json&)> edit) {
  return [edit](Fixture& f) {
    f.model("tiny-gpt2", "m");
    f.editJson("m/config.json", edit);
  };
}
std::function<void(Fixture&)> gpt2With(const char* file, std::string bytes) {
  return [file, bytes](Fixture& f) {
    f.model("tiny-gpt2", "m");
    f.write(std::string("m/") + file, bytes);
  };
}
std::function<void(Fixture&)> csv(std::string row) {
  return [row](Fixture& f) { f.write("w.csv", bad_inputs::csvRow(row)); };
}
const char* kRow = "0,0,0,64.0,10,10,6,16,0.05,True,4,2,6,True,False,False,-1";
std::string rowWith(int col, const std::string& value) {
  std::vector<std::string> f;
  std::string cur;
  for (const char* p = kRow;; ++p) {
    if (*p == ',' || *p == 0) {
      f.push_back(cur);
      cur.clear();
      if (*p == 0) break;
    } else {
      cur += *p;
    }
  }
  f[std::size_t(col)] = value;
  std::string out;
  for (std::size_t i = 0; i < f.size(); ++i) out += (i ? "," : "") + f[i];
  return out;
}

const std::vector<Case>& cases();

}  // namespace

class TestBadInputs : public QObject {
  Q_OBJECT

private slots:
  void catalogue_data() {
    QTest::addColumn<int>("index");
    QVERIFY(cases().size() >= 60);
    for (std::size_t i = 0; i < cases().size(); ++i)
      QTest::newRow(qPrintable(QString("%1 %2: %3")
                                   .arg(i + 1, 2, 10, QChar('0'))
                                   .arg(cases()[i].klass, cases()[i].input)))
          << int(i);
  }

  void catalogue() {
    QFETCH(int, index);
    const Case& c = cases()[std::size_t(index)];
    Fixture fx;
    if (c.setup) c.setup(fx);
    const QString dir = QString::fromStdString(fx.dir().string());
    const QString samplesDir = QString::fromStdString(bad_inputs::samples().string());
    QStringList args;
    for (QString a : c.args) args << a.replace("@DIR@", dir).replace("@SAMPLES@", samplesDir);
    const QStringList before =
        QDir(dir).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot);

    QProcess p;
    p.start(QString::fromUtf8(SPATTEN_CLI_PATH), args);
    QVERIFY(p.waitForStarted());
    if (!c.stdinData.isNull()) p.write(c.stdinData);
    p.closeWriteChannel();
    if (!p.waitForFinished(60000)) {
      p.kill();
      p.waitForFinished();
      QFAIL("the CLI hung (no exit within 60 s)");
    }
    QCOMPARE(p.exitStatus(), QProcess::NormalExit);
    QString err = QString::fromUtf8(p.readAllStandardError());
    err.replace(dir, "@DIR@").replace(samplesDir, "@SAMPLES@");
    QCOMPARE(err, QString::fromUtf8(c.stderrLine) + "\n");
    QCOMPARE(p.exitCode(), 1);
    // Nothing written, nothing left behind.
    QCOMPARE(QDir(dir).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot), before);
    m_rows << QString("| %1 | %2 | `%3` |")
                  .arg(c.klass, QString(c.input).replace('|', "\\|"),
                       QString(c.stderrLine).replace('|', "\\|"));
  }

  void cleanupTestCase() {
    const QByteArray dir = qgetenv("SPATTEN_TEST_ARTIFACTS");
    if (dir.isEmpty() || m_rows.isEmpty()) return;
    QFile f(QString::fromUtf8(dir) + "/bad-inputs.md");
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate)) return;
    f.write("| class | input | stderr (exit status 1) |\n|---|---|---|\n");
    f.write(m_rows.join('\n').toUtf8() + "\n");
  }

private:
  QStringList m_rows;
};

namespace {

const std::vector<Case>& cases() {
  using bad_inputs::f16;
  using bad_inputs::f32;
  static const std::vector<Case> all = {
      // ---- deep JSON (used to overflow the stack)
      {"deep JSON", "200k-deep array as a safetensors shape",
       [](Fixture& f) {
         f.model("tiny-gpt2", "m");
         f.write("m/model.safetensors",
                 bad_inputs::safetensors(R"({"w":{"dtype":"F32","shape":)" +
                                             deep(200000, '[', ']') + R"(,"data_offsets":[0,0]}})",
                                         ""));
       },
       infer("@DIR@/m"),
       "error: @DIR@/m/model.safetensors: header: not accepted JSON: nesting deeper than 64 levels "
       "of arrays/objects"},
      {"deep JSON", "100k-deep value in config.json",
       gpt2With("config.json",
                R"({"model_type": "gpt2", "n_layer": )" + deep(100000, '[', ']') + "}"),
       infer("@DIR@/m"),
       "error: @DIR@/m/config.json: not accepted JSON: nesting deeper than 64 levels of "
       "arrays/objects"},
      {"deep JSON", "300k nested objects in vocab.json",
       gpt2With("vocab.json",
                [] {
                  std::string s;
                  for (int i = 0; i < 300000; ++i) s += "{\"a\":";
                  return s + "1" + std::string(300000, '}');
                }()),
       tokenize("@DIR@/m"),
       "error: @DIR@/m/vocab.json: not accepted JSON: nesting deeper than 64 levels of "
       "arrays/objects"},
      {"deep JSON", "deep tokenizer_config.json (BERT)",
       [](Fixture& f) {
         f.model("tiny-bert", "b");
         f.write("b/tokenizer_config.json", deep(70, '[', ']'));
       },
       tokenize("@DIR@/b"),
       "error: @DIR@/b/tokenizer_config.json: not accepted JSON: nesting deeper than 64 levels of "
       "arrays/objects"},
      {"deep JSON", "nested array as n_layer (described, not dumped)",
       config([](nlohmann::json& j) {
         j["n_layer"] = {{{{{{1, 2}}}}}};
       }),
       infer("@DIR@/m"),
       "error: @DIR@/m/config.json: n_layer: must be an integer, got an array of 1 elements"},
      {"deep JSON", "500-byte string as a boolean flag (quoted, cut)",
       config([](nlohmann::json& j) { j["scale_attn_weights"] = std::string(500, 'x'); }),
       infer("@DIR@/m"),
       "error: @DIR@/m/config.json: scale_attn_weights: must be a boolean, got "
       "\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx... (500 "
       "bytes)\""},

      // ---- hangs: named pipes, WordPiece
      {"hang", "named pipe as config.json",
       [](Fixture& f) {
         f.model("tiny-gpt2", "m");
         f.fifo("m/config.json");
       },
       infer("@DIR@/m"), "error: @DIR@/m/config.json: is a named pipe (FIFO), not a regular file"},
      {"hang", "named pipe as model.safetensors",
       [](Fixture& f) {
         f.model("tiny-gpt2", "m");
         f.fifo("m/model.safetensors");
       },
       infer("@DIR@/m"),
       "error: @DIR@/m/model.safetensors: is a named pipe (FIFO), not a regular file"},
      {"hang", "named pipe as merges.txt",
       [](Fixture& f) {
         f.model("tiny-gpt2", "m");
         f.fifo("m/merges.txt");
       },
       tokenize("@DIR@/m"),
       "error: @DIR@/m/merges.txt: is a named pipe (FIFO), not a regular file"},
      {"hang", "named pipe as workload CSV", [](Fixture& f) { f.fifo("w.csv"); },
       simulateCsv("@DIR@/w.csv"),
       "error: @DIR@/w.csv: is a named pipe (FIFO), not a regular file"},
      {"hang",
       "named pipe as --text-file",
       [](Fixture& f) { f.fifo("t.txt"); },
       {"tokenize", "--model", "@SAMPLES@/models/tiny-gpt2", "--text-file", "@DIR@/t.txt"},
       "error: @DIR@/t.txt: is a named pipe (FIFO), not a regular file"},
      {"hang", "WordPiece max_input_chars_per_word 1e9 (cubic time)",
       [](Fixture& f) {
         f.write("b/config.json", R"({"model_type": "bert"})");
         f.write("b/tokenizer.json",
                 R"({"model": {"type": "WordPiece", "max_input_chars_per_word": 1000000000, )"
                 R"("vocab": {"[UNK]": 0, "[CLS]": 1, "[SEP]": 2}}})");
       },
       tokenize("@DIR@/b"),
       "error: @DIR@/b/tokenizer.json: model.max_input_chars_per_word: 1000000000 is out of range; "
       "allowed 1..1000 (HF's default is 100)"},

      // ---- not a regular file / size limits (endless reads, memory)
      {"device", "/dev/zero as config.json",
       [](Fixture& f) {
         f.model("tiny-gpt2", "m");
         f.symlink("/dev/zero", "m/config.json");
       },
       infer("@DIR@/m"), "error: @DIR@/m/config.json: is a character device, not a regular file"},
      {"device", "/dev/zero as vocab.txt",
       [](Fixture& f) {
         f.write("b/config.json", R"({"model_type": "bert"})");
         f.symlink("/dev/zero", "b/vocab.txt");
       },
       tokenize("@DIR@/b"), "error: @DIR@/b/vocab.txt: is a character device, not a regular file"},
      {"device", "/dev/zero as workload CSV", nullptr, simulateCsv("/dev/zero"),
       "error: /dev/zero: is a character device, not a regular file"},
      {"device",
       "/dev/zero as --text-file",
       nullptr,
       {"tokenize", "--model", "@SAMPLES@/models/tiny-gpt2", "--text-file", "/dev/zero"},
       "error: /dev/zero: is a character device, not a regular file"},
      {"directory", "directory as config.json (was \"invalid JSON\")",
       [](Fixture& f) {
         f.model("tiny-gpt2", "m");
         f.directory("m/config.json");
       },
       infer("@DIR@/m"), "error: @DIR@/m/config.json: is a directory, expected a file"},
      {"directory", "directory as tokenizer.json",
       [](Fixture& f) {
         f.model("tiny-gpt2", "m");
         f.directory("m/tokenizer.json");
       },
       tokenize("@DIR@/m"), "error: @DIR@/m/tokenizer.json: is a directory, expected a file"},
      {"directory", "directory as workload CSV", [](Fixture& f) { f.directory("w"); },
       simulateCsv("@DIR@/w"), "error: @DIR@/w: is a directory, expected a file"},
      {"size limit", "2 MiB config.json",
       [](Fixture& f) {
         f.model("tiny-gpt2", "m");
         f.sparse("m/config.json", 2u << 20);
       },
       infer("@DIR@/m"),
       "error: @DIR@/m/config.json: is 2097152 bytes, more than the limit of 1 MiB for this kind "
       "of file"},
      {"size limit", "65 MiB tokenizer.json",
       [](Fixture& f) {
         f.model("tiny-gpt2", "m");
         f.sparse("m/tokenizer.json", 65u << 20);
       },
       tokenize("@DIR@/m"),
       "error: @DIR@/m/tokenizer.json: is 68157440 bytes, more than the limit of 64 MiB for this "
       "kind of file"},
      {"size limit", "257 MiB workload CSV", [](Fixture& f) { f.sparse("w.csv", 257u << 20); },
       simulateCsv("@DIR@/w.csv"),
       "error: @DIR@/w.csv: is 269484032 bytes, more than the limit of 256 MiB for this kind of "
       "file"},
      {"size limit",
       "17 MiB --text-file",
       [](Fixture& f) { f.sparse("t.txt", 17u << 20); },
       {"tokenize", "--model", "@SAMPLES@/models/tiny-gpt2", "--text-file", "@DIR@/t.txt"},
       "error: @DIR@/t.txt: is 17825792 bytes, more than the limit of 16 MiB for this kind of "
       "file"},
      {"size limit",
       "17 MiB on stdin",
       nullptr,
       {"tokenize", "--model", "@SAMPLES@/models/tiny-gpt2", "--text-file", "-"},
       "error: <stdin>: more than the limit of 16 MiB",
       QByteArray(17 << 20, 'a')},

      // ---- non-finite numbers (silent wrong output)
      {"non-finite", "NaN weight (F16)",
       [](Fixture& f) {
         f.model("tiny-gpt2", "m", true);
         f.poke("m/model.safetensors", "h.1.attn.c_attn.weight", 3 * 768 + 7, f16(0x7E00));
       },
       run("@DIR@/m"),
       "error: @DIR@/m/model.safetensors: h.1.attn.c_attn.weight: element [3, 7] is NaN; weights "
       "must be finite"},
      {"non-finite", "+Inf weight (F16)",
       [](Fixture& f) {
         f.model("tiny-gpt2", "m", true);
         f.poke("m/model.safetensors", "wte.weight", 0, f16(0x7C00));
       },
       infer("@DIR@/m"),
       "error: @DIR@/m/model.safetensors: wte.weight: element [0, 0] is +Inf; weights must be "
       "finite"},
      {"non-finite", "-Inf weight (F32)",
       [](Fixture& f) {
         f.smallModel("s");
         f.poke("s/model.safetensors", "h.0.ln_1.weight", 4, f32(-INFINITY));
       },
       infer("@DIR@/s"),
       "error: @DIR@/s/model.safetensors: h.0.ln_1.weight: element [4] is -Inf; weights must be "
       "finite"},
      {"non-finite",
       "huge finite weights overflow float32 (infer)",
       [](Fixture& f) {
         f.smallModel("s");
         for (int i = 0; i < 32; ++i)
           f.poke("s/model.safetensors", "wte.weight", std::size_t(5 * 32 + i),
                  f32(i % 2 ? 3e38f : -3e38f));
       },
       {"infer", "--model", "@DIR@/s", "--text", "ab", "--json", "@DIR@/out.json"},
       "error: @DIR@/s: layer 0: the forward pass produced non-finite values (NaN or Inf): the "
       "weights overflow float32 on this input"},
      {"non-finite",
       "huge finite weights overflow float32 (run: fidelity)",
       [](Fixture& f) {
         f.smallModel("s");
         for (int i = 0; i < 32; ++i)
           f.poke("s/model.safetensors", "wte.weight", std::size_t(5 * 32 + i),
                  f32(i % 2 ? 3e38f : -3e38f));
       },
       {"run", "--model", "@DIR@/s", "--text", "ab", "--json", "@DIR@/out.json"},
       "error: <fidelity>: dense logits of iteration 0: element 0 is NaN: the metric is undefined "
       "for non-finite values (the model overflows float32 on this input)"},

      // ---- output files
      {"output",
       "--json into a missing directory (with --workload-csv)",
       nullptr,
       {"run", "--model", "@SAMPLES@/models/tiny-gpt2", "--text", kText, "--json",
        "@DIR@/no/out.json", "--workload-csv", "@DIR@/w.csv"},
       "error: --json: @DIR@/no/out.json: directory '@DIR@/no' does not exist"},
      {"output",
       "--trace into a missing directory",
       nullptr,
       {"simulate", "--workload", "@DIR@/w.csv", "--json", "@DIR@/out.json", "--trace",
        "@DIR@/no/t.json"},
       "error: --trace: @DIR@/no/t.json: directory '@DIR@/no' does not exist"},
      {"output",
       "--json \"\"",
       nullptr,
       {"infer", "--model", "@SAMPLES@/models/tiny-gpt2", "--text", kText, "--json", ""},
       "error: --json: empty path: give the output file's name"},
      {"output",
       "--json is a directory",
       nullptr,
       {"infer", "--model", "@SAMPLES@/models/tiny-gpt2", "--text", kText, "--json", "@DIR@"},
       "error: --json: @DIR@: is a directory; give the output file's name"},
      {"output",
       "--json and --trace on one path",
       nullptr,
       {"simulate", "--workload", "@DIR@/w.csv", "--json", "@DIR@/o.json", "--trace",
        "@DIR@/o.json"},
       "error: --trace: @DIR@/o.json: is the same file as --json @DIR@/o.json; give each output "
       "its own file"},
      {"output",
       "--json and --workload-csv on one file via a symlink",
       [](Fixture& f) {
         f.write("real.json", "user data");
         f.symlink(f.path("real.json"), "link.json");
       },
       {"run", "--model", "@SAMPLES@/models/tiny-gpt2", "--text", kText, "--json",
        "@DIR@/real.json", "--workload-csv", "@DIR@/link.json"},
       "error: --workload-csv: @DIR@/link.json: is the same file as --json @DIR@/real.json; give "
       "each output its own file"},

      // ---- memory
      {"memory", "vocab.json id 10^8 (tables sized by it: 6.25 GB)",
       [](Fixture& f) {
         f.model("tiny-gpt2", "m");
         f.editJson("m/vocab.json", [](nlohmann::json& j) { j["zzz"] = 100000000; });
       },
       tokenize("@DIR@/m"),
       "error: @DIR@/m/vocab.json: zzz: id must be an integer in 0..1048575 (the vocabulary "
       "limit), got 100000000"},
      {"memory", "tokenizer.json added token id 2^20",
       gpt2With("tokenizer.json", R"({"added_tokens": [{"id": 1048576, "content": "x"}], )"
                                  R"("model": {"type": "BPE", "vocab": {"a": 0}, "merges": []}})"),
       tokenize("@DIR@/m"),
       "error: @DIR@/m/tokenizer.json: added_tokens[0].id: id must be an integer in 0..1048575 "
       "(the vocabulary limit), got 1048576"},
      {"memory", "vocab.txt with 2^20 + 1 lines (ids are line numbers)",
       [](Fixture& f) {
         f.write("b/config.json", R"({"model_type": "bert"})");
         f.write("b/vocab.txt", std::string(1 << 20, '\n') + "[CLS]\n");
       },
       tokenize("@DIR@/b"),
       "error: @DIR@/b/vocab.txt: line 1048577: more than 1048576 lines (the vocabulary limit; "
       "the line number is the id)"},
      {"memory", "one CSV row of D 4096 x 2^20 keys (grew past 7 GB)",
       csv("0,0,0,4096.0,1048576,1048576,32,32,-1,False,-1,1048576,32,False,False,False,-1"),
       simulateCsv("@DIR@/w.csv"),
       "error: @DIR@/w.csv: line 2, column 5 (sentence_length_L): embedding_length_D x "
       "sentence_length_L = 4096 x 1048576 is more than 4194304 elements per request (the limit): "
       "'1048576'"},

      // ---- undefined behaviour
      {"UB", "n_embd 2^30 (4*n_embd overflowed)",
       config([](nlohmann::json& j) { j["n_embd"] = 1 << 30; }), infer("@DIR@/m"),
       "error: @DIR@/m/config.json: n_embd: 1073741824 is larger than the supported maximum 65536"},
      {"UB", "vocab_size 2^64 - 1",
       config([](nlohmann::json& j) { j["vocab_size"] = std::uint64_t(18446744073709551615ull); }),
       infer("@DIR@/m"),
       "error: @DIR@/m/config.json: vocab_size: 18446744073709551615 is larger than the supported "
       "maximum 4194304"},
      {"UB", "CSV D = nan (cast to int)", csv(rowWith(3, "nan")), simulateCsv("@DIR@/w.csv"),
       "error: @DIR@/w.csv: line 2, column 4 (embedding_length_D): expected a whole number "
       "1..4096: 'nan'"},
      {"UB", "CSV D = 1e308 (cast to int)", csv(rowWith(3, "1e308")), simulateCsv("@DIR@/w.csv"),
       "error: @DIR@/w.csv: line 2, column 4 (embedding_length_D): expected a whole number "
       "1..4096: '1e308'"},
      {"UB", "CSV D = -inf", csv(rowWith(3, "-inf")), simulateCsv("@DIR@/w.csv"),
       "error: @DIR@/w.csv: line 2, column 4 (embedding_length_D): expected a whole number "
       "1..4096: '-inf'"},
      {"UB", "CSV auto_requant_thres = nan", csv(rowWith(8, "nan")), simulateCsv("@DIR@/w.csv"),
       "error: @DIR@/w.csv: line 2, column 9 (auto_requant_thres): expected -1 (none) or a "
       "probability in [0, 1]: 'nan'"},

      // ---- accepted silently
      {"accepted", "overlapping data_offsets", header([](nlohmann::json& h) {
         h["wpe.weight"]["data_offsets"][0] = h["wpe.weight"]["data_offsets"][0].get<int>() - 2;
         h["wpe.weight"]["data_offsets"][1] = h["wpe.weight"]["data_offsets"][1].get<int>() - 2;
       }),
       infer("@DIR@/m"),
       "error: @DIR@/m/model.safetensors: wpe.weight: data_offsets [6319102, 6450174] overlap "
       "those of 'ln_f.weight' [6318592, 6319104]"},
      {"accepted", "a gap between tensors", header([](nlohmann::json& h) { h.erase("ln_f.bias"); }),
       infer("@DIR@/m"),
       "error: @DIR@/m/model.safetensors: ln_f.weight: data_offsets [6318592, 6319104] leave bytes "
       "[6318080, 6318592) of the data section unused (the format allows no gaps)"},
      {"accepted", "bytes after the last tensor",
       [](Fixture& f) {
         f.model("tiny-gpt2", "m", true);
         std::ofstream(f.path("m/model.safetensors"), std::ios::app) << "trailing";
       },
       infer("@DIR@/m"),
       "error: @DIR@/m/model.safetensors: data_offsets: the tensors cover 6712320 bytes but the "
       "data section holds 6712328 (the format allows no trailing bytes)"},
      {"accepted", "duplicate tensor names (last won)",
       [](Fixture& f) {
         f.model("tiny-gpt2", "m");
         f.write("m/model.safetensors",
                 bad_inputs::safetensors(R"({"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},)"
                                         R"("w":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}})",
                                         std::string(8, '\0')));
       },
       infer("@DIR@/m"),
       "error: @DIR@/m/model.safetensors: header: not accepted JSON: duplicate key 'w' in the "
       "top-level object"},
      {"accepted", "config n_layer 2 with 4 layers of weights",
       config([](nlohmann::json& j) { j["n_layer"] = 2; }), infer("@DIR@/m"),
       "error: @DIR@/m/model.safetensors: h.2.attn.c_attn.bias: belongs to layer 2 but "
       "config.json has n_layer=2 (the weights hold more layers than the config)"},
      {"accepted", "duplicate key in config.json",
       gpt2With("config.json", R"({"model_type": "gpt2", "n_layer": 4, "n_layer": 2})"),
       infer("@DIR@/m"),
       "error: @DIR@/m/config.json: not accepted JSON: duplicate key 'n_layer' in the top-level "
       "object"},
      {"accepted",
       "--generate -5 (was ignored)",
       nullptr,
       {"run", "--model", "@SAMPLES@/models/tiny-gpt2", "--text", kText, "--generate", "-5",
        "--json", "@DIR@/out.json"},
       "error: --generate: -5 is out of range; allowed 0..4096"},
      {"accepted",
       "--generate 5000",
       nullptr,
       {"simulate", "--model", "@SAMPLES@/models/tiny-gpt2", "--text", kText, "--generate", "5000",
        "--json", "@DIR@/out.json"},
       "error: --generate: 5000 is out of range; allowed 0..4096"},
      {"accepted",
       "--seed -1 (wrapped to 2^64 - 1)",
       nullptr,
       {"simulate", "--workload", "@DIR@/w.csv", "--json", "@DIR@/out.json", "--seed", "-1"},
       "error: --seed: '-1' is not an integer in 0..18446744073709551615"},
      {"accepted",
       "--seed 2^64 (saturated)",
       nullptr,
       {"simulate", "--workload", "@DIR@/w.csv", "--json", "@DIR@/out.json", "--seed",
        "18446744073709551616"},
       "error: --seed: '18446744073709551616' is not an integer in 0..18446744073709551615"},
      {"accepted",
       "--seed 1e3",
       nullptr,
       {"simulate", "--workload", "@DIR@/w.csv", "--json", "@DIR@/out.json", "--seed", "1e3"},
       "error: --seed: '1e3' is not an integer in 0..18446744073709551615"},

      // ---- messages
      {"message", "CSV layer_id 300 (was \"invalid request fields\")", csv(rowWith(1, "300")),
       simulateCsv("@DIR@/w.csv"),
       "error: @DIR@/w.csv: line 2, column 2 (layer_id): out of range [0, 255]: '300'"},
      {"message", "ESC and BEL in merges.txt",
       gpt2With("merges.txt", "#version: 0.2\n\x1b]0;pwned\x07 x y\n"), tokenize("@DIR@/m"),
       "error: @DIR@/m/merges.txt: line 2: bad merge line '\\x1B]0;pwned\\x07 x y' (expected "
       "\"left right\")"},
      {"message", "ESC in a tensor name and dtype",
       [](Fixture& f) {
         f.model("tiny-gpt2", "m");
         f.write("m/model.safetensors",
                 bad_inputs::safetensors("{\"w\\u001b[2J\":{\"dtype\":\"F\\u0007\",\"shape\":[1],"
                                         "\"data_offsets\":[0,4]}}",
                                         "abcd"));
       },
       infer("@DIR@/m"), "error: @DIR@/m/model.safetensors: w\\x1B[2J: unknown dtype 'F\\x07'"},
      {"message", "ill-formed UTF-8 in a CSV field", csv(rowWith(9, "Tr\xff\xfe")),
       simulateCsv("@DIR@/w.csv"),
       "error: @DIR@/w.csv: line 2, column 10 (if_requant): expected True or False: "
       "'Tr\\xFF\\xFE'"},
      {"message", "1 MB CSV field (quoted, cut)", csv(rowWith(13, std::string(1 << 20, 'T'))),
       simulateCsv("@DIR@/w.csv"),
       "error: @DIR@/w.csv: line 2, column 14 (if_accumulate_importance): expected True or False: "
       "'TTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTT... "
       "(1048576 bytes)'"},
      {"message", "syntax error in vocab.json (line and column)",
       gpt2With("vocab.json", "{\"a\": 0,\n \"b\" 1}"), tokenize("@DIR@/m"),
       "error: @DIR@/m/vocab.json: not valid JSON: parse error at line 2, column 6: syntax error "
       "while parsing object separator - unexpected number literal; expected ':'"},
      {"message", "missing model directory", nullptr, infer("@DIR@/nothing"),
       "error: @DIR@/nothing: model directory does not exist"},
      {"message", "model_type llama", config([](nlohmann::json& j) { j["model_type"] = "llama"; }),
       infer("@DIR@/m"),
       "error: @DIR@/m/config.json: model_type: unsupported 'llama' (gpt2, bert)"},

      // ---- options (CLI11 errors exited 104..108 without "error:")
      {"options", "no subcommand", nullptr, {}, "error: A subcommand is required (see --help)"},
      {"options",
       "unknown option",
       nullptr,
       {"tokenize", "--model", "@SAMPLES@/models/tiny-gpt2", "--text", kText, "--bogus"},
       "error: The following argument was not expected: --bogus (see --help)"},
      {"options",
       "--model without a value",
       nullptr,
       {"run", "--model"},
       "error: --model: 1 required TEXT missing (see --help)"},
      {"options",
       "--generate abc",
       nullptr,
       {"run", "--model", "@SAMPLES@/models/tiny-gpt2", "--text", kText, "--generate", "abc",
        "--json", "@DIR@/o.json"},
       "error: Could not convert: --generate = abc (see --help)"},
      {"options",
       "--text and --text-file together",
       nullptr,
       {"tokenize", "--model", "@SAMPLES@/models/tiny-gpt2", "--text", "x", "--text-file", "-"},
       "error: --text excludes --text-file (see --help)"},
      {"options",
       "neither --text nor --text-file",
       nullptr,
       {"infer", "--model", "@SAMPLES@/models/tiny-gpt2", "--json", "@DIR@/o.json"},
       "error: --text: give --text TEXT or --text-file FILE (- for stdin)"},
      {"options",
       "--text-file \"\"",
       nullptr,
       {"tokenize", "--model", "@SAMPLES@/models/tiny-gpt2", "--text-file", ""},
       "error: --text-file: empty path: give a file or - for stdin"},
      {"options",
       "--text with --workload",
       nullptr,
       {"simulate", "--workload", "@DIR@/w.csv", "--text", "x", "--json", "@DIR@/o.json"},
       "error: --text: only with --model, not --workload"},
  };
  return all;
}

}  // namespace

QTEST_APPLESS_MAIN(TestBadInputs)
#include "tst_bad_inputs.moc"
