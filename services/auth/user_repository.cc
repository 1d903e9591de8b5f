// SQL for users: parameterised statements only; the last-admin rule (user_rules) is checked
// under a lock.
#include "user_repository.h"

#include "errors/error.h"
#include "events/outbox.h"
#include "i18n/messages.h"
#include "user_events.h"
#include "user_rules.h"

namespace billing::auth {
namespace {

constexpr const char* kColumns =
    "id, username, full_name, role, active, password_hash, password_is_default, token_version, "
    "to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), "
    "to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), "
    "coalesce(to_char(last_login_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), '')";

UserRecord FromRow(const pqxx::row& row) {
  UserRecord user;
  user.id = row[0].as<int64_t>();
  user.username = row[1].as<std::string>();
  user.full_name = row[2].as<std::string>();
  user.role = domain::ParseRole(row[3].as<std::string>()).value_or(domain::Role::kStaff);
  user.active = row[4].as<bool>();
  user.password_hash = row[5].as<std::string>();
  user.password_is_default = row[6].as<bool>();
  user.token_version = row[7].as<int64_t>();
  user.created_at = row[8].as<std::string>();
  user.updated_at = row[9].as<std::string>();
  user.last_login_at = row[10].as<std::string>();
  return user;
}

std::string Select(const std::string& where) {
  return std::string("SELECT ") + kColumns + " FROM users " + where;
}

// Serialises every change that could remove an admin, then checks one active admin remains.
void EnsureAnotherActiveAdmin(pqxx::work& txn, int64_t leaving_id) {
  auto row = txn.exec_params1(
      "SELECT count(*) FROM users WHERE role = 'admin' AND active AND id <> $1", leaving_id);
  if (row[0].as<int64_t>() == 0) throw errors::FailedPrecondition(i18n::kLastAdmin);
}

void LockAdminChanges(pqxx::work& txn) {
  txn.exec("SELECT pg_advisory_xact_lock(hashtext('billing.auth.admins'))");
}

}  // namespace

UserRepository::UserRepository(db::Pool& pool) : pool_(pool) {}

std::optional<UserRecord> UserRepository::FindByUsername(const std::string& username) {
  std::optional<UserRecord> user;
  pool_.Read([&](pqxx::read_transaction& txn) {
    auto result = txn.exec_params(Select("WHERE lower(username) = lower($1)"), username);
    if (!result.empty()) user = FromRow(result[0]);
  });
  return user;
}

std::optional<UserRecord> UserRepository::FindById(int64_t id) {
  std::optional<UserRecord> user;
  pool_.Read([&](pqxx::read_transaction& txn) {
    auto result = txn.exec_params(Select("WHERE id = $1"), id);
    if (!result.empty()) user = FromRow(result[0]);
  });
  return user;
}

std::optional<UserRecord> UserRepository::FindForToken(int64_t id, const std::string& token_id,
                                                       bool* revoked) {
  std::optional<UserRecord> user;
  pool_.Read([&](pqxx::read_transaction& txn) {
    auto result = txn.exec_params(
        std::string("SELECT ") + kColumns +
            ", EXISTS (SELECT 1 FROM revoked_tokens WHERE token_id = $2) FROM users WHERE id = $1",
        id, token_id);
    if (result.empty()) return;
    user = FromRow(result[0]);
    *revoked = result[0][11].as<bool>();
  });
  return user;
}

UserPage UserRepository::List(int limit, int offset) {
  UserPage page;
  pool_.Read([&](pqxx::read_transaction& txn) {
    for (const auto& row :
         txn.exec_params(Select("ORDER BY id LIMIT $1 OFFSET $2"), limit, offset)) {
      page.items.push_back(FromRow(row));
    }
    page.total = txn.exec1("SELECT count(*) FROM users")[0].as<int64_t>();
  });
  return page;
}

UserRecord UserRepository::Create(const NewUser& user, const rpc::Caller& actor) {
  UserRecord created;
  try {
    pool_.Transact([&](pqxx::work& txn) {
      auto row = txn.exec_params1(
          std::string("INSERT INTO users (username, full_name, role, active, password_hash, "
                      "password_is_default) VALUES ($1, $2, $3, $4, $5, $6) RETURNING ") +
              kColumns,
          user.username, user.full_name, domain::RoleName(user.role), user.active,
          user.password_hash, user.password_is_default);
      created = FromRow(row);
      events::Record(txn, kServiceName, actor, UserCreatedEvent(created));
    });
  } catch (const pqxx::unique_violation&) {
    throw errors::AlreadyExists(i18n::kUsernameTaken, {{"username", i18n::kUsernameTaken}});
  }
  return created;
}

UserRecord UserRepository::Update(int64_t id, const UserChanges& changes, const rpc::Caller& actor,
                                  bool own_password) {
  UserRecord updated;
  pool_.Transact([&](pqxx::work& txn) {
    LockAdminChanges(txn);
    auto current = txn.exec_params(Select("WHERE id = $1 FOR UPDATE"), id);
    if (current.empty()) throw errors::NotFound(i18n::kUserNotFound);
    UserRecord before = FromRow(current[0]);
    if (RemovesActiveAdmin(before, changes)) EnsureAnotherActiveAdmin(txn, id);
    auto row = txn.exec_params1(
        std::string("UPDATE users SET full_name = $2, role = $3, active = $4, "
                    "password_hash = $5, password_is_default = $6, "
                    "token_version = token_version + $7, updated_at = now() "
                    "WHERE id = $1 RETURNING ") +
            kColumns,
        id, changes.full_name.value_or(before.full_name),
        domain::RoleName(changes.role.value_or(before.role)),
        changes.active.value_or(before.active),
        changes.password_hash.value_or(before.password_hash),
        PasswordIsDefaultAfter(before, changes), EndsSessions(before, changes) ? 1 : 0);
    updated = FromRow(row);
    if (auto change = UserUpdatedEvent(before, updated, own_password)) {
      events::Record(txn, kServiceName, actor, *change);
    }
  });
  return updated;
}

void UserRepository::Delete(int64_t id, const rpc::Caller& actor) {
  pool_.Transact([&](pqxx::work& txn) {
    LockAdminChanges(txn);
    auto current = txn.exec_params(Select("WHERE id = $1 FOR UPDATE"), id);
    if (current.empty()) throw errors::NotFound(i18n::kUserNotFound);
    UserRecord user = FromRow(current[0]);
    if (IsActiveAdmin(user)) EnsureAnotherActiveAdmin(txn, id);
    txn.exec_params0("DELETE FROM users WHERE id = $1", id);
    events::Record(txn, kServiceName, actor, UserDeletedEvent(user));
  });
}

void UserRepository::RecordLogin(const UserRecord& user, const rpc::Caller& actor) {
  pool_.Transact([&](pqxx::work& txn) {
    txn.exec_params0("UPDATE users SET last_login_at = now() WHERE id = $1", user.id);
    events::Record(txn, kServiceName, actor, LoginEvent(user));
  });
}

void UserRepository::RecordFailedLogin(const std::string& username, const std::string& address) {
  pool_.Transact([&](pqxx::work& txn) {
    events::Record(txn, kServiceName, rpc::Caller{}, LoginFailedEvent(username, address));
  });
}

void UserRepository::RevokeToken(const std::string& token_id,
                                 std::chrono::system_clock::time_point expires,
                                 const rpc::Caller& actor) {
  double epoch = std::chrono::duration<double>(expires.time_since_epoch()).count();
  pool_.Transact([&](pqxx::work& txn) {
    auto inserted = txn.exec_params(
        "INSERT INTO revoked_tokens (token_id, expires_at) VALUES ($1, to_timestamp($2)) "
        "ON CONFLICT (token_id) DO NOTHING",
        token_id, epoch);
    txn.exec0("DELETE FROM revoked_tokens WHERE expires_at < now()");
    if (inserted.affected_rows() > 0) {
      events::Record(txn, kServiceName, actor, LogoutEvent(actor.user_id));
    }
  });
}

int UserRepository::SeedIfEmpty(const std::function<std::vector<NewUser>()>& defaults) {
  int created = 0;
  pool_.Transact([&](pqxx::work& txn) {
    txn.exec("SELECT pg_advisory_xact_lock(hashtext('billing.auth.seed'))");
    if (txn.exec1("SELECT count(*) FROM users")[0].as<int64_t>() > 0) return;
    for (const auto& user : defaults()) {
      txn.exec_params0(
          "INSERT INTO users (username, full_name, role, active, password_hash, "
          "password_is_default) VALUES ($1, $2, $3, $4, $5, $6)",
          user.username, user.full_name, domain::RoleName(user.role), user.active,
          user.password_hash, user.password_is_default);
      ++created;
    }
  });
  return created;
}

}  // namespace billing::auth
