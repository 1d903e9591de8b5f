// Phone rules from the table shared with the web form (libs/domain/phone_cases.json).
#include "domain/phone.h"

#include <fstream>
#include <optional>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace billing::domain {
namespace {

nlohmann::json PhoneCases() {
  std::ifstream file(PHONE_CASES_PATH);
  return nlohmann::json::parse(file, nullptr, /*allow_exceptions=*/false);
}

TEST(PhoneCasesTest, TheTableHoldsMobilesLandlinesAndBadNumbers) {
  nlohmann::json table = PhoneCases();
  ASSERT_TRUE(table.is_object()) << "cannot read " << PHONE_CASES_PATH;
  int valid = 0, invalid = 0, landlines = 0;
  for (const auto& row : table["cases"]) {
    bool ok = row["valid"].get<bool>();
    ok ? ++valid : ++invalid;
    if (ok && row["normalized"].get<std::string>().rfind("628", 0) != 0) ++landlines;
  }
  EXPECT_GE(valid, 10);
  EXPECT_GE(invalid, 10);
  EXPECT_GE(landlines, 3);
}

TEST(PhoneCasesTest, NormalizePhoneAnswersEveryRowOfTheTable) {
  nlohmann::json table = PhoneCases();
  ASSERT_TRUE(table.is_object()) << "cannot read " << PHONE_CASES_PATH;
  for (const auto& row : table["cases"]) {
    std::string input = row["input"].get<std::string>();
    std::optional<std::string> expected;
    if (row["valid"].get<bool>()) expected = row["normalized"].get<std::string>();
    EXPECT_EQ(NormalizePhone(input), expected) << "input: \"" << input << "\"";
  }
}

}  // namespace
}  // namespace billing::domain
