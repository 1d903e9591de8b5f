// The public JSON shapes of internal messages (field names are the API contract).
#pragma once

#include <nlohmann/json.hpp>

#include "auth.pb.h"

namespace billing::gateway {

nlohmann::json UserJson(const auth::v1::User& user);
nlohmann::json SessionJson(const auth::v1::LoginReply& reply);

}  // namespace billing::gateway
