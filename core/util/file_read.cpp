#include "core/util/file_read.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "core/util/error.h"

namespace spatten::core {
namespace {

const char* notRegularReason(mode_t mode) {
  if (S_ISDIR(mode)) return "is a directory, expected a file";
  if (S_ISFIFO(mode)) return "is a named pipe (FIFO), not a regular file";
  if (S_ISCHR(mode)) return "is a character device, not a regular file";
  if (S_ISBLK(mode)) return "is a block device, not a regular file";
  if (S_ISSOCK(mode)) return "is a socket, not a regular file";
  return "is not a regular file";
}

std::string tooLarge(std::size_t size, std::size_t maxBytes) {
  return fmt::format("is {} bytes, more than the limit of {} for this kind of file", size,
                     formatByteSize(maxBytes));
}

}  // namespace

std::string formatByteSize(std::size_t bytes) {
  if (bytes >= kMiB && bytes % kMiB == 0) return fmt::format("{} MiB", bytes / kMiB);
  if (bytes >= kKiB && bytes % kKiB == 0) return fmt::format("{} KiB", bytes / kKiB);
  return fmt::format("{} bytes", bytes);
}

int openRegularFile(const std::filesystem::path& path, std::size_t& size) {
  // O_NONBLOCK: opening a FIFO without a writer returns at once instead of waiting forever.
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) {
    const int err = errno;
    if (err == ENOENT) throw Error(path.string(), "", "cannot open: no such file");
    throw Error(path.string(), "", std::string("cannot open: ") + std::strerror(err));
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    const int err = errno;
    ::close(fd);
    throw Error(path.string(), "", std::string("cannot stat: ") + std::strerror(err));
  }
  if (!S_ISREG(st.st_mode)) {
    ::close(fd);
    throw Error(path.string(), "", notRegularReason(st.st_mode));
  }
  // Regular files ignore O_NONBLOCK for reads; clear it anyway so later reads behave normally.
  const int flags = ::fcntl(fd, F_GETFL);
  if (flags >= 0) ::fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
  size = static_cast<std::size_t>(st.st_size);
  return fd;
}

std::string readRegularFile(const std::filesystem::path& path, std::size_t maxBytes) {
  std::size_t size = 0;
  const int fd = openRegularFile(path, size);
  if (size > maxBytes) {
    ::close(fd);
    throw Error(path.string(), "", tooLarge(size, maxBytes));
  }
  std::string out(size, '\0');
  std::size_t got = 0;
  // Read until EOF even past the stat size (the file may grow), but never past maxBytes.
  for (;;) {
    if (got == out.size()) {
      if (out.size() > maxBytes) break;
      out.resize(std::min(maxBytes + 1, std::max<std::size_t>(out.size() * 2, 4096)));
    }
    const ssize_t n = ::read(fd, out.data() + got, out.size() - got);
    if (n < 0) {
      if (errno == EINTR) continue;
      const int err = errno;
      ::close(fd);
      throw Error(path.string(), "", std::string("read failed: ") + std::strerror(err));
    }
    if (n == 0) break;
    got += static_cast<std::size_t>(n);
  }
  ::close(fd);
  if (got > maxBytes) throw Error(path.string(), "", tooLarge(got, maxBytes));
  out.resize(got);
  return out;
}

std::string readStream(std::FILE* stream, std::size_t maxBytes, const std::string& name) {
  std::string out;
  char buf[65536];
  for (;;) {
    const std::size_t n = std::fread(buf, 1, sizeof buf, stream);
    out.append(buf, n);
    if (out.size() > maxBytes)
      throw Error(name, "", fmt::format("more than the limit of {}", formatByteSize(maxBytes)));
    if (n < sizeof buf) {
      if (std::ferror(stream)) throw Error(name, "", "read failed");
      break;
    }
  }
  return out;
}

}  // namespace spatten::core
