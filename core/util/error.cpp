#include "core/util/error.h"

namespace spatten::core {
namespace {
std::string compose(const std::string& file, const std::string& field, const std::string& msg) {
  std::string out;
  if (!file.empty()) out += file + ": ";
  if (!field.empty()) out += field + ": ";
  return out + msg;
}
}  // namespace

Error::Error(std::string file, std::string field, const std::string& message)
    : std::runtime_error(compose(file, field, message)),
      m_file(std::move(file)),
      m_field(std::move(field)) {}

}  // namespace spatten::core
