#include "app/cli/output_files.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <random>
#include <system_error>

#include "core/util/error.h"

namespace spatten::cli {
namespace {

namespace fs = std::filesystem;

// ---- Interrupt cleanup -------------------------------------------------------------------------
// A signal handler can only touch async-signal-safe state: a fixed table of temporary paths.
// Slots are filled on the main thread (path first, then the flag) and read by the handler.
constexpr int kSlots = 16;
constexpr std::size_t kPathBytes = 4096;
char g_paths[kSlots][kPathBytes];
volatile std::sig_atomic_t g_used[kSlots];

int registerTemporary(const std::string& path) {
  if (path.size() >= kPathBytes) return -1;
  for (int i = 0; i < kSlots; ++i) {
    if (g_used[i]) continue;
    std::memcpy(g_paths[i], path.c_str(), path.size() + 1);
    std::atomic_signal_fence(std::memory_order_seq_cst);
    g_used[i] = 1;
    return i;
  }
  return -1;
}

void unregisterTemporary(int slot) {
  if (slot >= 0) g_used[slot] = 0;
}

extern "C" void onInterrupt(int) {
  for (int i = 0; i < kSlots; ++i)
    if (g_used[i]) ::unlink(g_paths[i]);
  static const char kMessage[] = "error: interrupted; no output file was written\n";
  [[maybe_unused]] const ssize_t n = ::write(STDERR_FILENO, kMessage, sizeof kMessage - 1);
  ::_exit(130);
}

// SIGINT/SIGTERM/SIGHUP held back while the outputs are renamed (all or none).
class BlockInterrupts {
public:
  BlockInterrupts() {
    sigset_t set;
    sigemptyset(&set);
    for (int s : {SIGINT, SIGTERM, SIGHUP}) sigaddset(&set, s);
    ::sigprocmask(SIG_BLOCK, &set, &m_old);
  }
  ~BlockInterrupts() { ::sigprocmask(SIG_SETMASK, &m_old, nullptr); }

private:
  sigset_t m_old;
};

std::string errnoText(int err) {
  return std::strerror(err);
}

fs::path directoryOf(const fs::path& p) {
  return p.parent_path().empty() ? fs::path(".") : p.parent_path();
}

// What a path names, for "same file" checks: symlinks and ".." resolved where they exist.
fs::path identity(const fs::path& p) {
  std::error_code ec;
  const fs::path abs = fs::absolute(p, ec);
  const fs::path canon = fs::weakly_canonical(abs, ec);
  return ec ? abs.lexically_normal() : canon;
}

}  // namespace

void installInterruptCleanup() {
  struct sigaction sa {};
  sa.sa_handler = onInterrupt;
  sigemptyset(&sa.sa_mask);
  for (int s : {SIGINT, SIGTERM, SIGHUP}) sigaddset(&sa.sa_mask, s);
  for (int s : {SIGINT, SIGTERM, SIGHUP}) ::sigaction(s, &sa, nullptr);
}

OutputFiles::~OutputFiles() {
  removeTemporaries();
}

void OutputFiles::add(const std::string& option, const std::string& path) {
  if (path.empty()) throw core::Error(option, "", "empty path: give the output file's name");
  const fs::path p(path);
  std::error_code ec;
  if (!p.has_filename() || fs::is_directory(p, ec))
    throw core::Error(option, path, "is a directory; give the output file's name");
  const fs::path dir = directoryOf(p);
  if (!fs::exists(dir, ec))
    throw core::Error(option, path, fmt::format("directory '{}' does not exist", dir.string()));
  if (!fs::is_directory(dir, ec))
    throw core::Error(option, path, fmt::format("'{}' is not a directory", dir.string()));
  const fs::path key = identity(p);
  for (const Output& o : m_outputs) {
    const bool same = identity(o.path) == key || (fs::exists(p, ec) && fs::exists(o.path, ec) &&
                                                  fs::equivalent(p, o.path, ec));
    if (same)
      throw core::Error(option, path,
                        fmt::format("is the same file as {} {}; give each output its own file",
                                    o.option, o.path));
  }
  m_outputs.push_back({option, path, {}, -1, nullptr});
}

OutputFiles::Output& OutputFiles::find(const std::string& option) {
  for (Output& o : m_outputs)
    if (o.option == option) return o;
  throw core::Error(option, "", "internal error: output not registered");
}

std::ostream& OutputFiles::open(const std::string& option) {
  Output& o = find(option);
  if (o.stream) return *o.stream;
  const fs::path p(o.path);
  const fs::path dir = directoryOf(p);
  std::random_device rd;
  for (int attempt = 0;; ++attempt) {
    // Hidden, unique, in the target's directory (same file system: rename is atomic).
    const fs::path tmp = dir / fmt::format(".{}.{}-{:08x}.tmp", p.filename().string(),
                                           static_cast<long>(::getpid()), rd());
    o.slot = registerTemporary(tmp.string());
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd < 0) {
      const int err = errno;
      unregisterTemporary(o.slot);
      o.slot = -1;
      if (err == EEXIST && attempt < 100) continue;
      throw core::Error(
          o.path, "",
          fmt::format("cannot create a file in '{}': {}", dir.string(), errnoText(err)));
    }
    ::close(fd);
    o.tmp = tmp.string();
    break;
  }
  o.stream = std::make_unique<std::ofstream>(o.tmp, std::ios::binary | std::ios::trunc);
  if (!*o.stream) throw core::Error(o.path, "", "cannot open for writing");
  return *o.stream;
}

void OutputFiles::write(const std::string& option, const std::string& text) {
  std::ostream& out = open(option);
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
}

void OutputFiles::commit() {
  for (Output& o : m_outputs) {
    if (!o.stream) throw core::Error(o.option, "", "internal error: output never written");
    o.stream->flush();
    const bool ok = o.stream->good();
    o.stream->close();
    if (!ok || o.stream->fail())
      throw core::Error(o.path, "", "write failed (disk full?); nothing was written");
    // On disk before the rename, so a crash cannot leave an empty file under the final name.
    const int fd = ::open(o.tmp.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
      ::fsync(fd);
      ::close(fd);
    }
  }
  BlockInterrupts hold;
  for (Output& o : m_outputs) {
    if (::rename(o.tmp.c_str(), o.path.c_str()) != 0)
      throw core::Error(
          o.path, "",
          fmt::format("cannot move the finished file into place: {}", errnoText(errno)));
    unregisterTemporary(o.slot);
    o.slot = -1;
    o.tmp.clear();
  }
}

void OutputFiles::removeTemporaries() noexcept {
  for (Output& o : m_outputs) {
    if (o.stream) o.stream->close();
    if (!o.tmp.empty()) ::unlink(o.tmp.c_str());
    unregisterTemporary(o.slot);
    o.slot = -1;
    o.tmp.clear();
  }
}

}  // namespace spatten::cli
