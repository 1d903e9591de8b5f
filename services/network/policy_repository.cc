// Policy SQL: parameterised statements only.
#include "policy_repository.h"

#include <string>

#include "db/sql_time.h"
#include "events/outbox.h"
#include "i18n/messages.h"

namespace billing::network {
namespace {

constexpr const char* kService = "network";

constexpr const char* kPolicyColumns =
    "auto_isolir, grace_days, check_minutes, notify_whatsapp, isolir_pool, "
    "isolir_address_list, " BILLING_SQL_RFC3339("last_check_at") ", last_checked, last_isolated";

PolicyRecord PolicyFromRow(const pqxx::row& row) {
  PolicyRecord record;
  record.data.auto_isolir = row[0].as<bool>();
  record.data.grace_days = row[1].as<int>();
  record.data.check_minutes = row[2].as<int>();
  record.data.notify_whatsapp = row[3].as<bool>();
  record.data.isolir_pool = row[4].as<std::string>();
  record.data.isolir_address_list = row[5].as<std::string>();
  record.last_check_at = row[6].as<std::string>();
  record.last_checked = row[7].as<int64_t>();
  record.last_isolated = row[8].as<int64_t>();
  return record;
}

}  // namespace

PolicyRecord SqlPolicyRepository::Policy() {
  PolicyRecord record;
  pool_.Read([&](pqxx::read_transaction& txn) {
    record = PolicyFromRow(
        txn.exec1(std::string("SELECT ") + kPolicyColumns + " FROM policy WHERE id = 1"));
  });
  return record;
}

PolicyData SqlPolicyRepository::UpdatePolicy(
    const std::function<PolicyData(const PolicyData&)>& merge, const rpc::Caller& actor) {
  PolicyData after;
  pool_.Transact([&](pqxx::work& txn) {
    PolicyData before = PolicyFromRow(txn.exec1(std::string("SELECT ") + kPolicyColumns +
                                                " FROM policy WHERE id = 1 FOR UPDATE"))
                            .data;
    after = merge(before);
    if (after == before) return;
    txn.exec_params0(
        "UPDATE policy SET auto_isolir = $1, grace_days = $2, check_minutes = $3, "
        "notify_whatsapp = $4, isolir_pool = $5, isolir_address_list = $6, updated_at = now() "
        "WHERE id = 1",
        after.auto_isolir, after.grace_days, after.check_minutes, after.notify_whatsapp,
        after.isolir_pool, after.isolir_address_list);
    events::Record(
        txn, kService, actor,
        {"update", "network", "policy", i18n::kSummaryPolicyUpdated, AuditDiff(before, after)});
  });
  return after;
}

bool SqlPolicyRepository::ClaimScheduledCheck() {
  bool claimed = false;
  pool_.Transact([&](pqxx::work& txn) {
    claimed = !txn.exec(
                      "UPDATE policy SET last_check_at = now() WHERE id = 1 AND auto_isolir AND "
                      "(last_check_at IS NULL OR "
                      " last_check_at <= now() - check_minutes * interval '1 minute') "
                      "RETURNING id")
                   .empty();
  });
  return claimed;
}

void SqlPolicyRepository::RecordCheck(int64_t checked, int64_t isolated) {
  pool_.Transact([&](pqxx::work& txn) {
    txn.exec_params0(
        "UPDATE policy SET last_check_at = now(), last_checked = $1, last_isolated = $2 "
        "WHERE id = 1",
        checked, isolated);
    events::Record(
        txn, kService, rpc::Caller{},
        {"isolir_check",
         "network",
         "policy",
         events::FormatSummary(i18n::kSummaryIsolirCheck, {{"checked", std::to_string(checked)},
                                                           {"isolated", std::to_string(isolated)}}),
         {{"checked", checked}, {"isolated", isolated}}});
  });
}

}  // namespace billing::network
