// The direct JSON writer: escaping, numbers, nesting and ill-formed UTF-8 as nlohmann dumps them.
#include "http/json_writer.h"

#include <cstdint>
#include <limits>
#include <random>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace billing::gateway {
namespace {

std::string Written(std::string_view text) {
  std::string out;
  AppendJsonString(out, text);
  return out;
}

std::string Hex(const std::string& text) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : text) out += {kDigits[c >> 4], kDigits[c & 0xF], ' '};
  return out;
}

// What the gateway sent before: nlohmann's dump with invalid UTF-8 replaced.
std::string Dumped(const std::string& text) {
  return nlohmann::json(text).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

TEST(JsonWriterTest, EscapesQuotesBackslashesAndControlCharacters) {
  EXPECT_EQ(Written("a\"b\\c"), R"("a\"b\\c")");
  EXPECT_EQ(Written("\b\f\n\r\t"), R"("\b\f\n\r\t")");
  EXPECT_EQ(Written(std::string("\0\x01\x1f", 3)), R"("\u0000\u0001\u001f")");
  EXPECT_EQ(Written("/\x7f"), "\"/\x7f\"");  // neither is escaped by JSON (nor by nlohmann)
  for (int c = 0; c < 0x80; ++c) {
    std::string text(1, static_cast<char>(c));
    EXPECT_EQ(Written(text), Dumped(text)) << "byte " << c;
  }
}

TEST(JsonWriterTest, KeepsWellFormedUtf8AsItIs) {
  std::string text =
      "Warung Bu Siti \xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80 \xEF\xBF\xBF \xF4\x8F\xBF\xBF";
  EXPECT_EQ(Written(text), "\"" + text + "\"");
  EXPECT_EQ(Written(text), Dumped(text));
}

TEST(JsonWriterTest, ReplacesIllFormedUtf8LikeNlohmann) {
  const std::string cases[] = {
      "\xFF",              // never a UTF-8 byte
      "\x80 lone",         // continuation without a lead
      "\xC0\xAF",          // overlong '/'
      "\xE0\x80\xAF",      // overlong, three bytes
      "\xED\xA0\x80",      // a surrogate
      "\xF4\x90\x80\x80",  // past U+10FFFF
      "\xF5\x80\x80\x80",  // lead byte past U+10FFFF
      "\xE2\x82",          // cut short by the end
      "\xE2\x82"
      "A",                     // cut short by an ASCII byte
      "\xE2\x82\xE2\x82\xAC",  // cut short by another sequence
      "\xF0\x9F\x98",          // four-byte sequence cut short
      "ok\xC3",                // lead byte at the end
  };
  for (const auto& text : cases) {
    EXPECT_EQ(Written(text), Dumped(text)) << Hex(text);
    EXPECT_TRUE(nlohmann::json::accept(Written(text)));
  }
  EXPECT_EQ(Written("\xFF"), "\"\xEF\xBF\xBD\"");
  EXPECT_EQ(Written("\xE2\x82"
                    "A"),
            "\"\xEF\xBF\xBD"
            "A\"");
}

TEST(JsonWriterTest, AgreesWithNlohmannOnRandomBytes) {
  // Bytes drawn mostly from the interesting ranges: ASCII specials, continuation and lead bytes.
  const unsigned char pool[] = {'a',  '"',  '\\', '\n', 0x01, 0x1F, 0x7F, 0x80, 0x8F,
                                0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC2, 0xDF, 0xE0, 0xE2,
                                0xED, 0xEF, 0xF0, 0xF3, 0xF4, 0xF5, 0xFF};
  std::mt19937 random(13);
  std::uniform_int_distribution<size_t> length(0, 12);
  std::uniform_int_distribution<size_t> pick(0, sizeof(pool) - 1);
  for (int round = 0; round < 20000; ++round) {
    std::string text;
    for (size_t n = length(random); n > 0; --n)
      text.push_back(static_cast<char>(pool[pick(random)]));
    ASSERT_EQ(Written(text), Dumped(text)) << Hex(text);
  }
}

TEST(JsonWriterTest, WritesIntegersAndLiterals) {
  JsonWriter out;
  out.BeginArray()
      .Int(0)
      .Int(-1)
      .Int(std::numeric_limits<int64_t>::min())
      .Int(std::numeric_limits<int64_t>::max())
      .Bool(true)
      .Bool(false)
      .Null()
      .TimeOrNull("")
      .TimeOrNull("2026-11-30T07:00:00+07:00")
      .IdOrNull(0)
      .IdOrNull(7)
      .EndArray();
  EXPECT_EQ(out.str(),
            "[0,-1,-9223372036854775808,9223372036854775807,true,false,null,null,"
            "\"2026-11-30T07:00:00+07:00\",null,7]");
}

TEST(JsonWriterTest, NestsObjectsAndArraysWithSeparators) {
  JsonWriter out;
  out.BeginObject()
      .Member("name", std::string("Siti"))
      .Member("fee", int64_t{150000})
      .Member("active", true)
      .Key("empty_object")
      .BeginObject()
      .EndObject()
      .Key("empty_array")
      .BeginArray()
      .EndArray()
      .Key("rows")
      .BeginArray()
      .BeginObject()
      .Member("a", 1)
      .EndObject()
      .BeginObject()
      .Key("b")
      .BeginArray()
      .Int(1)
      .BeginArray()
      .EndArray()
      .EndArray()
      .EndObject()
      .EndArray()
      .EndObject();
  EXPECT_EQ(out.str(),
            R"({"name":"Siti","fee":150000,"active":true,"empty_object":{},"empty_array":[],)"
            R"("rows":[{"a":1},{"b":[1,[]]}]})");
  nlohmann::json expected = {{"name", "Siti"},
                             {"fee", 150000},
                             {"active", true},
                             {"empty_object", nlohmann::json::object()},
                             {"empty_array", nlohmann::json::array()},
                             {"rows", {{{"a", 1}}, {{"b", {1, nlohmann::json::array()}}}}}};
  EXPECT_EQ(nlohmann::json::parse(out.str()), expected);
}

TEST(JsonWriterTest, EscapesKeys) {
  JsonWriter out;
  out.BeginObject().Member("a\"b", 1).EndObject();
  EXPECT_EQ(out.str(), R"({"a\"b":1})");
}

}  // namespace
}  // namespace billing::gateway
