#include "core/util/json_read.h"

#include <fmt/format.h>

#include <unordered_set>
#include <vector>

#include "core/util/error.h"
#include "core/util/file_read.h"
#include "core/util/message_text.h"

namespace spatten::core {
namespace {

using json = nlohmann::json;

// Thrown from inside the parser callback; turned into Error by parseJson.
struct Rejected {
  std::string message;
};

// Tracks the open containers while nlohmann's (iterative) parser runs: the depth limit and,
// per open object, the keys seen so far.
class Guard {
public:
  bool operator()(int depth, json::parse_event_t event, json& parsed) {
    switch (event) {
      case json::parse_event_t::object_start:
      case json::parse_event_t::array_start:
        if (depth + 1 > kMaxJsonDepth)
          throw Rejected{
              fmt::format("nesting deeper than {} levels of arrays/objects", kMaxJsonDepth)};
        m_open.push_back({event == json::parse_event_t::object_start, {}, {}});
        break;
      case json::parse_event_t::object_end:
      case json::parse_event_t::array_end:
        if (!m_open.empty()) m_open.pop_back();
        break;
      case json::parse_event_t::key: {
        Open& o = m_open.back();
        std::string key = parsed.get<std::string>();
        if (!o.keys.insert(key).second)
          throw Rejected{fmt::format("duplicate key {} in {}", quoteText(key), path())};
        o.current = std::move(key);
        break;
      }
      case json::parse_event_t::value:
        break;
    }
    return true;
  }

private:
  struct Open {
    bool object;
    std::unordered_set<std::string> keys;
    std::string current;  // key being parsed (objects)
  };

  // "the top-level object" or "model.vocab" (keys of the enclosing objects; arrays as "[]").
  std::string path() const {
    std::string p;
    for (std::size_t i = 0; i + 1 < m_open.size(); ++i) {
      if (m_open[i].object) {
        if (!p.empty()) p += '.';
        p += m_open[i].current;
      } else {
        p += "[]";
      }
    }
    return p.empty() ? "the top-level object" : quoteText(p);
  }

  std::vector<Open> m_open;
};

// nlohmann's what() without its "[json.exception.parse_error.101] " tag.
std::string plainMessage(const json::exception& e) {
  std::string m = e.what();
  if (!m.empty() && m[0] == '[') {
    const std::size_t close = m.find("] ");
    if (close != std::string::npos) m.erase(0, close + 2);
  }
  return m;
}

}  // namespace

json parseJson(std::string_view text, const std::string& source, const std::string& field) {
  Guard guard;
  try {
    return json::parse(text.begin(), text.end(),
                       [&guard](int depth, json::parse_event_t ev, json& parsed) {
                         return guard(depth, ev, parsed);
                       });
  } catch (const Rejected& r) {
    throw Error(source, field, fmt::format("not accepted JSON: {}", r.message));
  } catch (const json::exception& e) {
    throw Error(source, field, fmt::format("not valid JSON: {}", plainMessage(e)));
  }
}

json readJsonFile(const std::filesystem::path& path, std::size_t maxBytes) {
  return parseJson(readRegularFile(path, maxBytes), path.string());
}

std::string describeJson(const json& v) {
  switch (v.type()) {
    case json::value_t::array:
      return fmt::format("an array of {} elements", v.size());
    case json::value_t::object:
      return fmt::format("an object of {} keys", v.size());
    case json::value_t::string:
      return fmt::format("\"{}\"", escapeText(v.get_ref<const std::string&>(), kMessageQuoteLimit));
    case json::value_t::discarded:
      return "nothing";
    default:
      return v.dump();  // null, boolean, number: short by nature
  }
}

}  // namespace spatten::core
