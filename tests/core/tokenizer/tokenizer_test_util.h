#pragma once
// Helpers shared by the tokenizer test suites (header-only).

#include <QString>
#include <QTemporaryDir>
#include <QTest>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "core/tokenizer/tokenizer.h"

namespace spatten::test {

inline std::filesystem::path testData(const std::string& rel) {
  return std::filesystem::path(SPATTEN_TESTDATA_DIR) / rel;
}

inline std::string readAll(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline nlohmann::json readJson(const std::filesystem::path& p) { return nlohmann::json::parse(readAll(p)); }

inline void writeFile(const std::filesystem::path& p, const std::string& text) {
  std::ofstream out(p, std::ios::binary);
  out << text;
}

inline std::vector<int> idsOf(const std::vector<core::Token>& tokens) {
  std::vector<int> ids;
  for (const core::Token& t : tokens) ids.push_back(t.id);
  return ids;
}

inline QString idList(const std::vector<int>& ids) {
  QStringList parts;
  for (int id : ids) parts << QString::number(id);
  return parts.join(' ');
}

// Readable label for a data row: the text, control characters escaped, cut to 60 chars.
inline QByteArray rowName(int index, const std::string& text) {
  QString s = QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size()));
  QString out;
  for (QChar c : s) out += c.unicode() < 0x20 ? QStringLiteral("\\x%1").arg(c.unicode(), 2, 16, QChar('0')) : QString(c);
  return (QString::number(index) + ": " + out.left(60)).toUtf8();
}

}  // namespace spatten::test
