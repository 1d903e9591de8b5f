// Validation rules for usernames, names and passwords.
#include "user_rules.h"

#include <gtest/gtest.h>

namespace billing::auth {
namespace {

TEST(UserRulesTest, UsernameCharsetAndLength) {
  EXPECT_FALSE(CheckUsername("kasir.01").has_value());
  EXPECT_FALSE(CheckUsername("Budi_S-2").has_value());
  EXPECT_TRUE(CheckUsername("").has_value());
  EXPECT_TRUE(CheckUsername("ab").has_value());
  EXPECT_TRUE(CheckUsername(std::string(33, 'a')).has_value());
  EXPECT_TRUE(CheckUsername("budi santoso").has_value());
  EXPECT_TRUE(CheckUsername("admin'--").has_value());
  EXPECT_TRUE(CheckUsername("sité").has_value());
}

TEST(UserRulesTest, PasswordLengthCountsCharactersNotBytes) {
  EXPECT_TRUE(CheckNewPassword("").has_value());
  EXPECT_TRUE(CheckNewPassword("1234567").has_value());
  EXPECT_FALSE(CheckNewPassword("12345678").has_value());
  EXPECT_TRUE(CheckNewPassword("ééé").has_value());  // 6 bytes, 3 characters
  EXPECT_TRUE(CheckNewPassword(std::string(129, 'x')).has_value());
}

TEST(UserRulesTest, FullNameLimitAndControlCharacters) {
  EXPECT_FALSE(CheckFullName("Siti Nurhaliza").has_value());
  EXPECT_FALSE(CheckFullName("").has_value());
  EXPECT_TRUE(CheckFullName(std::string(101, 'a')).has_value());
  EXPECT_TRUE(CheckFullName("a\nb").has_value());
}

TEST(UserRulesTest, ThrowIfAnyCarriesTheFields) {
  errors::FieldErrors fields;
  Collect(fields, "username", CheckUsername(""));
  Collect(fields, "password", std::nullopt);
  try {
    ThrowIfAny(fields);
    FAIL() << "expected an error";
  } catch (const errors::Error& e) {
    EXPECT_EQ(e.code(), errors::Code::kInvalidArgument);
    EXPECT_EQ(e.fields().size(), 1u);
    EXPECT_TRUE(e.fields().count("username"));
  }
}

}  // namespace
}  // namespace billing::auth
