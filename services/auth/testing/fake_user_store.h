// The users in memory, with the rules of UserRepository that the logic relies on: usernames
// unique case-insensitively, one active admin always kept (user_rules), the token version bumped
// when a change ends the sessions, revoked tokens remembered. Every audit/event row it would
// write is kept in `events`.
#pragma once

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "errors/error.h"
#include "events/outbox.h"
#include "i18n/messages.h"
#include "user_events.h"
#include "user_rules.h"
#include "user_store.h"

namespace billing::auth::testing {

class FakeUserStore final : public UserStore {
 public:
  // One audit/event row and who it was recorded for.
  struct Event {
    events::Change change;
    rpc::Caller actor;
  };

  // Adds a user directly (no event) and returns it.
  UserRecord Add(const std::string& username, const std::string& password_hash,
                 domain::Role role = domain::Role::kStaff, bool active = true,
                 bool password_is_default = false) {
    UserRecord user;
    user.id = next_id_++;
    user.username = username;
    user.full_name = username;
    user.role = role;
    user.active = active;
    user.password_hash = password_hash;
    user.password_is_default = password_is_default;
    users[user.id] = user;
    return user;
  }

  std::optional<UserRecord> FindByUsername(const std::string& username) override {
    Touch();
    for (const auto& [id, user] : users) {
      if (Lower(user.username) == Lower(username)) return user;
    }
    return std::nullopt;
  }

  std::optional<UserRecord> FindById(int64_t id) override {
    Touch();
    auto found = users.find(id);
    if (found == users.end()) return std::nullopt;
    return found->second;
  }

  std::optional<UserRecord> FindForToken(int64_t id, const std::string& token_id,
                                         bool* revoked) override {
    auto user = FindById(id);
    if (user) *revoked = revoked_tokens.count(token_id) != 0;
    return user;
  }

  UserPage List(int limit, int offset) override {
    Touch();
    UserPage page;
    page.total = static_cast<int64_t>(users.size());
    int index = 0;
    for (const auto& [id, user] : users) {
      if (index >= offset && index < offset + limit) page.items.push_back(user);
      ++index;
    }
    return page;
  }

  UserRecord Create(const NewUser& user, const rpc::Caller& actor) override {
    Touch();
    if (FindByUsername(user.username)) {
      throw errors::AlreadyExists(i18n::kUsernameTaken, {{"username", i18n::kUsernameTaken}});
    }
    UserRecord created =
        Add(user.username, user.password_hash, user.role, user.active, user.password_is_default);
    created.full_name = user.full_name;
    users[created.id] = created;
    events.push_back({UserCreatedEvent(created), actor});
    return created;
  }

  UserRecord Update(int64_t id, const UserChanges& changes, const rpc::Caller& actor,
                    bool own_password) override {
    Touch();
    auto found = users.find(id);
    if (found == users.end()) throw errors::NotFound(i18n::kUserNotFound);
    UserRecord before = found->second;
    if (RemovesActiveAdmin(before, changes)) EnsureAnotherActiveAdmin(id);
    UserRecord& after = found->second;
    after.full_name = changes.full_name.value_or(before.full_name);
    after.role = changes.role.value_or(before.role);
    after.active = changes.active.value_or(before.active);
    after.password_hash = changes.password_hash.value_or(before.password_hash);
    after.password_is_default = PasswordIsDefaultAfter(before, changes);
    if (EndsSessions(before, changes)) ++after.token_version;
    if (auto change = UserUpdatedEvent(before, after, own_password)) {
      events.push_back({*change, actor});
    }
    return after;
  }

  void Delete(int64_t id, const rpc::Caller& actor) override {
    Touch();
    auto found = users.find(id);
    if (found == users.end()) throw errors::NotFound(i18n::kUserNotFound);
    if (IsActiveAdmin(found->second)) EnsureAnotherActiveAdmin(id);
    events.push_back({UserDeletedEvent(found->second), actor});
    users.erase(found);
  }

  void RecordLogin(const UserRecord& user, const rpc::Caller& actor) override {
    Touch();
    users[user.id].last_login_at = "2026-01-01T00:00:00Z";
    events.push_back({LoginEvent(user), actor});
  }

  void RecordFailedLogin(const std::string& username, const std::string& address) override {
    Touch();
    events.push_back({LoginFailedEvent(username, address), rpc::Caller{}});
  }

  void RevokeToken(const std::string& token_id, std::chrono::system_clock::time_point,
                   const rpc::Caller& actor) override {
    Touch();
    if (revoked_tokens.insert(token_id).second) {
      events.push_back({LogoutEvent(actor.user_id), actor});
    }
  }

  // The actions of the recorded events, in order ("login", "login_failed", "update"...).
  std::vector<std::string> Actions() const {
    std::vector<std::string> actions;
    for (const auto& event : events) actions.push_back(event.change.action);
    return actions;
  }

  std::map<int64_t, UserRecord> users;
  std::set<std::string> revoked_tokens;
  std::vector<Event> events;
  bool down = false;  // every call throws unavailable, as when PostgreSQL cannot be reached

 private:
  void Touch() const {
    if (down) throw errors::Unavailable(i18n::kServiceUnavailable);
  }

  void EnsureAnotherActiveAdmin(int64_t leaving_id) const {
    bool another = std::any_of(users.begin(), users.end(), [&](const auto& entry) {
      return entry.first != leaving_id && IsActiveAdmin(entry.second);
    });
    if (!another) throw errors::FailedPrecondition(i18n::kLastAdmin);
  }

  static std::string Lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
  }

  int64_t next_id_ = 1;
};

}  // namespace billing::auth::testing
