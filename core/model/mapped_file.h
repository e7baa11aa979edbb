#pragma once
// Read-only POSIX memory mapping of a whole file (RAII, move-only).
// Thread: immutable after construction; concurrent reads are safe.

#include <cstddef>
#include <filesystem>
#include <span>

namespace spatten::core {

class MappedFile {
public:
  // Throws Error(path, "", ...) if the file cannot be opened or mapped. An empty file maps to
  // an empty span (mmap of length 0 is not attempted).
  explicit MappedFile(const std::filesystem::path& path);
  ~MappedFile();
  MappedFile(MappedFile&& other) noexcept;
  MappedFile& operator=(MappedFile&& other) noexcept;
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;

  std::span<const std::byte> bytes() const { return {m_data, m_size}; }
  const std::filesystem::path& path() const { return m_path; }
  // Takes the whole pages inside [offset, offset + length) out of the resident set
  // (madvise MADV_DONTNEED: the mapping stays valid, later reads fault the file in again).
  void dropPages(std::size_t offset, std::size_t length) const noexcept;

private:
  void release() noexcept;

  std::filesystem::path m_path;
  const std::byte* m_data = nullptr;
  std::size_t m_size = 0;
};

}  // namespace spatten::core
