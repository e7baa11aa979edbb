#include "app/cli/cli_common.h"

#include <fstream>
#include <system_error>

#include "core/util/error.h"

namespace spatten::cli {

void writeTextFile(const std::filesystem::path& path, const std::string& text) {
  std::filesystem::path tmp = path;
  tmp += ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) throw core::Error(path.string(), "", "cannot open for writing");
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
    out.flush();
    if (!out) {
      out.close();
      std::error_code ec;
      std::filesystem::remove(tmp, ec);
      throw core::Error(path.string(), "", "write failed");
    }
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) {
    std::filesystem::remove(tmp, ec);
    throw core::Error(path.string(), "", "cannot move the finished file into place");
  }
}

void writeJsonFile(const std::filesystem::path& path, const nlohmann::json& j) {
  writeTextFile(path, j.dump() + "\n");
}

}  // namespace spatten::cli
