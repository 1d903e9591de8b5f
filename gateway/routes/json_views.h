// The public JSON shapes of internal messages (field names are the API contract).
#pragma once

#include <nlohmann/json.hpp>

#include "auth.pb.h"
#include "billing.pb.h"
#include "customer.pb.h"

namespace billing::gateway {

// An empty timestamp / a zero id becomes null (JSON "not set").
nlohmann::json TimeOrNull(const std::string& time);
nlohmann::json IdOrNull(int64_t id);

nlohmann::json UserJson(const auth::v1::User& user);
nlohmann::json SessionJson(const auth::v1::LoginReply& reply);
nlohmann::json TransactionJson(const bills::v1::Transaction& transaction);
nlohmann::json StatsJson(const bills::v1::StatsReply& stats);

// Customer: package_id 0, an empty installed_at and empty times become null. Never the PPPoE
// password (GET /api/customers/:id/pppoe-password shows it on demand, audited).
nlohmann::json CustomerJson(const customer::v1::Customer& customer);
nlohmann::json PackageJson(const customer::v1::Package& package);

}  // namespace billing::gateway
