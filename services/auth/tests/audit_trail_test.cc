// Audit and event reads on in-memory fakes: admins only for the audit, filters and batch sizes
// checked before the store is asked.
#include "audit_trail.h"

#include <gtest/gtest.h>

#include "errors/error_of.h"
#include "i18n/messages.h"
#include "testing/fake_audit_store.h"
#include "testing/fake_password_hasher.h"
#include "testing/fake_user_store.h"

namespace billing::auth {
namespace {

using errors::ErrorOf;

class AuditTrailTest : public ::testing::Test {
 protected:
  AuditTrailTest() {
    admin_.user_id = users_.Add("admin", "h", domain::Role::kAdmin).id;
    admin_.role = domain::Role::kAdmin;
    staff_.user_id = users_.Add("staff", "h").id;
    staff_.role = domain::Role::kStaff;
    for (int64_t seq = 1; seq <= 1200; ++seq) {
      EventRow row;
      row.seq = seq;
      audit_.events.push_back(row);
    }
  }

  testing::FakeUserStore users_;
  testing::FakePasswordHasher hasher_;
  testing::FakeAuditStore audit_;
  UserAdmin admins_{users_, hasher_};
  AuditTrail trail_{audit_, admins_};
  rpc::Caller admin_;
  rpc::Caller staff_;
};

TEST_F(AuditTrailTest, OnlySettledAdminsReadTheAudit) {
  audit_.audit.total = 7;
  EXPECT_EQ(trail_.List(admin_, AuditQuery{}).total, 7);
  auto staff = ErrorOf([&] { trail_.List(staff_, AuditQuery{}); });
  ASSERT_TRUE(staff);
  EXPECT_EQ(staff->code(), errors::Code::kPermissionDenied);
  users_.users[admin_.user_id].password_is_default = true;
  auto unsettled = ErrorOf([&] { trail_.List(admin_, AuditQuery{}); });
  ASSERT_TRUE(unsettled);
  EXPECT_EQ(unsettled->code(), errors::Code::kPasswordChangeRequired);
  EXPECT_EQ(audit_.queries.size(), 1u);
}

TEST_F(AuditTrailTest, BadFiltersAreRefusedBeforeTheStoreIsAsked) {
  AuditQuery query;
  query.from = "2026-02-30";
  query.limit = 0;
  auto error = ErrorOf([&] { trail_.List(admin_, query); });
  ASSERT_TRUE(error);
  EXPECT_EQ(error->code(), errors::Code::kInvalidArgument);
  EXPECT_EQ(error->fields().count("from"), 1u);
  EXPECT_TRUE(audit_.queries.empty());

  query = AuditQuery{};
  query.user = "budi";
  query.from = "2026-01-01";
  trail_.List(admin_, query);
  ASSERT_EQ(audit_.queries.size(), 1u);
  EXPECT_EQ(audit_.queries[0].user, "budi");
}

TEST_F(AuditTrailTest, EventsComeInBatchesAfterTheGivenSequence) {
  EventPage page = trail_.EventsAfter(0, 0);
  ASSERT_EQ(page.items.size(), static_cast<size_t>(AuditTrail::kDefaultEventBatch));
  EXPECT_EQ(page.items.front().seq, 1);
  EXPECT_EQ(page.head_seq, 1200);
  page = trail_.EventsAfter(1190, AuditTrail::kMaxEventBatch);
  ASSERT_EQ(page.items.size(), 10u);
  EXPECT_EQ(page.items.front().seq, 1191);
  for (auto [after, limit] :
       {std::pair<int64_t, int>{0, AuditTrail::kMaxEventBatch + 1}, {0, -1}, {-1, 10}}) {
    auto error = ErrorOf([&] { trail_.EventsAfter(after, limit); });
    ASSERT_TRUE(error) << after << " " << limit;
    EXPECT_EQ(error->code(), errors::Code::kInvalidArgument);
    EXPECT_EQ(error->message(), i18n::kInvalidPaging);
  }
}

}  // namespace
}  // namespace billing::auth
