// Bad-input catalogue: session files given to spatten-cli export (core/session/session.h). Every
// case names the file and the field; nothing is written (not even the --out folder).
#include "bad_input_cases.h"

namespace bad_inputs {
namespace {

QStringList exportJson() {
  return {"export", "--session", "@DIR@/s.spatten.json", "--out", "@DIR@/out", "--formats", "json"};
}

// A valid session of tiny-gpt2 with `patch` merged in (RFC 7386: null removes a key).
std::function<void(Fixture&)> session(const std::string& patch) {
  return [patch](Fixture& f) {
    nlohmann::json j = {{"format", "spatten-session"},
                        {"version", 1},
                        {"model", (samples() / "models" / "tiny-gpt2").string()},
                        {"text", "It is"},
                        {"generate", 1},
                        {"seed", 3},
                        {"run", {{"generate", 1}}},
                        {"hw", {{"base", "spatten"}}}};
    j.merge_patch(nlohmann::json::parse(patch));
    f.write("s.spatten.json", j.dump());
  };
}

}  // namespace

std::vector<Case> sessionCases() {
  return {
      {"session", "not JSON", [](Fixture& f) { f.write("s.spatten.json", "{\"format\": "); },
       exportJson(),
       "error: @DIR@/s.spatten.json: not valid JSON: parse error at line 1, column 12: syntax "
       "error while parsing value - unexpected end of input; expected '[', '{', or a literal"},
      {"session", "another format", session(R"({"format": "spatten-config"})"), exportJson(),
       "error: @DIR@/s.spatten.json: format: must be \"spatten-session\", got \"spatten-config\""},
      {"session", "newer version", session(R"({"version": 2})"), exportJson(),
       "error: @DIR@/s.spatten.json: version: version 2 is newer than this SpAtten Studio reads "
       "(up to 1)"},
      {"session", "no model key", session(R"({"model": null})"), exportJson(),
       "error: @DIR@/s.spatten.json: model: missing (required)"},
      {"session", "model folder missing", session(R"({"model": "gone/away"})"), exportJson(),
       "error: @DIR@/s.spatten.json: model: no model folder at '@DIR@/gone/away' (relative to "
       "the session file)"},
      {"session", "text a number", session(R"({"text": 5})"), exportJson(),
       "error: @DIR@/s.spatten.json: text: must be a string, got 5"},
      {"session", "run value out of range", session(R"({"run": {"value_keep": 7}})"), exportJson(),
       "error: @DIR@/s.spatten.json: run.value_keep: 7 is outside the allowed range (0, 1]"},
      {"session", "misspelled run key", session(R"({"run": {"valu_keep": 0.2}})"), exportJson(),
       "error: @DIR@/s.spatten.json: run.valu_keep: unknown parameter"},
      {"session", "hardware value out of range", session(R"({"hw": {"topk": {"parallelism": 0}}})"),
       exportJson(),
       "error: @DIR@/s.spatten.json: hw.topk.parallelism: 0 is outside the allowed range [1, 1024] "
       "comparators"},
      {"session", "negative seed", session(R"({"seed": -1})"), exportJson(),
       "error: @DIR@/s.spatten.json: seed: must be a whole number in 0 .. 2^64-1, got -1"},
      {"session", "generate disagrees with run.generate", session(R"({"generate": 2})"),
       exportJson(), "error: @DIR@/s.spatten.json: generate: 2 differs from run.generate 1"},
      {"session", "unknown key", session(R"({"colour": "red"})"), exportJson(),
       "error: @DIR@/s.spatten.json: colour: unknown key (allowed: cursor, format, generate, hw, "
       "model, run, seed, text, version, view)"},
      {"session", "cursor cycle a string", session(R"({"cursor": {"cycle": "12"}})"), exportJson(),
       "error: @DIR@/s.spatten.json: cursor.cycle: must be a whole number in 0 .. 2^64-1, got "
       "\"12\""},
      {"session", "view not an object", session(R"({"view": [1, 2]})"), exportJson(),
       "error: @DIR@/s.spatten.json: view: must be an object, got an array of 2 elements"},
      {"session", "100k-deep view",
       [](Fixture& f) {
         session("{}")(f);
         std::string text = readAll(f.path("s.spatten.json"));
         text.insert(text.size() - 1, ",\"view\":" + deep(100000, '[', ']'));
         f.write("s.spatten.json", text);
       },
       exportJson(),
       "error: @DIR@/s.spatten.json: not accepted JSON: nesting deeper than 64 levels of "
       "arrays/objects"},
      {"session", "session is a FIFO", [](Fixture& f) { f.fifo("s.spatten.json"); }, exportJson(),
       "error: @DIR@/s.spatten.json: is a named pipe (FIFO), not a regular file"},
      {"session",
       "unknown export format",
       session("{}"),
       {"export", "--session", "@DIR@/s.spatten.json", "--out", "@DIR@/out", "--formats",
        "json,gif"},
       "error: --formats: gif: unknown format (allowed: png, svg, pdf, csv, html, json, perfetto, "
       "vcd, "
       "ramulator2, dramsim3, workload)"},
  };
}

}  // namespace bad_inputs
