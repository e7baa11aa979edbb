#include "core/util/error.h"

#include "core/util/message_text.h"

namespace spatten::core {
namespace {
// Every part may quote untrusted input: escaped (no raw control bytes reach a terminal) and
// bounded, so one line stays one readable line.
constexpr std::size_t kPartLimit = 2048;

std::string compose(const std::string& file, const std::string& field, const std::string& msg) {
  std::string out;
  if (!file.empty()) out += escapeText(file, kPartLimit) + ": ";
  if (!field.empty()) out += escapeText(field, kPartLimit) + ": ";
  return out + escapeText(msg, kPartLimit);
}
}  // namespace

Error::Error(std::string file, std::string field, const std::string& message)
    : std::runtime_error(compose(file, field, message)),
      m_file(std::move(file)),
      m_field(std::move(field)),
      m_message(message) {}

}  // namespace spatten::core
