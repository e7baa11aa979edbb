// Bad-input catalogue: inputs read from files and the numbers in them.
#include <cmath>
#include <fstream>

#include "bad_input_cases.h"

namespace bad_inputs {

std::vector<Case> fileCases() {
  return {
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
      {"hang", "named pipe as --hw file", [](Fixture& f) { f.fifo("hw.json"); },
       {"simulate", "--model", "@SAMPLES@/models/tiny-gpt2", "--text", kText, "--hw",
        "@DIR@/hw.json", "--json", "@DIR@/out.json"},
       "error: @DIR@/hw.json: is a named pipe (FIFO), not a regular file"},
      {"hang", "named pipe as --config file", [](Fixture& f) { f.fifo("run.json"); },
       {"run", "--model", "@SAMPLES@/models/tiny-gpt2", "--text", kText, "--config",
        "@DIR@/run.json", "--json", "@DIR@/out.json"},
       "error: @DIR@/run.json: is a named pipe (FIFO), not a regular file"},
      {"hang", "refresh interval shorter than a refresh (nREFI=380: no read could ever issue)",
       nullptr,
       {"simulate", "--model", "@SAMPLES@/models/tiny-gpt2", "--text", kText, "--set",
        "hw.hbm.nREFI=380", "--json", "@DIR@/out.json"},
       "error: --set: hw.hbm.nREFI: 380 leaves no time for reads: a refresh takes nRP + nRFC = 357 "
       "cycles; use at least 2 x (nRP + nRFC) = 714, or 0 for no refresh"},
      {"crash", "3 bank groups (the address map would index past the bank array)", nullptr,
       {"simulate", "--model", "@SAMPLES@/models/tiny-gpt2", "--text", kText, "--set",
        "hw.hbm.bank_groups=3", "--json", "@DIR@/out.json"},
       "error: --set: hw.hbm.bank_groups: must be a power of two (address map)"},
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
      {"crash", "tokenizer.json normalizer type null (an uncaught JSON type_error; found by fuzzing)",
       [](Fixture& f) {
         f.write("b/config.json", R"({"model_type": "bert"})");
         f.write("b/tokenizer.json",
                 R"({"normalizer": {"type": null}, "model": {"type": "WordPiece", )"
                 R"("vocab": {"[UNK]": 0, "[CLS]": 1, "[SEP]": 2}}})");
       },
       tokenize("@DIR@/b"), "error: @DIR@/b/tokenizer.json: normalizer.type: not a string"},

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
  };
}

}  // namespace bad_inputs
