// Import SQL: parameterised statements only; the rows travel as one JSON document, so 10,000
// customers are one INSERT, not 10,000.
#include "import_repository.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "db/sql_array.h"
#include "errors/error.h"
#include "events/outbox.h"
#include "i18n/messages.h"

namespace billing::customer {
namespace {

constexpr const char* kService = "customer";

nlohmann::json TextArray(const std::vector<std::string>& values) {
  nlohmann::json array = nlohmann::json::array();
  for (const auto& value : values) array.push_back(value);
  return array;
}

}  // namespace

ImportTaken ImportRepository::FindTaken(const std::vector<std::string>& usernames,
                                        const std::vector<std::string>& phones) {
  ImportTaken taken;
  pool_.Read([&](pqxx::read_transaction& txn) {
    if (!usernames.empty()) {
      auto rows = txn.exec_params(
          "SELECT pppoe_username FROM customers WHERE deleted_at IS NULL AND type = 'internet' "
          "AND lower(pppoe_username) IN (SELECT lower(u) FROM jsonb_array_elements_text($1::jsonb) "
          "AS u)",
          TextArray(usernames).dump());
      for (const auto& row : rows) taken.usernames.insert(LowerAscii(row[0].as<std::string>()));
    }
    if (!phones.empty()) {
      auto rows = txn.exec_params(
          "SELECT phone, name FROM customers WHERE deleted_at IS NULL "
          "AND phone IN (SELECT jsonb_array_elements_text($1::jsonb))",
          TextArray(phones).dump());
      for (const auto& row : rows) {
        taken.phone_names.emplace(row[0].as<std::string>(), LowerAscii(row[1].as<std::string>()));
      }
    }
  });
  return taken;
}

std::vector<int64_t> ImportRepository::Insert(std::vector<NewPackageSpec>& new_packages,
                                              const std::vector<PlannedCustomer>& customers,
                                              const events::Change& change,
                                              const rpc::Caller& actor) {
  std::vector<int64_t> ids;
  try {
    pool_.Transact([&](pqxx::work& txn) {
      for (auto& package : new_packages) {
        package.id =
            txn.exec_params1("INSERT INTO packages (name, price) VALUES ($1, $2) RETURNING id",
                             package.name, package.price)[0]
                .as<int64_t>();
      }
      // The ids first, so each row's id is known whatever order the insert returns them in.
      ids.clear();
      ids.reserve(customers.size());
      for (const auto& row :
           txn.exec_params("SELECT nextval('customers_id_seq') FROM generate_series(1, $1)",
                           static_cast<int64_t>(customers.size()))) {
        ids.push_back(row[0].as<int64_t>());
      }
      nlohmann::json rows = nlohmann::json::array();
      std::vector<int64_t> package_ids;
      for (size_t i = 0; i < customers.size(); ++i) {
        const CustomerData& data = customers[i].data;
        int64_t package_id = customers[i].new_package >= 0
                                 ? new_packages[static_cast<size_t>(customers[i].new_package)].id
                                 : data.package_id;
        if (package_id > 0) package_ids.push_back(package_id);
        rows.push_back({{"id", ids[i]},
                        {"type", std::string(domain::Name(data.type))},
                        {"name", data.name},
                        {"phone", data.phone},
                        {"address", data.address},
                        {"notes", data.notes},
                        {"status", std::string(domain::Name(data.status))},
                        {"pppoe_username", data.pppoe_username},
                        {"pppoe_password", data.pppoe_password},
                        {"package_id", package_id},
                        {"monthly_fee", data.monthly_fee},
                        {"due_day", data.due_day},
                        {"installed_at", data.installed_at},
                        {"gas_price", data.gas_price}});
      }
      // The packages named stay live until the commit (a concurrent delete waits for it).
      std::sort(package_ids.begin(), package_ids.end());
      package_ids.erase(std::unique(package_ids.begin(), package_ids.end()), package_ids.end());
      auto live = txn.exec_params(
          "SELECT id FROM packages WHERE id = ANY($1::bigint[]) AND deleted_at IS NULL "
          "ORDER BY id FOR KEY SHARE",
          db::IdArray(package_ids));
      if (live.size() != package_ids.size()) {
        throw errors::InvalidArgument(i18n::kValidationFailed,
                                      {{"package_id", i18n::kPackageNotFound}});
      }
      txn.exec_params0(
          "INSERT INTO customers (id, type, name, phone, address, notes, status, pppoe_username, "
          "pppoe_password, package_id, monthly_fee, due_day, installed_at, gas_price) "
          "SELECT id, type, name, phone, address, notes, status, pppoe_username, pppoe_password, "
          "NULLIF(package_id, 0), monthly_fee, due_day, NULLIF(installed_at, '')::date, gas_price "
          "FROM jsonb_to_recordset($1::jsonb) AS r(id bigint, type text, name text, phone text, "
          "address text, notes text, status text, pppoe_username text, pppoe_password text, "
          "package_id bigint, monthly_fee bigint, due_day smallint, installed_at text, "
          "gas_price bigint) ORDER BY id",
          rows.dump());
      events::Record(txn, kService, actor, change);
    });
  } catch (const pqxx::unique_violation&) {
    throw errors::AlreadyExists(i18n::kPppoeUsernameTaken,
                                {{"pppoe_username", i18n::kPppoeUsernameTaken}});
  }
  return ids;
}

void ImportRepository::Discard(const std::vector<int64_t>& ids,
                               const std::vector<int64_t>& package_ids,
                               const events::Change& change, const rpc::Caller& actor) {
  pool_.Transact([&](pqxx::work& txn) {
    auto unchanged = txn.exec_params(
        "SELECT id FROM customers WHERE id = ANY($1::bigint[]) AND deleted_at IS NULL "
        "AND updated_at = created_at ORDER BY id FOR UPDATE",
        db::IdArray(ids));
    if (unchanged.size() != ids.size()) throw errors::FailedPrecondition(i18n::kImportChangedSince);
    txn.exec_params0("DELETE FROM customers WHERE id = ANY($1::bigint[])", db::IdArray(ids));
    txn.exec_params0(
        "DELETE FROM packages p WHERE p.id = ANY($1::bigint[]) "
        "AND NOT EXISTS (SELECT 1 FROM customers c WHERE c.package_id = p.id)",
        db::IdArray(package_ids));
    events::Record(txn, kService, actor, change);
  });
}

void ImportRepository::Record(const events::Change& change, const rpc::Caller& actor) {
  pool_.Transact([&](pqxx::work& txn) { events::Record(txn, kService, actor, change); });
}

}  // namespace billing::customer
