#pragma once
// Helpers of the tests that compare the C++ functional model with the PyTorch references
// (tools/reference/*.py): the reference's weight hash and the golden files of one area.
#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace spatten::test {

// FNV-1a 64 of a file, as the reference scripts record it for the weights they ran on.
inline std::string fnv1a64(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::uint64_t h = 0xcbf29ce484222325ULL;
  char buf[1 << 16];
  while (in.read(buf, sizeof buf) || in.gcount() > 0) {
    for (std::streamsize i = 0; i < in.gcount(); ++i)
      h = (h ^ static_cast<unsigned char>(buf[i])) * 0x100000001b3ULL;
    if (!in) break;
  }
  return fmt::format("{:016x}", h);
}

// The .json goldens under tests/data/<area>, sorted by name (empty when the folder is missing).
inline std::vector<std::string> goldenFiles(const std::string& area) {
  std::vector<std::string> files;
  const std::filesystem::path dir = std::filesystem::path(SPATTEN_TESTDATA_DIR) / area;
  if (!std::filesystem::exists(dir)) return files;
  for (const auto& e : std::filesystem::directory_iterator(dir))
    if (e.path().extension() == ".json") files.push_back(e.path().string());
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace spatten::test
