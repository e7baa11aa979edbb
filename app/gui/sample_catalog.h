#pragma once
// The bundled teaching samples (issue 13, "sample picker"): samples/sentences/index.json lists
// sentences that each show one effect clearly (function words pruned, a repetitive text, a long
// generation, BERT's [MASK], frequent LSB refetches), with the model family, generation length,
// run preset, parameter overrides (spatten-cli --set spelling), the view to open and one line of
// what to look at. Format in docs/gui.md ("Samples"). Thread: any (plain values, file reads).

#include <QString>
#include <QStringList>
#include <vector>

namespace spatten::app {

struct Sample {
  QString id;         // stable, e.g. "refetch"
  QString title;      // menu text
  QString file;       // sentence file name, relative to the index's directory
  QString text;       // the sentence (file contents, trimmed)
  bool bert = false;  // model family: "bert" (true) or "gpt2"
  int generate = 0;   // GPT-2 generation iterations (0 for BERT)
  QString runPreset;  // core run preset ("spatten-gpt2")
  QStringList sets;   // overrides over the preset, "key=value" as spatten-cli --set
  QString view;       // view id to open (view_factory ids), may be empty
  QString lookAt;     // one line: what to look at
};

// Reads <dir>/index.json and every sentence file it names. Throws core::Error(file, field,
// message) naming the file and the field for a missing or malformed index, a missing field, a
// wrong type or an unreadable sentence file; never returns half a catalog.
std::vector<Sample> loadSamples(const QString& sentencesDir);

}  // namespace spatten::app
