#include "core/model/safetensors.h"

#include <fmt/format.h>
#include <sys/mman.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>
#include <limits>
#include <new>
#include <nlohmann/json.hpp>
#include <tuple>
#include <utility>

#include "core/model/half.h"
#include "core/util/error.h"
#include "core/util/json_read.h"
#include "core/util/message_text.h"

namespace spatten::core {
namespace {

static_assert(std::endian::native == std::endian::little,
              "F32 views into the mapping assume a little-endian host");

struct DTypeEntry {
  const char* name;
  DType dtype;
  std::size_t size;
};
constexpr std::array<DTypeEntry, 15> kDTypes{{
    {"F32", DType::F32, 4}, {"F16", DType::F16, 2}, {"BF16", DType::BF16, 2},
    {"F64", DType::F64, 8}, {"I8", DType::I8, 1}, {"U8", DType::U8, 1},
    {"I16", DType::I16, 2}, {"U16", DType::U16, 2}, {"I32", DType::I32, 4},
    {"U32", DType::U32, 4}, {"I64", DType::I64, 8}, {"U64", DType::U64, 8},
    {"BOOL", DType::Bool, 1}, {"F8_E4M3", DType::F8E4M3, 1}, {"F8_E5M2", DType::F8E5M2, 1},
}};

std::uint64_t readLe64(const std::byte* p) {
  std::uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | static_cast<std::uint8_t>(p[i]);
  return v;
}

// n uninitialised floats. A buffer of 2 MB or more is mapped 2 MB-aligned and backed by
// transparent huge pages where the system allows (madvise before the first touch): converting a
// 500 MB checkpoint into 4 KB pages costs ~120,000 page faults, expensive under virtualisation.
std::shared_ptr<float[]> largeFloatBuffer(std::size_t n) {
  constexpr std::size_t kHuge = std::size_t{2} << 20;
  const std::size_t bytes = n * sizeof(float);
  if (bytes < kHuge) return std::shared_ptr<float[]>(new float[n]);
  const std::size_t len = (bytes + kHuge - 1) & ~(kHuge - 1);
  void* p =
      ::mmap(nullptr, len + kHuge, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) throw std::bad_alloc();
  auto* base = static_cast<std::byte*>(p);
  const auto skip = static_cast<std::size_t>(-reinterpret_cast<std::uintptr_t>(base) & (kHuge - 1));
  if (skip > 0) ::munmap(base, skip);  // trim to [aligned, aligned + len)
  if (kHuge - skip > 0) ::munmap(base + skip + len, kHuge - skip);
  std::byte* aligned = base + skip;
  (void)::madvise(aligned, len, MADV_HUGEPAGE);  // advisory: else small pages
  return std::shared_ptr<float[]>(reinterpret_cast<float*>(aligned),
                                  [aligned, len](float*) { ::munmap(aligned, len); });
}

std::uint16_t readLe16(const std::byte* p) {
  return static_cast<std::uint16_t>(static_cast<std::uint8_t>(p[0]) |
                                    (static_cast<std::uint8_t>(p[1]) << 8));
}

// F16/BF16 little-endian bytes to floats (the F16 loop is branch-light so that it vectorises;
// halfToFloat's contract: bit-exact, subnormals, infinities and NaN payloads included).
void convertHalves(const std::byte* src, float* out, std::size_t n, bool f16) {
  if (f16)
    for (std::size_t i = 0; i < n; ++i) out[i] = halfToFloat(readLe16(src + 2 * i));
  else
    for (std::size_t i = 0; i < n; ++i) out[i] = bf16ToFloat(readLe16(src + 2 * i));
}

// Reads a non-negative JSON integer that fits in size_t, or throws naming file/tensor/what.
std::uint64_t readIndex(const nlohmann::json& v, const std::string& file, const std::string& tensor,
                        const char* what) {
  if (!v.is_number_integer() || (v.is_number_integer() && !v.is_number_unsigned() &&
                                 v.get<std::int64_t>() < 0))
    throw Error(file, tensor,
                fmt::format("{} must hold non-negative integers, got {}", what, describeJson(v)));
  return v.get<std::uint64_t>();
}

}  // namespace

bool parseDType(const std::string& name, DType& out) {
  for (const auto& e : kDTypes)
    if (name == e.name) {
      out = e.dtype;
      return true;
    }
  return false;
}

const char* dtypeName(DType dt) {
  for (const auto& e : kDTypes)
    if (e.dtype == dt) return e.name;
  return "?";
}

std::size_t dtypeSize(DType dt) {
  for (const auto& e : kDTypes)
    if (e.dtype == dt) return e.size;
  return 0;
}

std::int64_t TensorInfo::numel() const {
  std::int64_t n = 1;
  for (auto d : shape) n *= d;
  return n;
}

FloatTensor::FloatTensor(std::vector<std::int64_t> shape, std::span<const float> view)
    : m_shape(std::move(shape)), m_view(view) {}
FloatTensor::FloatTensor(std::vector<std::int64_t> shape, std::shared_ptr<const float[]> owned,
                         std::size_t n)
    : m_shape(std::move(shape)), m_view(owned.get(), owned ? n : 0), m_owned(std::move(owned)) {}

SafetensorsFile::SafetensorsFile(std::optional<MappedFile> file, std::vector<std::byte> owned,
                                 std::string name)
    : m_file(std::move(file)), m_owned(std::move(owned)), m_name(std::move(name)) {
  m_bytes = m_file ? m_file->bytes() : std::span<const std::byte>(m_owned);
}

SafetensorsFile SafetensorsFile::open(const std::filesystem::path& path) {
  SafetensorsFile f{MappedFile(path), {}, path.string()};
  f.parseHeader();
  return f;
}

SafetensorsFile SafetensorsFile::fromBytes(std::vector<std::byte> bytes, std::string name) {
  SafetensorsFile f{std::nullopt, std::move(bytes), std::move(name)};
  f.parseHeader();
  return f;
}

void SafetensorsFile::parseHeader() {
  const std::string& file = fileName();
  const auto bytes = m_bytes;
  if (bytes.size() < 8)
    throw Error(file, "header length",
                fmt::format("truncated file: {} bytes, the 8-byte header length is missing",
                            bytes.size()));
  const std::uint64_t headerLen = readLe64(bytes.data());
  if (headerLen > bytes.size() - 8)
    throw Error(file, "header length",
                fmt::format("header length {} runs past the end of the file ({} bytes)", headerLen,
                            bytes.size()));
  const char* hdr = reinterpret_cast<const char*>(bytes.data() + 8);
  // Depth-bounded, duplicate tensor names rejected (json_read.h).
  const nlohmann::json j = parseJson(std::string_view(hdr, headerLen), file, "header");
  if (!j.is_object()) throw Error(file, "header", "must be a JSON object");
  m_data = bytes.subspan(8 + headerLen);

  for (const auto& [name, v] : j.items()) {
    if (name == "__metadata__") {
      if (!v.is_object()) throw Error(file, name, "must be an object of strings");
      for (const auto& [k, mv] : v.items()) {
        if (!mv.is_string()) throw Error(file, "__metadata__." + k, "must be a string");
        m_metadata[k] = mv.get<std::string>();
      }
      continue;
    }
    if (!v.is_object()) throw Error(file, name, "tensor entry must be an object");
    TensorInfo t;
    t.name = name;
    if (!v.contains("dtype") || !v["dtype"].is_string())
      throw Error(file, name, "dtype is missing or not a string");
    const std::string dt = v["dtype"].get<std::string>();
    if (!parseDType(dt, t.dtype))
      throw Error(file, name, fmt::format("unknown dtype {}", quoteText(dt)));
    if (!v.contains("shape") || !v["shape"].is_array())
      throw Error(file, name, "shape is missing or not an array");
    std::uint64_t numel = 1;
    for (const auto& d : v["shape"]) {
      const std::uint64_t dim = readIndex(d, file, name, "shape");
      if (dim != 0 && numel > std::numeric_limits<std::uint64_t>::max() / 16 / dim)
        throw Error(file, name, "shape is too large");
      numel *= dim;
      t.shape.push_back(static_cast<std::int64_t>(dim));
    }
    if (!v.contains("data_offsets") || !v["data_offsets"].is_array() ||
        v["data_offsets"].size() != 2)
      throw Error(file, name, "data_offsets must be an array [begin, end]");
    const std::uint64_t b = readIndex(v["data_offsets"][0], file, name, "data_offsets");
    const std::uint64_t e = readIndex(v["data_offsets"][1], file, name, "data_offsets");
    if (b > e) throw Error(file, name, fmt::format("data_offsets [{}, {}]: begin > end", b, e));
    if (e > m_data.size())
      throw Error(file, name,
                  fmt::format("data_offsets [{}, {}] out of range: the data section holds {} bytes",
                              b, e, m_data.size()));
    const std::uint64_t want = numel * dtypeSize(t.dtype);
    if (e - b != want)
      throw Error(file, name,
                  fmt::format("data_offsets [{}, {}] span {} bytes but shape [{}] of {} needs {}",
                              b, e, e - b, fmt::join(t.shape, ","), dt, want));
    t.begin = static_cast<std::size_t>(b);
    t.end = static_cast<std::size_t>(e);
    m_tensors.emplace(name, std::move(t));
  }
  checkCoverage();
}

// The format: "The byte buffer needs to be entirely indexed, and cannot contain holes" (no
// overlaps either: two tensors over the same bytes would silently alias).
void SafetensorsFile::checkCoverage() const {
  std::vector<const TensorInfo*> order;
  order.reserve(m_tensors.size());
  for (const auto& kv : m_tensors) order.push_back(&kv.second);
  std::sort(order.begin(), order.end(), [](const TensorInfo* a, const TensorInfo* b) {
    return std::tie(a->begin, a->end, a->name) < std::tie(b->begin, b->end, b->name);
  });
  std::size_t covered = 0;
  const TensorInfo* prev = nullptr;
  for (const TensorInfo* t : order) {
    if (t->begin < covered)
      throw Error(fileName(), t->name,
                  fmt::format("data_offsets [{}, {}] overlap those of {} [{}, {}]", t->begin,
                              t->end, quoteText(prev->name), prev->begin, prev->end));
    if (t->begin > covered)
      throw Error(fileName(), t->name,
                  fmt::format("data_offsets [{}, {}] leave bytes [{}, {}) of the data section "
                              "unused (the format allows no gaps)",
                              t->begin, t->end, covered, t->begin));
    covered = t->end;
    prev = t;
  }
  if (covered != m_data.size())
    throw Error(fileName(), "data_offsets",
                fmt::format("the tensors cover {} bytes but the data section holds {} (the format "
                            "allows no trailing bytes)",
                            covered, m_data.size()));
}

std::vector<std::string> SafetensorsFile::names() const {
  std::vector<std::string> out;
  out.reserve(m_tensors.size());
  for (const auto& kv : m_tensors) out.push_back(kv.first);
  return out;
}

const TensorInfo& SafetensorsFile::info(const std::string& name) const {
  const auto it = m_tensors.find(name);
  if (it == m_tensors.end()) throw Error(fileName(), name, "missing tensor");
  return it->second;
}

std::span<const std::byte> SafetensorsFile::rawBytes(const std::string& name) const {
  const TensorInfo& t = info(name);
  return m_data.subspan(t.begin, t.end - t.begin);
}

void SafetensorsFile::dropPages(const std::string& name) const {
  if (!m_file) return;
  const auto raw = rawBytes(name);
  m_file->dropPages(static_cast<std::size_t>(raw.data() - m_file->bytes().data()), raw.size());
}

FloatTensor SafetensorsFile::floats(const std::string& name) const {
  const TensorInfo& t = info(name);
  const auto raw = rawBytes(name);
  const std::size_t n = static_cast<std::size_t>(t.numel());
  switch (t.dtype) {
    case DType::F32: {
      if (reinterpret_cast<std::uintptr_t>(raw.data()) % alignof(float) == 0)
        return FloatTensor(t.shape, std::span<const float>(
                                        reinterpret_cast<const float*>(raw.data()), n));
      auto out = largeFloatBuffer(n);  // misaligned offset: copy (legal in the format, rare)
      if (n > 0) std::memcpy(out.get(), raw.data(), n * sizeof(float));
      return FloatTensor(t.shape, std::move(out), n);
    }
    case DType::F16:
    case DType::BF16: {
      auto out = largeFloatBuffer(n);
      convertHalves(raw.data(), out.get(), n, t.dtype == DType::F16);
      return FloatTensor(t.shape, std::move(out), n);
    }
    default:
      throw Error(fileName(), name,
                  fmt::format("dtype {} is not a floating-point type this reader supports "
                              "(F32, F16, BF16)",
                              dtypeName(t.dtype)));
  }
}

}  // namespace spatten::core
