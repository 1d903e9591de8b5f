// Typed JSON reads: wrong types and missing fields are reported per field.
#include "http/json_fields.h"

#include <limits>

#include <gtest/gtest.h>

#include "i18n/messages.h"

namespace billing::gateway {
namespace {

TEST(JsonFieldsTest, ReadsTypedValues) {
  nlohmann::json body = {{"name", "Siti"}, {"active", true}, {"fee", 150000}, {"none", nullptr}};
  JsonFields fields(body);
  EXPECT_EQ(fields.String("name"), "Siti");
  EXPECT_EQ(fields.Bool("active"), true);
  EXPECT_EQ(fields.Int("fee"), 150000);
  EXPECT_EQ(fields.String("none"), std::nullopt);
  EXPECT_EQ(fields.String("missing"), std::nullopt);
  EXPECT_NO_THROW(fields.Done());
}

TEST(JsonFieldsTest, CollectsWrongTypesAndMissingRequiredFields) {
  nlohmann::json body = {{"username", 5}, {"active", "yes"}, {"fee", 1.5}, {"password", ""}};
  JsonFields fields(body);
  fields.RequiredString("username");
  fields.Bool("active");
  fields.Int("fee");
  fields.RequiredString("password");
  fields.RequiredString("role");
  try {
    fields.Done();
    FAIL() << "expected an error";
  } catch (const errors::Error& e) {
    EXPECT_EQ(e.code(), errors::Code::kInvalidArgument);
    EXPECT_EQ(e.fields().size(), 5u);
    EXPECT_EQ(e.fields().count("role"), 1u);
  }
}

TEST(JsonFieldsTest, OnlyTheseRefusesOtherKeysAndRefuseAddsTheCallersErrors) {
  JsonFields fields(nlohmann::json{{"name", "Listrik"}, {"kind", "expense"}, {"colour", "red"}});
  fields.OnlyThese({"name", "kind"});
  EXPECT_EQ(fields.String("name"), "Listrik");
  fields.Refuse("kind", i18n::kInvalidChoice);
  ASSERT_EQ(fields.Errors().size(), 2u);
  EXPECT_EQ(fields.Errors().at("colour"), i18n::kUnknownField);
  EXPECT_EQ(fields.Errors().at("kind"), i18n::kInvalidChoice);
  try {
    fields.Done();
    FAIL() << "Done() should throw";
  } catch (const errors::Error& e) {
    EXPECT_EQ(e.fields(), fields.Errors());
  }
  JsonFields clean(nlohmann::json{{"name", "Gaji"}});
  clean.OnlyThese({"name", "kind"});
  EXPECT_NO_THROW(clean.Done());
}

TEST(JsonFieldsTest, NumbersBeyondInt64AreRefusedNotWrapped) {
  nlohmann::json body = nlohmann::json::parse(
      R"({"huge": 18446744073709551615, "max": 9223372036854775807, "min": -9223372036854775808})");
  JsonFields fields(body);
  EXPECT_EQ(fields.Int("huge"), std::nullopt);  // was -1
  EXPECT_EQ(fields.Int("max"), std::numeric_limits<int64_t>::max());
  EXPECT_EQ(fields.Int("min"), std::numeric_limits<int64_t>::min());
  try {
    fields.Done();
    FAIL() << "expected an error";
  } catch (const errors::Error& e) {
    EXPECT_EQ(e.code(), errors::Code::kInvalidArgument);
    EXPECT_EQ(e.fields().count("huge"), 1u);
  }
}

TEST(JsonFieldsTest, Int32FieldsRefuseNumbersBeyondInt32) {
  nlohmann::json body = {{"port", 8728},
                         {"grace_days", 99999999999LL},
                         {"due_day", -2147483649LL},
                         {"low", std::numeric_limits<int32_t>::min()},
                         {"word", "10"}};
  JsonFields fields(body);
  EXPECT_EQ(fields.Int32("port"), 8728);
  EXPECT_EQ(fields.Int32("low"), std::numeric_limits<int32_t>::min());
  EXPECT_EQ(fields.Int32("grace_days"), std::nullopt);
  EXPECT_EQ(fields.Int32("due_day"), std::nullopt);
  EXPECT_EQ(fields.Int32("word"), std::nullopt);
  EXPECT_EQ(fields.Int32("missing"), std::nullopt);
  try {
    fields.Done();
    FAIL() << "expected an error";
  } catch (const errors::Error& e) {
    EXPECT_EQ(e.fields(), (errors::FieldErrors{{"grace_days", i18n::kWrongType},
                                               {"due_day", i18n::kWrongType},
                                               {"word", i18n::kWrongType}}));
  }
}

}  // namespace
}  // namespace billing::gateway
