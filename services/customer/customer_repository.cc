// SQL for customers: parameterised statements only; each write records its audit row in the
// same transaction. The search expression here must match the trigram index in 0001_init.sql.
#include "customer_repository.h"

#include "errors/error.h"
#include "events/outbox.h"
#include "i18n/messages.h"

namespace billing::customer {
namespace {

constexpr const char* kService = "customer";

constexpr const char* kSelect =
    "SELECT c.id, c.type, c.name, c.phone, c.address, c.notes, c.status, c.pppoe_username, "
    "c.pppoe_password, coalesce(c.package_id, 0), coalesce(p.name, ''), c.monthly_fee, "
    "c.due_day, coalesce(to_char(c.installed_at, 'YYYY-MM-DD'), ''), c.gas_price, "
    "to_char(c.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), "
    "to_char(c.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), "
    "c.deleted_at IS NOT NULL "
    "FROM customers c LEFT JOIN packages p ON p.id = c.package_id ";

// Filters of a list; $1 type, $2 status, $3 package, $4/$5 search patterns ('' = unused).
// Unused filters fold away at plan time (parameters are constants in a one-off plan).
constexpr const char* kListWhere =
    "WHERE c.deleted_at IS NULL "
    "AND ($1::text = '' OR c.type = $1::text) "
    "AND ($2::text = '' OR c.status = $2::text) "
    "AND ($3::bigint = 0 OR c.package_id = $3::bigint) "
    "AND ($4::text = '' "
    "  OR (c.name || ' ' || c.phone || ' ' || c.pppoe_username || ' ' || c.address) ILIKE $4::text "
    "  OR ($5::text <> '' AND "
    "      (c.name || ' ' || c.phone || ' ' || c.pppoe_username || ' ' || c.address) "
    "        ILIKE $5::text)) ";

CustomerRecord FromRow(const pqxx::row& row) {
  CustomerRecord record;
  record.id = row[0].as<int64_t>();
  CustomerData& data = record.data;
  data.type = row[1].as<std::string>();
  data.name = row[2].as<std::string>();
  data.phone = row[3].as<std::string>();
  data.address = row[4].as<std::string>();
  data.notes = row[5].as<std::string>();
  data.status = row[6].as<std::string>();
  data.pppoe_username = row[7].as<std::string>();
  data.pppoe_password = row[8].as<std::string>();
  data.package_id = row[9].as<int64_t>();
  record.package_name = row[10].as<std::string>();
  data.monthly_fee = row[11].as<int64_t>();
  data.due_day = row[12].as<int32_t>();
  data.installed_at = row[13].as<std::string>();
  data.gas_price = row[14].as<int64_t>();
  record.created_at = row[15].as<std::string>();
  record.updated_at = row[16].as<std::string>();
  record.deleted = row[17].as<bool>();
  return record;
}

CustomerRecord Load(pqxx::transaction_base& txn, int64_t id) {
  return FromRow(txn.exec_params1(std::string(kSelect) + "WHERE c.id = $1", id));
}

// For an internet customer: the package must be live; it is share-locked so that a concurrent
// DeletePackage waits for this transaction (and then sees the customer).
void ResolvePackage(pqxx::work& txn, CustomerData& data, bool fee_from_package) {
  if (data.type != kInternet) return;
  auto package = txn.exec_params(
      "SELECT price FROM packages WHERE id = $1 AND deleted_at IS NULL FOR SHARE", data.package_id);
  if (package.empty()) {
    throw errors::InvalidArgument(i18n::kValidationFailed,
                                  {{"package_id", i18n::kPackageNotFound}});
  }
  if (fee_from_package) data.monthly_fee = package[0][0].as<int64_t>();
}

errors::Error UsernameTaken() {
  return errors::AlreadyExists(i18n::kPppoeUsernameTaken,
                               {{"pppoe_username", i18n::kPppoeUsernameTaken}});
}

}  // namespace

CustomerRepository::CustomerRepository(db::Pool& pool) : pool_(pool) {}

std::optional<CustomerRecord> CustomerRepository::FindById(int64_t id, bool include_deleted) {
  std::optional<CustomerRecord> customer;
  pool_.Read([&](pqxx::read_transaction& txn) {
    auto result = txn.exec_params(
        std::string(kSelect) + "WHERE c.id = $1 AND ($2::boolean OR c.deleted_at IS NULL)", id,
        include_deleted);
    if (!result.empty()) customer = FromRow(result[0]);
  });
  return customer;
}

CustomerPage CustomerRepository::List(const CustomerQuery& query) {
  std::string first = query.patterns.size() > 0 ? query.patterns[0] : std::string();
  std::string second = query.patterns.size() > 1 ? query.patterns[1] : std::string();
  CustomerPage page;
  pool_.Read([&](pqxx::read_transaction& txn) {
    auto rows = txn.exec_params(
        std::string(kSelect) + kListWhere + "ORDER BY c.id DESC LIMIT $6 OFFSET $7", query.type,
        query.status, query.package_id, first, second, query.limit, query.offset);
    for (const auto& row : rows) page.items.push_back(FromRow(row));
    page.total = txn.exec_params1(std::string("SELECT count(*) FROM customers c ") + kListWhere,
                                  query.type, query.status, query.package_id, first, second)[0]
                     .as<int64_t>();
  });
  return page;
}

std::vector<CustomerRecord> CustomerRepository::BillableAfter(int64_t after_id, int limit,
                                                              bool every_status) {
  std::vector<CustomerRecord> batch;
  pool_.Read([&](pqxx::read_transaction& txn) {
    auto rows = txn.exec_params(std::string(kSelect) +
                                    "WHERE c.deleted_at IS NULL AND c.type = 'internet' "
                                    "AND ($3 OR c.status = 'active') AND c.id > $1 "
                                    "ORDER BY c.id LIMIT $2",
                                after_id, limit, every_status);
    batch.reserve(rows.size());
    for (const auto& row : rows) batch.push_back(FromRow(row));
  });
  return batch;
}

CustomerRecord CustomerRepository::Create(const CustomerData& data, bool fee_from_package,
                                          const rpc::Caller& actor) {
  CustomerRecord created;
  try {
    pool_.Transact([&](pqxx::work& txn) {
      CustomerData row = data;
      ResolvePackage(txn, row, fee_from_package);
      int64_t id =
          txn.exec_params1(
                 "INSERT INTO customers (type, name, phone, address, notes, status, "
                 "pppoe_username, pppoe_password, package_id, monthly_fee, due_day, "
                 "installed_at, gas_price) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, "
                 "NULLIF($9::bigint, 0), $10, $11, NULLIF($12, '')::date, $13) RETURNING id",
                 row.type, row.name, row.phone, row.address, row.notes, row.status,
                 row.pppoe_username, row.pppoe_password, row.package_id, row.monthly_fee,
                 row.due_day, row.installed_at, row.gas_price)[0]
              .as<int64_t>();
      created = Load(txn, id);
      events::Record(txn, kService, actor,
                     {"create", "customer", std::to_string(id),
                      i18n::kSummaryCustomerCreated + row.name, AuditFields(row)});
    });
  } catch (const pqxx::unique_violation&) {
    throw UsernameTaken();
  }
  return created;
}

CustomerRecord CustomerRepository::Update(
    int64_t id, const std::function<MergedCustomer(const CustomerData&)>& merge,
    const rpc::Caller& actor) {
  CustomerRecord updated;
  try {
    pool_.Transact([&](pqxx::work& txn) {
      auto current = txn.exec_params(
          std::string(kSelect) + "WHERE c.id = $1 AND c.deleted_at IS NULL FOR UPDATE OF c", id);
      if (current.empty()) throw errors::NotFound(i18n::kCustomerNotFound);
      CustomerRecord before = FromRow(current[0]);
      MergedCustomer merged = merge(before.data);
      CustomerData& row = merged.data;
      ResolvePackage(txn, row, merged.fee_from_package);
      if (row == before.data) {
        updated = before;
        return;
      }
      txn.exec_params0(
          "UPDATE customers SET type = $2, name = $3, phone = $4, address = $5, notes = $6, "
          "status = $7, pppoe_username = $8, pppoe_password = $9, "
          "package_id = NULLIF($10::bigint, 0), monthly_fee = $11, due_day = $12, "
          "installed_at = NULLIF($13, '')::date, gas_price = $14, updated_at = now() "
          "WHERE id = $1",
          id, row.type, row.name, row.phone, row.address, row.notes, row.status, row.pppoe_username,
          row.pppoe_password, row.package_id, row.monthly_fee, row.due_day, row.installed_at,
          row.gas_price);
      updated = Load(txn, id);
      events::Record(txn, kService, actor,
                     {"update", "customer", std::to_string(id),
                      i18n::kSummaryCustomerUpdated + row.name, AuditDiff(before.data, row)});
    });
  } catch (const pqxx::unique_violation&) {
    throw UsernameTaken();
  }
  return updated;
}

CustomerRecord CustomerRepository::SetStatus(int64_t id, const std::string& status,
                                             const std::string& reason, const rpc::Caller& actor) {
  CustomerRecord updated;
  pool_.Transact([&](pqxx::work& txn) {
    auto current = txn.exec_params(
        std::string(kSelect) + "WHERE c.id = $1 AND c.deleted_at IS NULL FOR UPDATE OF c", id);
    if (current.empty()) throw errors::NotFound(i18n::kCustomerNotFound);
    updated = FromRow(current[0]);
    if (updated.data.type != "internet")
      throw errors::FailedPrecondition(i18n::kIsolirInternetOnly);
    if (updated.data.status == "inactive") {
      throw errors::FailedPrecondition(i18n::kIsolirInactiveCustomer);
    }
    if (updated.data.status == status) return;
    std::string before = updated.data.status;
    txn.exec_params0("UPDATE customers SET status = $2, updated_at = now() WHERE id = $1", id,
                     status);
    updated = Load(txn, id);
    bool isolating = status == "isolated";
    events::Record(
        txn, kService, actor,
        {isolating ? "isolate" : "reconnect",
         "customer",
         std::to_string(id),
         events::FormatSummary(
             isolating ? i18n::kSummaryCustomerIsolated : i18n::kSummaryCustomerReconnected,
             {{"nama", updated.data.name}, {"alasan", reason}}),
         {{"status", {{"from", before}, {"to", status}}},
          {"reason", reason},
          // the network service tells the isolir policy's own changes from staff decisions
          {"origin", actor.authenticated() ? "manual" : "auto"}}});
  });
  return updated;
}

std::pair<std::string, std::string> CustomerRepository::ShowPppoePassword(
    int64_t id, const rpc::Caller& actor) {
  std::pair<std::string, std::string> credentials;
  pool_.Transact([&](pqxx::work& txn) {
    auto found = txn.exec_params(
        "SELECT name, type, pppoe_username, pppoe_password FROM customers "
        "WHERE id = $1 AND deleted_at IS NULL",
        id);
    if (found.empty()) throw errors::NotFound(i18n::kCustomerNotFound);
    std::string name = found[0][0].as<std::string>();
    std::string password = found[0][3].as<std::string>();
    if (found[0][1].as<std::string>() != kInternet || password.empty()) {
      throw errors::FailedPrecondition(i18n::kNoPppoePassword);
    }
    credentials = {found[0][2].as<std::string>(), password};
    events::Record(txn, kService, actor,
                   {"show_password",
                    "customer",
                    std::to_string(id),
                    events::FormatSummary(i18n::kSummaryPppoePasswordShown, {{"nama", name}}),
                    {{"pppoe_username", credentials.first}}});
  });
  return credentials;
}

void CustomerRepository::Delete(int64_t id, const rpc::Caller& actor) {
  pool_.Transact([&](pqxx::work& txn) {
    auto deleted = txn.exec_params(
        "UPDATE customers SET deleted_at = now(), updated_at = now() "
        "WHERE id = $1 AND deleted_at IS NULL RETURNING name, type",
        id);
    if (deleted.empty()) throw errors::NotFound(i18n::kCustomerNotFound);
    std::string name = deleted[0][0].as<std::string>();
    events::Record(txn, kService, actor,
                   {"delete",
                    "customer",
                    std::to_string(id),
                    i18n::kSummaryCustomerDeleted + name,
                    {{"name", name}, {"type", deleted[0][1].as<std::string>()}}});
  });
}

}  // namespace billing::customer
