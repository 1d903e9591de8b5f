// The public JSON shapes of internal messages (field names are the API contract).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <google/protobuf/arena.h>
#include <nlohmann/json.hpp>

#include "auth.pb.h"
#include "billing.pb.h"
#include "customer.pb.h"
#include "http/json_writer.h"

namespace billing::gateway {

// An empty timestamp / a zero id becomes null (JSON "not set").
nlohmann::json TimeOrNull(const std::string& time);
nlohmann::json IdOrNull(int64_t id);

nlohmann::json UserJson(const auth::v1::User& user);
nlohmann::json SessionJson(const auth::v1::LoginReply& reply);

// The hot views are written straight into the answer's text (http/json_writer.h).
void WriteTransaction(JsonWriter& out, const bills::v1::Transaction& transaction);
void WriteStats(JsonWriter& out, const bills::v1::StatsReply& stats);
// Customer: package_id 0, an empty installed_at and empty times become null. Never the PPPoE
// password (GET /api/customers/:id/pppoe-password shows it on demand, audited).
void WriteCustomer(JsonWriter& out, const customer::v1::Customer& customer);
void WritePackage(JsonWriter& out, const customer::v1::Package& package);

// A customer's type and status as the API spells them ("internet", "active", ...). A word the
// API does not know becomes UNSPECIFIED, which the customer service refuses as that field's
// invalid value, together with the request's other field errors.
customer::v1::CustomerType CustomerTypeFromText(std::string_view text);
customer::v1::CustomerStatus CustomerStatusFromText(std::string_view text);

// For the arena a list page's reply is parsed into: blocks big enough for a typical page.
google::protobuf::ArenaOptions ListArenaOptions();

// Whole answers: one object, and the list pages {"items": [...], "total": n}.
std::string TransactionJson(const bills::v1::Transaction& transaction);
std::string TransactionListJson(const bills::v1::ListTransactionsReply& reply);
std::string StatsJson(const bills::v1::StatsReply& stats);
std::string CustomerJson(const customer::v1::Customer& customer);
std::string CustomerListJson(const customer::v1::ListCustomersReply& reply);
std::string PackageJson(const customer::v1::Package& package);
std::string PackageListJson(const customer::v1::ListPackagesReply& reply);

}  // namespace billing::gateway
