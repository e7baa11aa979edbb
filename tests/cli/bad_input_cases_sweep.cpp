// Bad-input catalogue: spatten-cli sweep (grids, grid files, shards) and sweep-merge. Each is
// refused before any work: exit status 1, no output, no journal.
#include "bad_input_cases.h"

namespace bad_inputs {
namespace {

QStringList sweep(const QStringList& extra) {
  return QStringList{"sweep", "--model", "@SAMPLES@/models/tiny-gpt2", "--text", kText,
                     "--jsonl", "@DIR@/o.jsonl"} +
         extra;
}
QStringList grid(const char* axis) {
  return sweep({"--grid", axis});
}
std::function<void(Fixture&)> file(const char* name, const char* text) {
  return [name, text](Fixture& f) { f.write(name, text); };
}
const char* const kHeader = R"({"sweep":{"points":2}})";

}  // namespace

std::vector<Case> sweepCases() {
  return {
      {"sweep", "--grid with an unknown key", nullptr, grid("nosuch=1,2"),
       "error: --grid: nosuch: unknown parameter (spatten-cli params lists them)"},
      {"sweep", "--grid with a hardware key without hw.", nullptr, grid("topk.parallelism=1,2"),
       "error: --grid: topk.parallelism: hardware parameters are spelled hw.topk.parallelism"},
      {"sweep", "--grid empty range", nullptr, grid("token_keep_end=0.9:0.1:0.1"),
       "error: --grid: token_keep_end: empty range: 0.1 is never reached from 0.9 with step 0.1"},
      {"sweep", "--grid step 0", nullptr, grid("token_keep_end=0.1:0.9:0"),
       "error: --grid: token_keep_end: step 0: give a non-zero step"},
      {"sweep", "--grid of a million values", nullptr, grid("hw.topk.parallelism=1:1000000:1"),
       "error: --grid: hw.topk.parallelism: 1000000 values; at most 100000 per axis"},
      {"sweep", "a grid of two million points", nullptr,
       sweep({"--grid", "seed=1:2000:1", "--grid", "generate=0:1000:1"}),
       "error: --grid: generate: the grid would have 2002000 points; at most 1000000"},
      {"sweep", "--grid value out of range", nullptr, grid("value_keep=0,0.5"),
       "error: --grid: value_keep: 0 is outside the allowed range (0, 1]"},
      {"sweep", "--grid range over a choice", nullptr, grid("policy=1:3:1"),
       "error: --grid: policy: a range FROM:TO:STEP needs a numeric parameter; list the values "
       "instead (spatten, streaming, h2o, tova, quest, snapkv, oracle)"},
      {"sweep", "--grid range of two numbers", nullptr, grid("token_keep_end=0.1:0.5"),
       "error: --grid: token_keep_end: a range is FROM:TO:STEP (three numbers)"},
      {"sweep", "--grid-file: malformed JSON", file("g.json", "{\"axes\": [\n"),
       sweep({"--grid-file", "@DIR@/g.json"}),
       "error: @DIR@/g.json: not valid JSON: parse error at line 2, column 1: syntax error while "
       "parsing value - unexpected end of input; expected '[', '{', or a literal"},
      {"sweep", "--grid-file: a range without step",
       file("g.json", R"({"axes":[{"key":"token_keep_end","from":0.1,"to":0.5}]})"),
       sweep({"--grid-file", "@DIR@/g.json"}),
       "error: @DIR@/g.json: axes[0].step: missing (or give \"values\")"},
      {"sweep", "--grid-file: a misspelt field",
       file("g.json", R"({"axes":[{"key":"token_keep_end","values":[0.1],"stepp":1}]})"),
       sweep({"--grid-file", "@DIR@/g.json"}),
       "error: @DIR@/g.json: axes[0].stepp: unknown field (key, values, from, to, step)"},
      {"sweep", "--grid-file: the same key as --grid",
       file("g.json", R"({"axes":[{"key":"token_keep_end","values":[0.1]}]})"),
       sweep({"--grid-file", "@DIR@/g.json", "--grid", "token_keep_end=0.2"}),
       "error: --grid: token_keep_end: is already an axis of the grid"},
      {"sweep", "no axis", nullptr, sweep({}),
       "error: --grid: give at least one axis: --grid KEY=FROM:TO:STEP, --grid KEY=V1,V2,... or "
       "--grid-file FILE.json"},
      {"sweep", "a run key in a --workload sweep", csv(kRow),
       {"sweep", "--workload", "@DIR@/w.csv", "--grid", "token_keep_end=0.1", "--jsonl",
        "@DIR@/o.jsonl"},
       "error: --grid: token_keep_end: a run parameter; a --workload sweep varies hardware "
       "parameters only"},
      {"sweep", "--shard 5/4", nullptr, sweep({"--grid", "token_keep_end=0.1", "--shard", "5/4"}),
       "error: --shard: '5/4' is not I/N with 1 <= I <= N <= 100000 (e.g. 2/4)"},
      {"sweep", "sweep-merge: a point missing",
       file("a.jsonl", R"({"sweep":{"points":2}}
{"point":0}
)"),
       {"sweep-merge", "@DIR@/a.jsonl", "--jsonl", "@DIR@/o.jsonl"},
       "error: sweep-merge: points: 1..1 of 0..1 are in none of the files; give every shard"},
      {"sweep", "sweep-merge: shards of different sweeps",
       [](Fixture& f) {
         f.write("a.jsonl", std::string(kHeader) + "\n{\"point\":0}\n");
         f.write("b.jsonl", "{\"sweep\":{\"points\":3}}\n{\"point\":1}\n");
       },
       {"sweep-merge", "@DIR@/a.jsonl", "@DIR@/b.jsonl", "--jsonl", "@DIR@/o.jsonl"},
       "error: @DIR@/b.jsonl: line 1: a different sweep than @DIR@/a.jsonl (base, grid or seed "
       "differ)"},
      {"sweep", "sweep-merge: the same shard twice",
       file("a.jsonl", R"({"sweep":{"points":2}}
{"point":0}
)"),
       {"sweep-merge", "@DIR@/a.jsonl", "@DIR@/a.jsonl", "--jsonl", "@DIR@/o.jsonl"},
       "error: @DIR@/a.jsonl: point 0: also in @DIR@/a.jsonl (the same shard given twice?)"},
      {"sweep", "sweep-merge: a cut last line",
       file("a.jsonl", "{\"sweep\":{\"points\":2}}\n{\"point\":0}\n{\"poi"),
       {"sweep-merge", "@DIR@/a.jsonl", "--jsonl", "@DIR@/o.jsonl"},
       "error: @DIR@/a.jsonl: line 3: ends without a newline (an interrupted write?)"},
  };
}

}  // namespace bad_inputs
