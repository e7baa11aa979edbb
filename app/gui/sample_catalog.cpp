#include "app/gui/sample_catalog.h"

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "core/util/error.h"
#include "core/util/file_read.h"
#include "core/util/json_read.h"

namespace spatten::app {
namespace {

constexpr std::size_t kIndexMaxBytes = 1 << 20;     // index.json, at most (bytes)
constexpr std::size_t kSentenceMaxBytes = 1 << 16;  // one sentence file, at most (bytes)

QString stringField(const nlohmann::json& o, const char* key, const std::string& file,
                    const std::string& where, bool required = true) {
  const auto it = o.find(key);
  if (it == o.end()) {
    if (!required) return {};
    throw core::Error(file, where + "." + key, "missing");
  }
  if (!it->is_string())
    throw core::Error(file, where + "." + key, "expected a string, got " + core::describeJson(*it));
  return QString::fromStdString(it->get<std::string>());
}

Sample parseSample(const nlohmann::json& o, const std::filesystem::path& dir,
                   const std::string& file, const std::string& where) {
  if (!o.is_object()) throw core::Error(file, where, "expected an object");
  Sample s;
  s.id = stringField(o, "id", file, where);
  s.title = stringField(o, "title", file, where);
  s.file = stringField(o, "file", file, where);
  const QString model = stringField(o, "model", file, where);
  if (model != QStringLiteral("gpt2") && model != QStringLiteral("bert"))
    throw core::Error(file, where + ".model",
                      "expected \"gpt2\" or \"bert\", got " + core::describeJson(o.at("model")));
  s.bert = model == QStringLiteral("bert");
  if (const auto it = o.find("generate"); it != o.end()) {
    if (!it->is_number_integer() || it->get<std::int64_t>() < 0 || it->get<std::int64_t>() > 4096)
      throw core::Error(file, where + ".generate",
                        "expected an integer 0..4096, got " + core::describeJson(*it));
    s.generate = s.bert ? 0 : static_cast<int>(it->get<std::int64_t>());
  }
  s.runPreset = stringField(o, "run_preset", file, where);
  if (const auto it = o.find("set"); it != o.end()) {
    if (!it->is_array()) throw core::Error(file, where + ".set", "expected an array of strings");
    for (std::size_t i = 0; i < it->size(); ++i) {
      const auto& v = (*it)[i];
      if (!v.is_string())
        throw core::Error(file, where + ".set[" + std::to_string(i) + "]",
                          "expected \"key=value\", got " + core::describeJson(v));
      s.sets << QString::fromStdString(v.get<std::string>());
    }
  }
  s.view = stringField(o, "view", file, where, false);
  s.lookAt = stringField(o, "look_at", file, where);
  // The sentence: a plain name in the index's directory (no path separators).
  const std::string name = s.file.toStdString();
  if (name.empty() || name.find('/') != std::string::npos || name.find('\\') != std::string::npos)
    throw core::Error(file, where + ".file", "expected a file name in " + dir.string());
  const std::string bytes = core::readRegularFile(dir / name, kSentenceMaxBytes);
  s.text = QString::fromUtf8(bytes.data(), static_cast<qsizetype>(bytes.size())).trimmed();
  if (s.text.isEmpty()) throw core::Error((dir / name).string(), "", "the sentence is empty");
  return s;
}

}  // namespace

std::vector<Sample> loadSamples(const QString& sentencesDir) {
  const std::filesystem::path dir = sentencesDir.toStdString();
  const std::filesystem::path index = dir / "index.json";
  const std::string file = index.string();
  const nlohmann::json doc = core::readJsonFile(index, kIndexMaxBytes);
  if (!doc.is_object()) throw core::Error(file, "", "expected an object");
  const auto it = doc.find("samples");
  if (it == doc.end() || !it->is_array())
    throw core::Error(file, "samples", "expected an array of samples");
  std::vector<Sample> out;
  for (std::size_t i = 0; i < it->size(); ++i)
    out.push_back(parseSample((*it)[i], dir, file, "samples[" + std::to_string(i) + "]"));
  return out;
}

}  // namespace spatten::app
