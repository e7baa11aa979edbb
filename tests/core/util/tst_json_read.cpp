// The bounded JSON reader: depth limit, duplicate keys, messages that quote input safely.
#include <QtTest>
#include <string>

#include "core/util/error.h"
#include "core/util/json_read.h"

using spatten::core::Error;
using spatten::core::parseJson;

namespace {

std::string errorOf(const std::string& text, const std::string& field = "") {
  try {
    (void)parseJson(text, "f.json", field);
  } catch (const Error& e) {
    return e.what();
  }
  return "(no error)";
}

std::string nested(int depth, char open, char close) {
  return std::string(static_cast<std::size_t>(depth), open) +
         std::string(static_cast<std::size_t>(depth), close);
}

}  // namespace

class TestJsonRead : public QObject {
  Q_OBJECT
private slots:
  void parsesOrdinaryJson() {
    const auto j = parseJson(R"({"a": [1, 2, {"b": null}], "c": "x"})", "f.json");
    QCOMPARE(j["a"][1].get<int>(), 2);
    QCOMPARE(j["c"].get<std::string>(), std::string("x"));
  }

  void depthLimitIsExact() {
    // 64 nested containers are accepted, 65 are not (objects and arrays count alike).
    QVERIFY(parseJson(nested(64, '[', ']'), "f.json").is_array());
    QCOMPARE(errorOf(nested(65, '[', ']')),
             std::string("f.json: not accepted JSON: nesting deeper than 64 levels of "
                         "arrays/objects"));
    std::string objects;
    for (int i = 0; i < 65; ++i) objects += "{\"k\":";
    objects += "1" + std::string(65, '}');
    QCOMPARE(errorOf(objects), std::string("f.json: not accepted JSON: nesting deeper than 64 "
                                           "levels of arrays/objects"));
  }

  void hugeDepthDoesNotCrash() {
    // The issue's input: 200k nested arrays (a recursive dump() or destructor would overflow).
    QVERIFY(errorOf(nested(200000, '[', ']'), "header")
                .find("f.json: header: not accepted JSON: "
                      "nesting deeper") == 0);
    // Unclosed: the limit is hit before the syntax error.
    QVERIFY(errorOf(std::string(300000, '[')).find("nesting deeper than 64") != std::string::npos);
  }

  void duplicateKeysAreRejected() {
    QCOMPARE(errorOf(R"({"a": 1, "a": 2})"),
             std::string("f.json: not accepted JSON: duplicate key 'a' in the top-level object"));
    QCOMPARE(errorOf(R"({"model": {"vocab": {"x": 1, "y": 2, "x": 3}}})"),
             std::string("f.json: not accepted JSON: duplicate key 'x' in 'model.vocab'"));
    QCOMPARE(errorOf(R"({"l": [{"a": 1}, {"a": 2, "a": 3}]})"),
             std::string("f.json: not accepted JSON: duplicate key 'a' in 'l[]'"));
    // The same key in sibling objects is fine.
    QVERIFY(parseJson(R"([{"a": 1}, {"a": 2}])", "f.json").is_array());
  }

  void syntaxErrorsNameLineAndColumn() {
    QCOMPARE(errorOf("{\n  \"a\": 1,\n  x}", "json"),
             std::string("f.json: json: not valid JSON: parse error at line 3, column 3: syntax "
                         "error while parsing object key - invalid literal; last read: "
                         "'1,<U+000A>  x'; expected string literal"));
    QCOMPARE(errorOf("[1e999]"), std::string("f.json: not valid JSON: number overflow parsing "
                                             "'1e999'"));
  }

  void controlBytesInInputAreEscaped() {
    // A key holding ESC (written \u001b in the file) is quoted escaped.
    const std::string msg = errorOf("{\"\\u001b[31mred\": 1, \"\\u001b[31mred\": 2}");
    QCOMPARE(msg, std::string("f.json: not accepted JSON: duplicate key '\\x1B[31mred' in the "
                              "top-level object"));
    QVERIFY(msg.find('\x1b') == std::string::npos);
  }

  void describeNeverWalksContainers() {
    using spatten::core::describeJson;
    QCOMPARE(describeJson(nlohmann::json::array({1, 2, 3})), std::string("an array of 3 elements"));
    QCOMPARE(describeJson(nlohmann::json::object()), std::string("an object of 0 keys"));
    QCOMPARE(describeJson(nlohmann::json(2.5)), std::string("2.5"));
    QCOMPARE(describeJson(nlohmann::json("a\x07"
                                         "b")),
             std::string("\"a\\x07b\""));
    const std::string longText(1000, 'z');
    QCOMPARE(describeJson(nlohmann::json(longText)),
             "\"" + std::string(80, 'z') + "... (1000 bytes)\"");
  }
};

QTEST_APPLESS_MAIN(TestJsonRead)
#include "tst_json_read.moc"
