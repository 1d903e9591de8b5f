// User events: Indonesian summaries, changed fields without secrets, no-op edits not audited.
#include "user_events.h"

#include <gtest/gtest.h>

namespace billing::auth {
namespace {

UserRecord Budi() {
  UserRecord user;
  user.id = 7;
  user.username = "budi";
  user.full_name = "Budi";
  user.role = domain::Role::kStaff;
  user.password_hash = "$argon2id$old";
  return user;
}

TEST(UserEventsTest, CreateNamesTheUserAndRole) {
  events::Change change = UserCreatedEvent(Budi());
  EXPECT_EQ(change.entity, "user");
  EXPECT_EQ(change.action, "create");
  EXPECT_EQ(change.entity_id, "7");
  EXPECT_EQ(change.summary, "Menambahkan user budi (staff)");
  EXPECT_EQ(change.changes.dump().find("argon2"), std::string::npos);
}

TEST(UserEventsTest, UpdateListsWhatChangedInWords) {
  UserRecord after = Budi();
  after.role = domain::Role::kAdmin;
  after.active = false;
  after.password_hash = "$argon2id$new";
  auto change = UserUpdatedEvent(Budi(), after, false);
  ASSERT_TRUE(change.has_value());
  EXPECT_EQ(change->action, "update");
  EXPECT_EQ(change->summary,
            "Mengubah user budi: role menjadi admin, dinonaktifkan, password direset");
  EXPECT_EQ(change->changes["role"]["to"], "admin");
  EXPECT_EQ(change->changes.dump().find("argon2"), std::string::npos);
}

TEST(UserEventsTest, NothingChangedMeansNoEvent) {
  EXPECT_FALSE(UserUpdatedEvent(Budi(), Budi(), false).has_value());
  EXPECT_FALSE(UserUpdatedEvent(Budi(), Budi(), true).has_value());
}

TEST(UserEventsTest, OwnPasswordChangeIsItsOwnAction) {
  UserRecord after = Budi();
  after.password_hash = "$argon2id$new";
  auto change = UserUpdatedEvent(Budi(), after, true);
  ASSERT_TRUE(change.has_value());
  EXPECT_EQ(change->action, "password_change");
  EXPECT_EQ(change->summary, "Mengganti password sendiri");
}

TEST(UserEventsTest, FailedLoginHasNoIdAndACleanedUsername) {
  events::Change change = LoginFailedEvent("evil\nAdmin login berhasil", "10.0.0.9");
  EXPECT_EQ(change.action, "login_failed");
  EXPECT_EQ(change.entity_id, "");
  EXPECT_EQ(change.summary,
            "Login gagal dengan username 'evil Admin login berhasil' dari 10.0.0.9");
}

TEST(UserEventsTest, SummaryValuesAreClippedAtACharacterBoundary) {
  std::string long_name(199, 'a');
  long_name += "\xC3\xA9\xC3\xA9";  // "éé" straddles the 200-byte cut
  std::string summary = events::FormatSummary("{x}", {{"x", long_name}});
  EXPECT_EQ(summary, std::string(199, 'a'));
  EXPECT_EQ(events::FormatSummary("{a} {unknown}", {{"a", "1"}}), "1 {unknown}");
}

}  // namespace
}  // namespace billing::auth
