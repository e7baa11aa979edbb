#include "core/util/file_write.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <random>
#include <string>

#include "core/util/error.h"

namespace spatten::core {
namespace fs = std::filesystem;

void writeFileAtomic(const fs::path& path, std::string_view text) {
  const fs::path dir = path.has_parent_path() ? path.parent_path() : fs::path(".");
  std::random_device rd;
  int fd = -1;
  fs::path tmp;
  for (int attempt = 0; fd < 0; ++attempt) {
    tmp = dir / fmt::format(".{}.{}-{:08x}.tmp", path.filename().string(),
                            static_cast<long>(::getpid()), rd());
    fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd < 0 && (errno != EEXIST || attempt >= 100))
      throw Error(
          path.string(), "",
          fmt::format("cannot create a file in '{}': {}", dir.string(), std::strerror(errno)));
  }
  std::size_t done = 0;
  bool ok = true;
  while (ok && done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    ok = n > 0;
    if (ok) done += static_cast<std::size_t>(n);
  }
  const int writeErrno = errno;
  ok = ok && ::fsync(fd) == 0;  // on disk before the rename
  ::close(fd);
  if (!ok) {
    ::unlink(tmp.c_str());
    throw Error(path.string(), "",
                fmt::format("write failed ({}); nothing was written", std::strerror(writeErrno)));
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    const int err = errno;
    ::unlink(tmp.c_str());
    throw Error(path.string(), "",
                fmt::format("cannot move the finished file into place: {}", std::strerror(err)));
  }
}

void ensureFolder(const fs::path& dir, const std::string& field) {
  std::error_code ec;
  if (fs::is_directory(dir, ec)) return;
  fs::create_directory(dir, ec);  // fails when the parent is missing
  if (!fs::is_directory(dir, ec))
    throw Error(field, "", fmt::format("'{}' is not a folder and cannot be created", dir.string()));
}

}  // namespace spatten::core
