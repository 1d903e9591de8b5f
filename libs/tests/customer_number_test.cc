// The customer number as printed and as typed into the portal's sign-in.
#include "domain/customer_number.h"

#include <gtest/gtest.h>

namespace billing::domain {
namespace {

TEST(CustomerNumberTest, PadsToFourDigitsBehindThePrefix) {
  EXPECT_EQ(FormatCustomerNumber(42), "PLG-0042");
  EXPECT_EQ(FormatCustomerNumber(7), "PLG-0007");
  EXPECT_EQ(FormatCustomerNumber(123456), "PLG-123456");
}

TEST(CustomerNumberTest, ReadsWhatCustomersType) {
  EXPECT_EQ(ParseCustomerNumber("PLG-0042"), 42);
  EXPECT_EQ(ParseCustomerNumber(" plg-42 "), 42);
  EXPECT_EQ(ParseCustomerNumber("PLG 42"), 42);
  EXPECT_EQ(ParseCustomerNumber("plg42"), 42);
  EXPECT_EQ(ParseCustomerNumber("42"), 42);
  EXPECT_EQ(ParseCustomerNumber(FormatCustomerNumber(987654)), 987654);
}

TEST(CustomerNumberTest, RefusesAnythingElse) {
  for (const char* bad : {"", "PLG-", "PLG-0", "0", "-42", "42a", "PLG--42", "ABC-42", "4 2",
                          "1234567890123", "PLG-12345678901234"}) {
    EXPECT_EQ(ParseCustomerNumber(bad), std::nullopt) << bad;
  }
}

}  // namespace
}  // namespace billing::domain
