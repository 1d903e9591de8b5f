// Query parameter numbers and paging: one parser, one error shape for every route.
#include "http/query_params.h"

#include <limits>
#include <map>
#include <string>

#include <gtest/gtest.h>

#include "i18n/messages.h"

namespace billing::gateway {
namespace {

QueryParams Params(std::map<std::string, std::string> values) {
  return QueryParams([values = std::move(values)](const std::string& name) {
    auto it = values.find(name);
    return it == values.end() ? std::string() : it->second;
  });
}

// The field errors Done() throws; empty when it does not throw.
errors::FieldErrors Errors(const QueryParams& query) {
  try {
    query.Done();
  } catch (const errors::Error& error) {
    EXPECT_EQ(error.code(), errors::Code::kInvalidArgument);
    EXPECT_EQ(error.message(), i18n::kValidationFailed);
    return error.fields();
  }
  return {};
}

TEST(ParseWholeNumberTest, AcceptsPlainDecimalsInRange) {
  EXPECT_EQ(ParseWholeNumber("0", 0, 10), 0);
  EXPECT_EQ(ParseWholeNumber("007", 0, 10), 7);
  EXPECT_EQ(ParseWholeNumber("-3", -5, 5), -3);
  EXPECT_EQ(ParseWholeNumber("9223372036854775807", 0, std::numeric_limits<int64_t>::max()),
            std::numeric_limits<int64_t>::max());
}

TEST(ParseWholeNumberTest, RefusesEverythingElse) {
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
  for (const char* bad : {"", "abc", "1x", "x1", "+1", " 1", "1 ", "1.5", "1e3", "0x10", "--1",
                          "9223372036854775808", "99999999999999999999"}) {
    EXPECT_EQ(ParseWholeNumber(bad, 0, kMax), std::nullopt) << bad;
  }
  EXPECT_EQ(ParseWholeNumber("-1", 0, kMax), std::nullopt);
  EXPECT_EQ(ParseWholeNumber("11", 0, 10), std::nullopt);
  EXPECT_EQ(ParseWholeNumber("0", 1, 10), std::nullopt);
}

TEST(QueryParamsTest, AbsentParametersGiveTheirFallback) {
  QueryParams query = Params({});
  EXPECT_EQ(query.Int64("customer_id", 0), 0);
  EXPECT_EQ(query.Int32("days", 7), 7);
  rpc::Page page = query.Page();
  EXPECT_EQ(page.limit, rpc::kDefaultPageSize);
  EXPECT_EQ(page.offset, 0);
  EXPECT_TRUE(Errors(query).empty());
}

TEST(QueryParamsTest, ReadsNumbersAndThePage) {
  QueryParams query = Params({{"customer_id", "42"}, {"limit", "500"}, {"offset", "1000"}});
  EXPECT_EQ(query.Int64("customer_id", 0), 42);
  EXPECT_EQ(query.Page().limit, rpc::kMaxPageSize);
  EXPECT_EQ(query.Page().offset, 1000);
  EXPECT_TRUE(Errors(query).empty());
}

TEST(QueryParamsTest, NamesEveryBadParameterAtOnce) {
  QueryParams query = Params({{"customer_id", "abc"},
                              {"package", "-3"},
                              {"limit", "0"},
                              {"offset", "-1"},
                              {"days", "3000000000"}});
  EXPECT_EQ(query.Int64("customer_id", 0), 0);
  query.Int64("package", 0);
  query.Int32("days", 7);
  rpc::Page page = query.Page();
  EXPECT_EQ(page.limit, rpc::kDefaultPageSize) << "a bad value leaves the fallback";
  EXPECT_EQ(Errors(query), (errors::FieldErrors{{"customer_id", i18n::kWrongType},
                                                {"package", i18n::kWrongType},
                                                {"days", i18n::kWrongType},
                                                {"limit", i18n::kInvalidPaging},
                                                {"offset", i18n::kInvalidPaging}}));
}

TEST(QueryParamsTest, BooleansAreTrueOrFalseAndNothingElse) {
  QueryParams query = Params({{"needs_check", "true"}, {"active", "false"}, {"paid", "maybe"}});
  EXPECT_TRUE(query.Bool("needs_check", false));
  EXPECT_FALSE(query.Bool("active", true));
  EXPECT_TRUE(query.Bool("absent", true));
  EXPECT_FALSE(query.Bool("paid", false)) << "a bad value leaves the fallback";
  EXPECT_EQ(Errors(query), (errors::FieldErrors{{"paid", i18n::kWrongType}}));
}

TEST(QueryParamsTest, LimitOutsideOneToTheMaximumIsRefused) {
  for (const char* limit : {"0", "501", "100000", "abc", "-1", "99999999999"}) {
    QueryParams query = Params({{"limit", limit}});
    query.Page();
    EXPECT_EQ(Errors(query).count("limit"), 1u) << limit;
  }
}

TEST(QueryParamsTest, RangesAreTheCallersToChoose) {
  QueryParams query = Params({{"month", "13"}, {"year", "2026"}});
  query.Int32("month", 1, 1, 12);
  EXPECT_EQ(query.Int32("year", 0, 2000, 2100), 2026);
  EXPECT_EQ(Errors(query), (errors::FieldErrors{{"month", i18n::kWrongType}}));
}

}  // namespace
}  // namespace billing::gateway
