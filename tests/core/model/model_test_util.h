#pragma once
// Helpers for the core/model tests: write safetensors files by hand, copy fixtures, and check
// that an Error names the file and the field. Header-only; Qt Test macros are used by callers.

#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace model_test {

inline std::string readAll(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

inline void writeAll(const std::filesystem::path& p, const std::string& bytes) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

// 8-byte little-endian length + header text + data, exactly as given (no validation).
inline std::string safetensorsBytes(const std::string& header, const std::string& data,
                                    std::uint64_t declaredLen = UINT64_MAX) {
  const std::uint64_t len = declaredLen == UINT64_MAX ? header.size() : declaredLen;
  std::string out(8, '\0');
  for (int i = 0; i < 8; ++i) out[static_cast<std::size_t>(i)] = static_cast<char>((len >> (8 * i)) & 0xff);
  return out + header + data;
}

inline std::string floatBytes(const std::vector<float>& v) {
  std::string s(v.size() * sizeof(float), '\0');
  if (!v.empty()) std::memcpy(s.data(), v.data(), s.size());
  return s;
}

// Copies a fixture model directory (config.json + model.safetensors) to dst.
inline void copyModel(const std::filesystem::path& src, const std::filesystem::path& dst) {
  std::filesystem::create_directories(dst);
  for (const char* f : {"config.json", "model.safetensors"})
    std::filesystem::copy_file(src / f, dst / f, std::filesystem::copy_options::overwrite_existing);
}

// Rewrites dir/model.safetensors with its JSON header edited; the data section is unchanged.
inline void editSafetensorsHeader(const std::filesystem::path& file,
                                  const std::function<void(nlohmann::json&)>& edit) {
  const std::string bytes = readAll(file);
  std::uint64_t len = 0;
  for (int i = 7; i >= 0; --i) len = (len << 8) | static_cast<unsigned char>(bytes[static_cast<std::size_t>(i)]);
  nlohmann::json h = nlohmann::json::parse(bytes.substr(8, len));
  edit(h);
  std::string text = h.dump();
  while (text.size() % 8 != 0) text += ' ';
  writeAll(file, safetensorsBytes(text, bytes.substr(8 + len)));
}

inline void editConfig(const std::filesystem::path& dir,
                       const std::function<void(nlohmann::json&)>& edit) {
  nlohmann::json j = nlohmann::json::parse(readAll(dir / "config.json"));
  edit(j);
  writeAll(dir / "config.json", j.dump(1));
}

}  // namespace model_test

// QVERIFY-style check that `expr` throws spatten::core::Error whose message contains both
// `fileSub` and `fieldSub`.
#define EXPECT_MODEL_ERROR(expr, fileSub, fieldSub)                                           \
  do {                                                                                        \
    bool thrown_ = false;                                                                     \
    try {                                                                                     \
      (void)(expr);                                                                           \
    } catch (const spatten::core::Error& e_) {                                                \
      thrown_ = true;                                                                         \
      const std::string msg_ = e_.what();                                                     \
      if (msg_.find(fileSub) == std::string::npos || msg_.find(fieldSub) == std::string::npos) \
        QFAIL(("error does not name file/field: " + msg_).c_str());                          \
    }                                                                                         \
    QVERIFY2(thrown_, "expected spatten::core::Error from " #expr);                           \
  } while (0)
