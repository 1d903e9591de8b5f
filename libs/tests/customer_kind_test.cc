// Customer type and status words: parsed, named and numbered from one table.
#include "domain/customer_kind.h"

#include <gtest/gtest.h>

namespace billing::domain {
namespace {

TEST(CustomerKindTest, TypesRoundTripThroughTheirWords) {
  for (CustomerType type : {CustomerType::kInternet, CustomerType::kGas}) {
    EXPECT_EQ(ParseCustomerType(Name(type)), type);
    EXPECT_EQ(CustomerTypeOf(static_cast<int>(type)), type);
    EXPECT_EQ(CustomerTypeName(static_cast<int>(type)), Name(type));
  }
  EXPECT_EQ(Name(CustomerType::kInternet), "internet");
  EXPECT_EQ(Name(CustomerType::kGas), "gas");
}

TEST(CustomerKindTest, StatusesRoundTripThroughTheirWords) {
  for (CustomerStatus status :
       {CustomerStatus::kActive, CustomerStatus::kIsolated, CustomerStatus::kInactive}) {
    EXPECT_EQ(ParseCustomerStatus(Name(status)), status);
    EXPECT_EQ(CustomerStatusOf(static_cast<int>(status)), status);
    EXPECT_EQ(CustomerStatusName(static_cast<int>(status)), Name(status));
  }
  EXPECT_EQ(Name(CustomerStatus::kActive), "active");
  EXPECT_EQ(Name(CustomerStatus::kIsolated), "isolated");
  EXPECT_EQ(Name(CustomerStatus::kInactive), "inactive");
}

TEST(CustomerKindTest, UnknownWordsAndNumbersAreRefused) {
  for (const char* bad : {"", "kabel", "Internet", "GAS", "internet "}) {
    EXPECT_EQ(ParseCustomerType(bad), std::nullopt) << bad;
  }
  for (const char* bad : {"", "aktif", "Active", "deleted"}) {
    EXPECT_EQ(ParseCustomerStatus(bad), std::nullopt) << bad;
  }
  for (int number : {0, 3, -1, 99}) EXPECT_EQ(CustomerTypeOf(number), std::nullopt) << number;
  for (int number : {0, 4, -1}) EXPECT_EQ(CustomerStatusOf(number), std::nullopt) << number;
  EXPECT_EQ(CustomerTypeName(0), "");
  EXPECT_EQ(CustomerStatusName(0), "");
}

}  // namespace
}  // namespace billing::domain
