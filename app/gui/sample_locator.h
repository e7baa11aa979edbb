#pragma once
// Finds the bundled samples (models, sentences, hardware presets) next to the binary, in the
// build tree, in ${prefix}/share/spatten-studio/samples, or in the source tree compiled in as
// SPATTEN_SAMPLES_DIR (fallback; not compiled into packages: CMake option SPATTEN_SOURCE_SAMPLES).
// Thread: any.

#include <QString>
#include <QStringList>

#include <vector>

namespace spatten::app {

struct ModelEntry {
  QString name;  // directory name, e.g. "tiny-gpt2"
  QString dir;   // absolute path
};

// Existing candidate directories, best first.
QStringList sampleDirCandidates();
// The first candidate that exists ("" if none).
QString samplesDir();
// Every directory under <samples>/models holding a config.json (gpt2 models first).
std::vector<ModelEntry> bundledModels();
// The default sentence for a model directory: default-bert.txt for BERT-like names, else
// default.txt; a built-in sentence when no file is found.
QString defaultSentence(const QString& modelDir);
// True when the model directory's config.json says BERT.
bool isBertModel(const QString& modelDir);

}  // namespace spatten::app
