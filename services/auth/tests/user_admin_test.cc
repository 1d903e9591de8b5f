// User administration on in-memory fakes: who may administer, the field checks, password resets
// that must be changed, and the active admin that always stays.
#include "user_admin.h"

#include <tuple>

#include <gtest/gtest.h>

#include "errors/error_of.h"
#include "i18n/messages.h"
#include "rpc/paging.h"
#include "testing/fake_password_hasher.h"
#include "testing/fake_user_store.h"

namespace billing::auth {
namespace {

using errors::CodeOf;
using errors::ErrorOf;
using testing::FakePasswordHasher;
using testing::FakeUserStore;

class UserAdminTest : public ::testing::Test {
 protected:
  UserAdminTest() {
    admin_ =
        users_.Add("admin", FakePasswordHasher::HashOf("rahasia-admin-1"), domain::Role::kAdmin);
    staff_ = users_.Add("staff", FakePasswordHasher::HashOf("rahasia-staff-1"));
  }

  static rpc::Caller CallerOf(const UserRecord& user) {
    rpc::Caller caller;
    caller.service = "gateway";
    caller.user_id = user.id;
    caller.username = user.username;
    caller.role = user.role;
    return caller;
  }

  FakeUserStore users_;
  FakePasswordHasher hasher_;
  UserAdmin admin_desk_{users_, hasher_};
  UserRecord admin_;
  UserRecord staff_;
};

TEST_F(UserAdminTest, OnlyASettledAdminAdministers) {
  EXPECT_EQ(CodeOf([&] { admin_desk_.RequireSettledAdmin(CallerOf(staff_)); }),
            errors::Code::kPermissionDenied);
  EXPECT_EQ(CodeOf([&] { admin_desk_.RequireSettledAdmin(rpc::Caller{}); }),
            errors::Code::kUnauthenticated);
  admin_desk_.RequireSettledAdmin(CallerOf(admin_));

  // The token says admin, the account no longer is: the account wins.
  rpc::Caller stale = CallerOf(admin_);
  users_.users[admin_.id].role = domain::Role::kStaff;
  auto demoted = ErrorOf([&] { admin_desk_.RequireSettledAdmin(stale); });
  ASSERT_TRUE(demoted);
  EXPECT_EQ(demoted->code(), errors::Code::kPermissionDenied);
  EXPECT_EQ(demoted->message(), i18n::kAdminOnly);
  users_.users[admin_.id].role = domain::Role::kAdmin;

  users_.users[admin_.id].password_is_default = true;
  EXPECT_EQ(CodeOf([&] { admin_desk_.List(stale, 50, 0); }), errors::Code::kPasswordChangeRequired);
  EXPECT_EQ(CodeOf([&] { admin_desk_.Delete(stale, staff_.id); }),
            errors::Code::kPasswordChangeRequired);
  users_.users[admin_.id].password_is_default = false;

  users_.users[admin_.id].active = false;
  EXPECT_EQ(CodeOf([&] { admin_desk_.List(stale, 50, 0); }), errors::Code::kUnauthenticated);
  EXPECT_EQ(users_.users.size(), 2u);
}

TEST_F(UserAdminTest, ListPagesInOrderWithTheTotal) {
  for (int i = 0; i < 3; ++i) users_.Add("user" + std::to_string(i), "h");
  UserPage page = admin_desk_.List(CallerOf(admin_), 2, 1);
  EXPECT_EQ(page.total, 5);
  ASSERT_EQ(page.items.size(), 2u);
  EXPECT_EQ(page.items[0].id, staff_.id);
  EXPECT_EQ(admin_desk_.List(CallerOf(admin_), 0, 0).items.size(), 5u);  // 0: the default page
  for (auto [limit, offset, field] : {std::tuple{rpc::kMaxPageSize + 1, 0, "limit"},
                                      std::tuple{-1, 0, "limit"}, std::tuple{10, -1, "offset"}}) {
    auto error = ErrorOf([&] { admin_desk_.List(CallerOf(admin_), limit, offset); });
    ASSERT_TRUE(error) << limit << " " << offset;
    EXPECT_EQ(error->code(), errors::Code::kInvalidArgument);
    EXPECT_EQ(error->fields().at(field), i18n::kInvalidPaging);
  }
  EXPECT_EQ(CodeOf([&] { admin_desk_.List(CallerOf(staff_), 10, 0); }),
            errors::Code::kPermissionDenied);
}

TEST_F(UserAdminTest, CreateNamesEveryBadField) {
  UserForm form{"a b", std::string(101, 'x'), "pendek", "boss", std::nullopt};
  auto error = ErrorOf([&] { admin_desk_.Create(CallerOf(admin_), form); });
  ASSERT_TRUE(error);
  EXPECT_EQ(error->code(), errors::Code::kInvalidArgument);
  EXPECT_EQ(error->fields().at("username"), i18n::kInvalidUsername);
  EXPECT_EQ(error->fields().at("full_name"), i18n::kFullNameTooLong);
  EXPECT_EQ(error->fields().at("password"), i18n::kPasswordTooShort);
  EXPECT_EQ(error->fields().at("role"), i18n::kInvalidRole);

  auto no_role = ErrorOf([&] {
    admin_desk_.Create(CallerOf(admin_), {"sari", "Sari", "rahasia-sari-1", "", std::nullopt});
  });
  ASSERT_TRUE(no_role);
  EXPECT_EQ(no_role->fields().at("role"), i18n::kFieldRequired);
  auto common = ErrorOf([&] {
    admin_desk_.Create(CallerOf(admin_), {"sari", "Sari", "admin123", "staff", std::nullopt});
  });
  ASSERT_TRUE(common);
  EXPECT_EQ(common->fields().at("password"), i18n::kPasswordTooCommon);
  EXPECT_EQ(users_.users.size(), 2u);
  EXPECT_EQ(hasher_.hashes, 0);
}

TEST_F(UserAdminTest, CreateStoresAHashedActiveUserOnce) {
  UserRecord sari =
      admin_desk_.Create(CallerOf(admin_), {"sari", "Sari", "rahasia-sari-1", "staff", {}});
  EXPECT_TRUE(sari.active);
  EXPECT_EQ(sari.role, domain::Role::kStaff);
  EXPECT_FALSE(sari.password_is_default);
  EXPECT_EQ(users_.users[sari.id].password_hash, FakePasswordHasher::HashOf("rahasia-sari-1"));
  EXPECT_EQ(users_.Actions(), std::vector<std::string>{"create"});
  EXPECT_EQ(users_.events[0].actor.user_id, admin_.id);

  UserRecord off =
      admin_desk_.Create(CallerOf(admin_), {"joko", "Joko", "rahasia-joko-1", "admin", false});
  EXPECT_FALSE(off.active);
  EXPECT_EQ(off.role, domain::Role::kAdmin);

  auto taken = ErrorOf([&] {
    admin_desk_.Create(CallerOf(admin_), {"SARI", "Sari", "rahasia-sari-2", "staff", {}});
  });
  ASSERT_TRUE(taken);
  EXPECT_EQ(taken->code(), errors::Code::kAlreadyExists);
  EXPECT_EQ(taken->fields().count("username"), 1u);
}

TEST_F(UserAdminTest, UpdateChangesOnlyTheFieldsGiven) {
  UserEdit edit;
  edit.id = staff_.id;
  edit.full_name = "Staf Kasir";
  UserRecord updated = admin_desk_.Update(CallerOf(admin_), edit);
  EXPECT_EQ(updated.full_name, "Staf Kasir");
  EXPECT_EQ(updated.role, domain::Role::kStaff);
  EXPECT_TRUE(updated.active);
  EXPECT_EQ(updated.token_version, staff_.token_version);  // a name change keeps sessions
  EXPECT_EQ(users_.Actions(), std::vector<std::string>{"update"});

  edit = UserEdit{};
  edit.id = staff_.id;
  edit.role = "admin";
  updated = admin_desk_.Update(CallerOf(admin_), edit);
  EXPECT_EQ(updated.role, domain::Role::kAdmin);
  EXPECT_EQ(updated.token_version, staff_.token_version + 1);  // a role change ends sessions
}

TEST_F(UserAdminTest, UpdateRefusesBadFieldsAndUnknownUsers) {
  UserEdit edit;
  edit.id = staff_.id;
  edit.role = "boss";
  edit.full_name = std::string(101, 'x');
  auto error = ErrorOf([&] { admin_desk_.Update(CallerOf(admin_), edit); });
  ASSERT_TRUE(error);
  EXPECT_EQ(error->code(), errors::Code::kInvalidArgument);
  EXPECT_EQ(error->fields().count("role"), 1u);
  EXPECT_EQ(error->fields().count("full_name"), 1u);

  edit = UserEdit{};
  edit.id = staff_.id;
  edit.password = "staff";  // the username itself, and too short
  error = ErrorOf([&] { admin_desk_.Update(CallerOf(admin_), edit); });
  ASSERT_TRUE(error);
  EXPECT_EQ(error->fields().count("password"), 1u);
  EXPECT_TRUE(users_.events.empty());

  for (int64_t id : {int64_t{0}, int64_t{-3}, int64_t{999}}) {
    UserEdit unknown;
    unknown.id = id;
    unknown.active = false;
    EXPECT_EQ(CodeOf([&] { admin_desk_.Update(CallerOf(admin_), unknown); }),
              errors::Code::kNotFound);
    unknown.password = "rahasia-baru-1";
    EXPECT_EQ(CodeOf([&] { admin_desk_.Update(CallerOf(admin_), unknown); }),
              errors::Code::kNotFound);
  }
}

TEST_F(UserAdminTest, APasswordSetForSomeoneElseMustBeChangedAtTheirNextLogin) {
  UserEdit edit;
  edit.id = staff_.id;
  edit.password = "rahasia-baru-1";
  UserRecord reset = admin_desk_.Update(CallerOf(admin_), edit);
  EXPECT_TRUE(reset.password_is_default);
  EXPECT_EQ(reset.token_version, staff_.token_version + 1);
  EXPECT_EQ(users_.users[staff_.id].password_hash, FakePasswordHasher::HashOf("rahasia-baru-1"));

  edit.id = admin_.id;
  edit.password = "rahasia-admin-2";
  EXPECT_FALSE(admin_desk_.Update(CallerOf(admin_), edit).password_is_default);
}

TEST_F(UserAdminTest, TheLastActiveAdminCannotBeDemotedOrDeactivated) {
  UserEdit demote;
  demote.id = admin_.id;
  demote.role = "staff";
  auto error = ErrorOf([&] { admin_desk_.Update(CallerOf(admin_), demote); });
  ASSERT_TRUE(error);
  EXPECT_EQ(error->code(), errors::Code::kFailedPrecondition);
  EXPECT_EQ(error->message(), i18n::kLastAdmin);
  UserEdit deactivate;
  deactivate.id = admin_.id;
  deactivate.active = false;
  EXPECT_EQ(CodeOf([&] { admin_desk_.Update(CallerOf(admin_), deactivate); }),
            errors::Code::kFailedPrecondition);
  EXPECT_EQ(users_.users[admin_.id].role, domain::Role::kAdmin);
  EXPECT_TRUE(users_.users[admin_.id].active);

  // With a second active admin, either may step down.
  UserRecord other = users_.Add("admin2", "h", domain::Role::kAdmin);
  EXPECT_EQ(admin_desk_.Update(CallerOf(admin_), demote).role, domain::Role::kStaff);
  deactivate.id = other.id;
  EXPECT_EQ(CodeOf([&] { admin_desk_.Update(CallerOf(other), deactivate); }),
            errors::Code::kFailedPrecondition);
}

TEST_F(UserAdminTest, DeleteRemovesOthersButNeverTheCaller) {
  auto self = ErrorOf([&] { admin_desk_.Delete(CallerOf(admin_), admin_.id); });
  ASSERT_TRUE(self);
  EXPECT_EQ(self->code(), errors::Code::kFailedPrecondition);
  EXPECT_EQ(self->message(), i18n::kCannotDeleteSelf);
  EXPECT_EQ(CodeOf([&] { admin_desk_.Delete(CallerOf(admin_), 0); }), errors::Code::kNotFound);
  EXPECT_EQ(CodeOf([&] { admin_desk_.Delete(CallerOf(admin_), 999); }), errors::Code::kNotFound);
  EXPECT_EQ(CodeOf([&] { admin_desk_.Delete(CallerOf(staff_), admin_.id); }),
            errors::Code::kPermissionDenied);
  EXPECT_TRUE(users_.events.empty());

  admin_desk_.Delete(CallerOf(admin_), staff_.id);
  EXPECT_EQ(users_.users.count(staff_.id), 0u);
  EXPECT_EQ(users_.Actions(), std::vector<std::string>{"delete"});
}

}  // namespace
}  // namespace billing::auth
