#pragma once
// Error type for every bad-input failure in core. Contract: the message always names the
// file (or source such as "<config>" / "--text") and the field, so callers can show it as-is.

#include <stdexcept>
#include <string>

namespace spatten::core {

class Error : public std::runtime_error {
public:
  // what() == "<file>: <field>: <message>" (empty parts are omitted). Each part is escaped
  // (control bytes and ill-formed UTF-8 as \xNN, see message_text.h) and cut at 2048 bytes;
  // file() and field() return the parts unescaped.
  Error(std::string file, std::string field, const std::string& message);

  const std::string& file() const { return m_file; }
  const std::string& field() const { return m_field; }
  // The message part, unescaped (to re-throw it under another file or field).
  const std::string& message() const { return m_message; }

private:
  std::string m_file;
  std::string m_field;
  std::string m_message;
};

}  // namespace spatten::core
