#pragma once
// The cases of the bad-input catalogue (tst_bad_inputs.cpp): what is built, the command, and the
// exact stderr line. Paths in arguments and messages: @DIR@ = the case's directory, @SAMPLES@ =
// samples/.

#include <QByteArray>
#include <QStringList>
#include <functional>
#include <string>
#include <vector>

#include "bad_input_fixture.h"

namespace bad_inputs {

struct Case {
  const char* klass;  // the class of bug
  const char* input;  // what is wrong, for the table
  std::function<void(Fixture&)> setup;
  QStringList args;  // @DIR@ = the case's directory, @SAMPLES@ = samples/
  const char* stderrLine;
  QByteArray stdinData = QByteArray();
};

inline const QString kText = QStringLiteral("It is");

inline QStringList tokenize(const char* model) {
  return {"tokenize", "--model", model, "--text", kText};
}
inline QStringList infer(const char* model) {
  return {"infer", "--model", model, "--text", kText, "--json", "@DIR@/out.json"};
}
inline QStringList run(const char* model) {
  return {"run", "--model", model, "--text", kText, "--json", "@DIR@/out.json"};
}
inline QStringList simulateCsv(const char* csv) {
  return {"simulate", "--workload", csv, "--json", "@DIR@/out.json"};
}

inline std::string deep(int n, char open, char close) {
  return std::string(std::size_t(n), open) + std::string(std::size_t(n), close);
}

// Writes the header edit of tiny-gpt2's weights with `edit` on a copy at @DIR@/m.
inline std::function<void(Fixture&)> header(std::function<void(nlohmann::json&)> edit) {
  return [edit](Fixture& f) {
    f.model("tiny-gpt2", "m", true);
    f.editHeader("m/model.safetensors", edit);
  };
}
inline std::function<void(Fixture&)> config(std::function<void(nlohmann::json&)> edit) {
  return [edit](Fixture& f) {
    f.model("tiny-gpt2", "m");
    f.editJson("m/config.json", edit);
  };
}
inline std::function<void(Fixture&)> gpt2With(const char* file, std::string bytes) {
  return [file, bytes](Fixture& f) {
    f.model("tiny-gpt2", "m");
    f.write(std::string("m/") + file, bytes);
  };
}
inline std::function<void(Fixture&)> csv(std::string row) {
  return [row](Fixture& f) { f.write("w.csv", bad_inputs::csvRow(row)); };
}
inline const char* const kRow = "0,0,0,64.0,10,10,6,16,0.05,True,4,2,6,True,False,False,-1";
inline std::string rowWith(int col, const std::string& value) {
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

// Inputs read from files (models, tokenizers, workloads, texts) and the numbers in them.
std::vector<Case> fileCases();
// Outputs, silently accepted values, messages and command-line options.
std::vector<Case> cliCases();
// spatten-cli sweep and sweep-merge: grids, grid files, shards (bad_input_cases_sweep.cpp).
std::vector<Case> sweepCases();
// Session files (spatten-cli export).
std::vector<Case> sessionCases();

}  // namespace bad_inputs
