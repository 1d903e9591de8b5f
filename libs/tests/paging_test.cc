// The paging rule every list RPC shares: default page, maximum, negative offsets, one error.
#include "rpc/paging.h"

#include <gtest/gtest.h>

#include "errors/error.h"
#include "i18n/messages.h"

namespace billing::rpc {
namespace {

// Stands in for common.v1.Paging.
struct FakePaging {
  int32_t limit_ = 0;
  int32_t offset_ = 0;
  int32_t limit() const { return limit_; }
  int32_t offset() const { return offset_; }
};

TEST(PagingTest, ZeroLimitAsksForTheDefaultPage) {
  Page page = ReadPage(FakePaging{0, 0});
  EXPECT_EQ(page.limit, kDefaultPageSize);
  EXPECT_EQ(page.offset, 0);
  EXPECT_EQ(RequestedPage(FakePaging{0, 7}).limit, kDefaultPageSize);
  EXPECT_EQ(RequestedPage(FakePaging{0, 7}).offset, 7);
}

TEST(PagingTest, PagesWithinTheRuleAreKept) {
  for (int32_t limit : {1, 50, kMaxPageSize}) {
    errors::FieldErrors fields;
    Page page = ReadPage(FakePaging{limit, 1000}, fields);
    EXPECT_TRUE(fields.empty()) << limit;
    EXPECT_EQ(page.limit, limit);
    EXPECT_EQ(page.offset, 1000);
  }
}

TEST(PagingTest, EachBadValueIsNamedAsItsOwnField) {
  errors::FieldErrors fields;
  ReadPage(FakePaging{kMaxPageSize + 1, 0}, fields);
  EXPECT_EQ(fields, (errors::FieldErrors{{"limit", i18n::kInvalidPaging}}));
  fields.clear();
  ReadPage(FakePaging{-1, 0}, fields);
  EXPECT_EQ(fields.count("limit"), 1u);
  fields.clear();
  ReadPage(FakePaging{10, -1}, fields);
  EXPECT_EQ(fields, (errors::FieldErrors{{"offset", i18n::kInvalidPaging}}));
  fields = {{"status", "other"}};
  ReadPage(FakePaging{-5, -5}, fields);
  EXPECT_EQ(fields.size(), 3u) << "the caller's own fields stay";
}

TEST(PagingTest, AReadWithNothingElseThrowsInvalidArgument) {
  try {
    ReadPage(FakePaging{kMaxPageSize + 1, -1});
    FAIL() << "no error";
  } catch (const errors::Error& error) {
    EXPECT_EQ(error.code(), errors::Code::kInvalidArgument);
    EXPECT_EQ(error.message(), i18n::kValidationFailed);
    EXPECT_EQ(error.fields().count("limit"), 1u);
    EXPECT_EQ(error.fields().count("offset"), 1u);
  }
}

TEST(PagingTest, CheckPageAloneAppliesNoDefault) {
  errors::FieldErrors fields;
  CheckPage({0, 0}, fields);
  EXPECT_EQ(fields.count("limit"), 1u);
}

}  // namespace
}  // namespace billing::rpc
