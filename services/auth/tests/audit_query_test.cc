// Audit filter validation: calendar dates, ranges, entity/action names, paging.
#include "audit_query.h"

#include <gtest/gtest.h>

#include "errors/error.h"

namespace billing::auth {
namespace {

errors::FieldErrors FieldsOf(const AuditQuery& query) {
  try {
    CheckAuditQuery(query);
  } catch (const errors::Error& error) {
    EXPECT_EQ(error.code(), errors::Code::kInvalidArgument);
    return error.fields();
  }
  return {};
}

TEST(AuditQueryTest, AcceptsRealCalendarDatesOnly) {
  EXPECT_TRUE(IsCalendarDate("2026-11-25"));
  EXPECT_TRUE(IsCalendarDate("2024-02-29"));
  EXPECT_FALSE(IsCalendarDate("2025-02-29"));
  EXPECT_FALSE(IsCalendarDate("2026-13-01"));
  EXPECT_FALSE(IsCalendarDate("2026-04-31"));
  EXPECT_FALSE(IsCalendarDate("26-11-25"));
  EXPECT_FALSE(IsCalendarDate("2026/11/25"));
  EXPECT_FALSE(IsCalendarDate("2026-11-2x"));
  EXPECT_FALSE(IsCalendarDate("'; DROP--"));
  EXPECT_FALSE(IsCalendarDate(""));
}

TEST(AuditQueryTest, EmptyFiltersAreFine) { EXPECT_TRUE(FieldsOf(AuditQuery{}).empty()); }

TEST(AuditQueryTest, NamesEveryBadField) {
  AuditQuery query;
  query.entity = "users; DROP TABLE";
  query.action = "Create";
  query.from = "2026-02-30";
  query.to = "besok";
  query.limit = 0;
  query.offset = -1;
  auto fields = FieldsOf(query);
  for (const char* name : {"entity", "action", "from", "to", "limit", "offset"}) {
    EXPECT_EQ(fields.count(name), 1u) << name;
  }
}

TEST(AuditQueryTest, ReversedRangeIsRejected) {
  AuditQuery query;
  query.from = "2026-02-01";
  query.to = "2026-01-31";
  EXPECT_EQ(FieldsOf(query).count("from"), 1u);
  query.to = "2026-02-01";
  EXPECT_TRUE(FieldsOf(query).empty());
}

TEST(AuditQueryTest, KnownEntitiesAndActionsPass) {
  AuditQuery query;
  query.entity = "transaction";
  query.action = "mark_lunas";
  query.user = "admin";
  EXPECT_TRUE(FieldsOf(query).empty());
}

}  // namespace
}  // namespace billing::auth
