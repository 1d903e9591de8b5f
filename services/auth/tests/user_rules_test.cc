// Validation rules for usernames, names and passwords.
#include "user_rules.h"

#include <gtest/gtest.h>

#include "i18n/messages.h"

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
  EXPECT_TRUE(CheckNewPassword("", "kasir").has_value());
  EXPECT_TRUE(CheckNewPassword("1234567", "kasir").has_value());
  EXPECT_FALSE(CheckNewPassword("12345679", "kasir").has_value());
  EXPECT_TRUE(CheckNewPassword("ééé", "kasir").has_value());  // 6 bytes, 3 characters
  EXPECT_FALSE(CheckNewPassword("éééééééé", "kasir").has_value());
  EXPECT_TRUE(CheckNewPassword(std::string(129, 'x'), "kasir").has_value());
}

TEST(UserRulesTest, KnownDefaultsAndTheUsernameAreRefused) {
  for (const char* known : {"admin123", "ADMIN123", "staff123", "password", "12345678"}) {
    EXPECT_EQ(CheckNewPassword(known, "kasir"), i18n::kPasswordTooCommon) << known;
  }
  EXPECT_EQ(CheckNewPassword("kasir.satu", "Kasir.Satu"), i18n::kPasswordTooCommon);
  EXPECT_EQ(CheckNewPassword("kasir.satu123", "kasir.satu"), i18n::kPasswordTooCommon);
  EXPECT_FALSE(CheckNewPassword("kasir.satu-rahasia", "kasir.satu").has_value());
  EXPECT_TRUE(IsKnownDefaultPassword("Staff123"));
  EXPECT_FALSE(IsKnownDefaultPassword("staff1234-toko"));
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
