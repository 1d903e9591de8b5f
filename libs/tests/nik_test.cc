// NIK rules from the table shared with the web form (libs/domain/nik_cases.json).
#include "domain/nik.h"

#include <fstream>
#include <optional>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace billing::domain {
namespace {

TEST(NikCasesTest, EveryCaseOfTheSharedTable) {
  std::ifstream file(NIK_CASES_PATH);
  nlohmann::json table = nlohmann::json::parse(file, nullptr, /*allow_exceptions=*/false);
  ASSERT_TRUE(table.is_object()) << NIK_CASES_PATH;
  ASSERT_GE(table["cases"].size(), 10U);
  int valid = 0;
  for (const auto& entry : table["cases"]) {
    std::string input = entry["input"];
    std::optional<std::string> got = NormalizeNik(input);
    ASSERT_EQ(got.has_value(), entry["valid"].get<bool>()) << input;
    if (got) {
      ++valid;
      EXPECT_EQ(*got, entry["normalized"].get<std::string>()) << input;
    }
  }
  EXPECT_GT(valid, 0);
}

}  // namespace
}  // namespace billing::domain
