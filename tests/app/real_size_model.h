#pragma once
// A real-size model folder for GUI tests and benchmarks (issue 17): a GPT-2-small- or
// BERT-base-shaped F32 checkpoint with random weights (tests/core/model/checkpoint_writer.h),
// written into `dir`, plus the tokenizer of the bundled tiny model of the same family (its
// vocabulary is a subset of the written vocab_size), and a text of the bundled
// samples/sentences/persuasion.txt (repeated as needed) cut to `tokens` tokens of that tokenizer
// (BERT: [CLS] and [SEP] included). Nothing here is committed data; the caller removes `dir`.
#include <QFile>
#include <QString>
#include <QStringList>
#include <filesystem>
#include <stdexcept>

#include "app/gui/sample_locator.h"
#include "core/tokenizer/tokenizer.h"
#include "tests/core/model/checkpoint_writer.h"

namespace spatten::test {

struct RealSizeModel {
  QString dir;
  QString text;
  int tokens = 0;  // tokenizer.encode(text).size()
};

inline RealSizeModel makeRealSizeModel(const std::filesystem::path& dir, bool bert, int tokens) {
  const QString tiny =
      app::samplesDir() + QLatin1String(bert ? "/models/tiny-bert" : "/models/tiny-gpt2");
  if (!QFile::exists(tiny + QLatin1String("/config.json")))
    throw std::runtime_error("bundled sample not found: " + tiny.toStdString());
  if (bert)
    model_test::writeBertCheckpoint(dir, {}, model_test::CkptDType::F32);
  else
    model_test::writeGpt2Checkpoint(dir, {}, model_test::CkptDType::F32);
  model_test::copyTokenizer(tiny.toStdString(), dir);

  QFile f(app::samplesDir() + QLatin1String("/sentences/persuasion.txt"));
  if (!f.open(QIODevice::ReadOnly)) throw std::runtime_error("samples/sentences/persuasion.txt");
  const QStringList words =
      QString::fromUtf8(f.readAll()).simplified().split(QLatin1Char(' '), Qt::SkipEmptyParts);
  const auto tok = core::loadTokenizer(dir);
  RealSizeModel m;
  m.dir = QString::fromStdString(dir.string());
  // Whole words (the text again from its start when it runs out) while they fit: at most
  // `tokens` tokens (fewer when the next word splits into several).
  for (qsizetype i = 0; !words.isEmpty() && i < 8 * tokens; ++i) {
    const QString& w = words[i % words.size()];
    const QString next = m.text.isEmpty() ? w : m.text + QLatin1Char(' ') + w;
    const int n = static_cast<int>(tok->encode(next.toStdString()).size());
    if (n > tokens) break;
    m.text = next;
    m.tokens = n;
  }
  return m;
}

}  // namespace spatten::test
