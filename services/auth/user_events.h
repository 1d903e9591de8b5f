// The audit/event rows of user changes, logins and logouts (pure: built from before/after).
#pragma once

#include <optional>
#include <string>

#include "events/outbox.h"
#include "user_store.h"

namespace billing::auth {

inline constexpr const char* kServiceName = "auth";

events::Change UserCreatedEvent(const UserRecord& created);
// nullopt when nothing visible changed. `own_password`: the user changed their own password.
std::optional<events::Change> UserUpdatedEvent(const UserRecord& before, const UserRecord& after,
                                               bool own_password);
events::Change UserDeletedEvent(const UserRecord& deleted);
events::Change LoginEvent(const UserRecord& user);
// No actor: the attempted username (clipped, control characters removed) is in the summary.
events::Change LoginFailedEvent(const std::string& username, const std::string& address);
events::Change LogoutEvent(int64_t user_id);

}  // namespace billing::auth
