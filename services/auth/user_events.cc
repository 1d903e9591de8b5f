// Builds the Indonesian summaries and changed-field lists of user events.
#include "user_events.h"

#include "domain/role.h"
#include "i18n/messages.h"

namespace billing::auth {
namespace {

constexpr const char* kEntity = "user";

events::Change Make(const char* action, int64_t id, std::string summary) {
  events::Change change;
  change.action = action;
  change.entity = kEntity;
  change.entity_id = id > 0 ? std::to_string(id) : "";
  change.summary = std::move(summary);
  return change;
}

nlohmann::json FromTo(const nlohmann::json& from, const nlohmann::json& to) {
  return {{"from", from}, {"to", to}};
}

}  // namespace

events::Change UserCreatedEvent(const UserRecord& created) {
  events::Change change = Make(
      "create", created.id,
      events::FormatSummary(i18n::kSummaryUserCreated, {{"username", created.username},
                                                        {"role", domain::RoleName(created.role)}}));
  change.changes = {{"username", created.username},
                    {"full_name", created.full_name},
                    {"role", domain::RoleName(created.role)},
                    {"active", created.active}};
  return change;
}

std::optional<events::Change> UserUpdatedEvent(const UserRecord& before, const UserRecord& after,
                                               bool own_password) {
  bool password_changed = before.password_hash != after.password_hash;
  if (own_password) {
    if (!password_changed) return std::nullopt;
    events::Change change = Make("password_change", after.id, i18n::kSummaryPasswordChanged);
    change.changes = {{"password", "***"}};
    return change;
  }
  std::string words;
  nlohmann::json fields = nlohmann::json::object();
  auto add = [&](const std::string& word) { words += (words.empty() ? "" : ", ") + word; };
  if (before.full_name != after.full_name) {
    add(i18n::kFieldFullName);
    fields["full_name"] = FromTo(before.full_name, after.full_name);
  }
  if (before.role != after.role) {
    add(events::FormatSummary(i18n::kFieldRole, {{"role", domain::RoleName(after.role)}}));
    fields["role"] = FromTo(domain::RoleName(before.role), domain::RoleName(after.role));
  }
  if (before.active != after.active) {
    add(after.active ? i18n::kFieldActivated : i18n::kFieldDeactivated);
    fields["active"] = FromTo(before.active, after.active);
  }
  if (password_changed) {
    add(i18n::kFieldPasswordReset);
    fields["password"] = "***";
  }
  if (words.empty()) return std::nullopt;
  events::Change change =
      Make("update", after.id,
           events::FormatSummary(i18n::kSummaryUserUpdated,
                                 {{"username", after.username}, {"fields", words}}));
  change.changes = fields;
  return change;
}

events::Change UserDeletedEvent(const UserRecord& deleted) {
  events::Change change =
      Make("delete", deleted.id,
           events::FormatSummary(i18n::kSummaryUserDeleted, {{"username", deleted.username}}));
  change.changes = {{"username", deleted.username}, {"role", domain::RoleName(deleted.role)}};
  return change;
}

events::Change LoginEvent(const UserRecord& user) {
  return Make("login", user.id, i18n::kSummaryLogin);
}

events::Change LoginFailedEvent(const std::string& username, const std::string& address) {
  return Make("login_failed", 0,
              events::FormatSummary(i18n::kSummaryLoginFailed,
                                    {{"username", username}, {"address", address}}));
}

events::Change LogoutEvent(int64_t user_id) {
  return Make("logout", user_id, i18n::kSummaryLogout);
}

}  // namespace billing::auth
