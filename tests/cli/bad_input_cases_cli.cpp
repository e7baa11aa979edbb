// Bad-input catalogue: outputs, silently accepted values, messages and options.
#include <cmath>
#include <fstream>

#include "bad_input_cases.h"

namespace bad_inputs {

std::vector<Case> cliCases() {
  return {
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
       "error: @DIR@/m/model.safetensors: data_offsets: the tensors cover 10644480 bytes but the "
       "data section holds 10644488 (the format allows no trailing bytes)"},
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

      // ---- trace exports and DRAM replay (issue 12)
      {"options",
       "--dram-format dramsim (not a format)",
       nullptr,
       {"simulate", "--workload", "@DIR@/w.csv", "--json", "@DIR@/o.json", "--dram-trace",
        "@DIR@/t.trace", "--dram-format", "dramsim"},
       "error: --dram-format: unknown format 'dramsim'; allowed: dramsim3, ramulator2"},
      {"options",
       "dram-replay --format DRAMsim3 (case)",
       [](Fixture& f) { f.write("t.trace", "0x20 READ 1\n"); },
       {"dram-replay", "--trace", "@DIR@/t.trace", "--format", "DRAMsim3", "--json",
        "@DIR@/o.json"},
       "error: --format: unknown format 'DRAMsim3'; allowed: dramsim3, ramulator2"},
      {"output",
       "--dram-trace's configuration file is the --json file",
       nullptr,
       {"simulate", "--workload", "@DIR@/w.csv", "--json", "@DIR@/t.trace.ini", "--dram-trace",
        "@DIR@/t.trace"},
       "error: --dram-trace (configuration): @DIR@/t.trace.ini: is the same file as --json "
       "@DIR@/t.trace.ini; give each output its own file"},
      {"output",
       "--vcd into a missing directory",
       nullptr,
       {"simulate", "--workload", "@DIR@/w.csv", "--json", "@DIR@/o.json", "--vcd",
        "@DIR@/no/w.vcd"},
       "error: --vcd: @DIR@/no/w.vcd: directory '@DIR@/no' does not exist"},
      {"options",
       "--vcd-window 5:1",
       nullptr,
       {"simulate", "--workload", "@DIR@/w.csv", "--json", "@DIR@/o.json", "--vcd", "@DIR@/w.vcd",
        "--vcd-window", "5:1"},
       "error: --vcd-window: window '5:1': TO must be greater than FROM"},
      {"options",
       "--trace-counters without --trace",
       nullptr,
       {"simulate", "--workload", "@DIR@/w.csv", "--json", "@DIR@/o.json", "--trace-counters"},
       "error: --trace-counters: only with --trace FILE"},
      {"message",
       "DRAMsim3 trace: a misspelt command",
       [](Fixture& f) { f.write("t.trace", "0x20 READ 1\n0x40 RAED 2\n"); },
       {"dram-replay", "--trace", "@DIR@/t.trace", "--format", "dramsim3", "--json",
        "@DIR@/o.json"},
       "error: @DIR@/t.trace: line 2: command: 'RAED' is not READ or WRITE"},
      {"message",
       "DRAMsim3 trace: a WRITE",
       [](Fixture& f) { f.write("t.trace", "0x20 WRITE 1\n"); },
       {"dram-replay", "--trace", "@DIR@/t.trace", "--format", "dramsim3", "--json",
        "@DIR@/o.json"},
       "error: @DIR@/t.trace: line 1: command: WRITE: the built-in HBM2 model has no writes; "
       "replay reads only"},
      {"message",
       "DRAMsim3 trace: cycles going backwards",
       [](Fixture& f) { f.write("t.trace", "0x20 READ 10\n0x40 READ 4\n"); },
       {"dram-replay", "--trace", "@DIR@/t.trace", "--format", "dramsim3", "--json",
        "@DIR@/o.json"},
       "error: @DIR@/t.trace: line 2: cycle: cycle 4 is before the previous request's 10; "
       "DRAMsim3 traces are in time order"},
      {"message",
       "Ramulator 2 trace: three fields",
       [](Fixture& f) { f.write("t.ld", "LD 0x20\nLD 0x40 7\n"); },
       {"dram-replay", "--trace", "@DIR@/t.ld", "--format", "ramulator2", "--json", "@DIR@/o.json"},
       "error: @DIR@/t.ld: line 2: fields: 3 fields; a Ramulator 2 LoadStoreTrace line is "
       "'LD|ST ADDRESS' (e.g. LD 0x229f6f80)"},
      {"message",
       "Ramulator 2 trace: a bad hexadecimal address",
       [](Fixture& f) { f.write("t.ld", "LD 0x2z0\n"); },
       {"dram-replay", "--trace", "@DIR@/t.ld", "--format", "ramulator2", "--json", "@DIR@/o.json"},
       "error: @DIR@/t.ld: line 1: address: address '2z0' is not a hexadecimal number"},
  };
}

}  // namespace bad_inputs
