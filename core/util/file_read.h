#pragma once
// Bounded reading of untrusted input files. Every reader in core goes through these so that a
// named pipe never blocks (opened with O_NONBLOCK, then rejected), a device such as /dev/zero
// is never read, a directory gets "is a directory" and a file is never read past a documented
// size limit (docs/reliability.md, "Limits"). Thread-safe (no shared state).

#include <cstddef>
#include <cstdio>
#include <filesystem>
#include <string>

namespace spatten::core {

inline constexpr std::size_t kKiB = 1024;
inline constexpr std::size_t kMiB = 1024 * 1024;

// Size limits of the files core reads whole (see docs/reliability.md).
inline constexpr std::size_t kConfigFileLimit = 1 * kMiB;      // config.json, run/hw JSON
inline constexpr std::size_t kTokenizerFileLimit = 64 * kMiB;  // tokenizer.json, vocab, merges
inline constexpr std::size_t kWorkloadFileLimit = 256 * kMiB;  // workload CSV
inline constexpr std::size_t kTextFileLimit = 16 * kMiB;       // --text-file / stdin

// Opens `path` read-only and checks that it is a regular file. Returns the descriptor (the
// caller closes it) and its size in `size`. Throws Error(path, "", ...) with "cannot open: <why>",
// "is a directory, expected a file", "is a named pipe (FIFO), not a regular file", "is a
// character device, not a regular file", ...
int openRegularFile(const std::filesystem::path& path, std::size_t& size);

// The whole content of a regular file of at most `maxBytes` bytes. Throws Error(path, "", ...)
// as openRegularFile, or "is N bytes, more than the limit of M for this kind of file".
std::string readRegularFile(const std::filesystem::path& path, std::size_t maxBytes);

// Reads a stream (stdin) to its end, at most `maxBytes`; `name` names it in errors ("<stdin>").
std::string readStream(std::FILE* stream, std::size_t maxBytes, const std::string& name);

// "1 MiB", "64 MiB", "12345 bytes": how limits are written in messages.
std::string formatByteSize(std::size_t bytes);

}  // namespace spatten::core
