#pragma once
// Reader for the safetensors format (8-byte little-endian header length N, N bytes of JSON
// header, then the data section). The file is memory-mapped read-only; F32 tensors are served
// as views into the mapping, F16/BF16 are converted to float on access.
// Contract: open() validates the whole header (JSON, dtypes, shapes, offsets inside the data
// section, (end-begin) == product(shape) * itemsize, tensors neither overlapping nor leaving
// gaps and together covering the data section exactly, as the format requires) and throws
// Error(file, tensor-or-field, ...) on the first problem. Thread: immutable after open; const
// methods are thread-safe.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/model/mapped_file.h"

namespace spatten::core {

// All dtypes the format defines; only F32, F16 and BF16 convert to float.
enum class DType { F32, F16, BF16, F64, I8, U8, I16, U16, I32, U32, I64, U64, Bool, F8E4M3, F8E5M2 };

// Parses a safetensors dtype name ("F32", "BF16", ...); false if unknown.
bool parseDType(const std::string& name, DType& out);
const char* dtypeName(DType dt);
std::size_t dtypeSize(DType dt);

struct TensorInfo {
  std::string name;
  DType dtype = DType::F32;
  std::vector<std::int64_t> shape;
  std::size_t begin = 0;  // byte offsets relative to the start of the data section
  std::size_t end = 0;
  std::int64_t numel() const;
};

// Float data of one tensor: a view (no copy) when the source already holds aligned F32,
// otherwise an owned converted buffer. data() stays valid while the FloatTensor (or a copy of
// its storage()) and the SafetensorsFile it came from are alive.
class FloatTensor {
public:
  FloatTensor() = default;
  FloatTensor(std::vector<std::int64_t> shape, std::span<const float> view);
  // Owns `n` floats at `owned`.
  FloatTensor(std::vector<std::int64_t> shape, std::shared_ptr<const float[]> owned, std::size_t n);

  const std::vector<std::int64_t>& shape() const { return m_shape; }
  const float* data() const { return m_view.data(); }
  std::size_t size() const { return m_view.size(); }
  bool isView() const { return !m_owned && !m_view.empty(); }
  // The owned buffer (null for a view): sharing it keeps data() valid.
  const std::shared_ptr<const float[]>& storage() const { return m_owned; }

private:
  std::vector<std::int64_t> m_shape;
  std::span<const float> m_view;  // the floats (into the file, or into m_owned)
  std::shared_ptr<const float[]> m_owned;
};

class SafetensorsFile {
public:
  static SafetensorsFile open(const std::filesystem::path& path);
  // The same from bytes in memory (fuzzing, tests); `name` stands for the file in errors.
  static SafetensorsFile fromBytes(std::vector<std::byte> bytes, std::string name);

  const std::string& fileName() const { return m_name; }
  bool contains(const std::string& name) const { return m_tensors.count(name) != 0; }
  std::vector<std::string> names() const;  // sorted
  // Throws Error(file, name, "missing tensor") if absent.
  const TensorInfo& info(const std::string& name) const;
  std::span<const std::byte> rawBytes(const std::string& name) const;
  // Converts to float (F32: view into the mapping; F16/BF16: converted copy). Other dtypes
  // throw Error(file, name, "dtype X is not a floating-point type this reader supports").
  FloatTensor floats(const std::string& name) const;
  const std::map<std::string, std::string>& metadata() const { return m_metadata; }
  // Drops the mapped pages that lie wholly inside `name`'s bytes from the resident set (a later
  // read maps them in again from the file); no-op for fromBytes.
  void dropPages(const std::string& name) const;

private:
  SafetensorsFile(std::optional<MappedFile> file, std::vector<std::byte> owned, std::string name);
  void parseHeader();
  void checkCoverage() const;

  std::optional<MappedFile> m_file;  // the mapping (open), or
  std::vector<std::byte> m_owned;    // the bytes (fromBytes); moving keeps data() stable
  std::string m_name;
  std::span<const std::byte> m_bytes;  // the whole file
  std::span<const std::byte> m_data;   // the data section
  std::map<std::string, TensorInfo> m_tensors;
  std::map<std::string, std::string> m_metadata;
};

}  // namespace spatten::core
