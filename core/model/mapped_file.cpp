#include "core/model/mapped_file.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <utility>

#include "core/util/error.h"
#include "core/util/file_read.h"

namespace spatten::core {

MappedFile::MappedFile(const std::filesystem::path& path) : m_path(path) {
  // Regular files only; a FIFO is rejected without blocking (core/util/file_read.h).
  const int fd = openRegularFile(path, m_size);
  if (m_size > 0) {
    // Populated up front: one call maps every page instead of a page fault per 64 KB later
    // (the loader reads every byte of a checkpoint anyway, to check it is finite).
    void* addr = ::mmap(nullptr, m_size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
    if (addr == MAP_FAILED) {
      const int err = errno;
      ::close(fd);
      throw Error(path.string(), "", std::string("cannot mmap: ") + std::strerror(err));
    }
    m_data = static_cast<const std::byte*>(addr);
  }
  ::close(fd);  // the mapping stays valid after close
}

MappedFile::~MappedFile() {
  release();
}

void MappedFile::dropPages(std::size_t offset, std::size_t length) const noexcept {
  if (m_data == nullptr || offset >= m_size) return;
  const auto page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
  const std::size_t end = std::min(m_size, offset + length) / page * page;
  const std::size_t begin = (offset + page - 1) / page * page;
  if (begin < end)  // advisory: a failure only leaves the pages resident
    (void)::madvise(const_cast<std::byte*>(m_data) + begin, end - begin, MADV_DONTNEED);
}

MappedFile::MappedFile(MappedFile&& other) noexcept
    : m_path(std::move(other.m_path)),
      m_data(std::exchange(other.m_data, nullptr)),
      m_size(std::exchange(other.m_size, 0)) {}

MappedFile& MappedFile::operator=(MappedFile&& other) noexcept {
  if (this != &other) {
    release();
    m_path = std::move(other.m_path);
    m_data = std::exchange(other.m_data, nullptr);
    m_size = std::exchange(other.m_size, 0);
  }
  return *this;
}

void MappedFile::release() noexcept {
  if (m_data != nullptr) ::munmap(const_cast<std::byte*>(m_data), m_size);
  m_data = nullptr;
  m_size = 0;
}

}  // namespace spatten::core
