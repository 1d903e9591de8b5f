// SQL for packages: parameterised statements only; each write records its audit row (from
// customer_rules) in the same transaction, and deleting counts live customers under a row lock. A
// package's customer count is read from customer_counts (migration 0003), not counted.
#include "package_repository.h"

#include "errors/error.h"
#include "events/outbox.h"
#include "i18n/messages.h"

namespace billing::customer {
namespace {

constexpr const char* kService = "customer";

constexpr const char* kSelect =
    "SELECT p.id, p.name, p.speed, p.price, p.profile, p.rate_limit, "
    "(SELECT coalesce(sum(k.n), 0)::bigint FROM customer_counts k WHERE k.package_id = p.id), "
    "to_char(p.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), "
    "to_char(p.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') "
    "FROM packages p ";

PackageRecord FromRow(const pqxx::row& row) {
  PackageRecord record;
  record.id = row[0].as<int64_t>();
  record.data.name = row[1].as<std::string>();
  record.data.speed = row[2].as<std::string>();
  record.data.price = row[3].as<int64_t>();
  record.data.profile = row[4].as<std::string>();
  record.data.rate_limit = row[5].as<std::string>();
  record.customer_count = row[6].as<int64_t>();
  record.created_at = row[7].as<std::string>();
  record.updated_at = row[8].as<std::string>();
  return record;
}

PackageRecord Load(pqxx::transaction_base& txn, int64_t id) {
  return FromRow(txn.exec_params1(std::string(kSelect) + "WHERE p.id = $1", id));
}

errors::Error NameTaken() {
  return errors::AlreadyExists(i18n::kPackageNameTaken, {{"name", i18n::kPackageNameTaken}});
}

}  // namespace

PackageRepository::PackageRepository(db::Pool& pool) : pool_(pool) {}

std::vector<PackageRecord> PackageRepository::List() {
  std::vector<PackageRecord> packages;
  pool_.Read([&](pqxx::read_transaction& txn) {
    auto rows =
        txn.exec(std::string(kSelect) + "WHERE p.deleted_at IS NULL ORDER BY lower(p.name), p.id");
    for (const auto& row : rows) packages.push_back(FromRow(row));
  });
  return packages;
}

PackageRecord PackageRepository::Insert(const PackageData& data, const rpc::Caller& actor) {
  PackageRecord created;
  try {
    pool_.Transact([&](pqxx::work& txn) {
      int64_t id = txn.exec_params1(
                          "INSERT INTO packages (name, speed, price, profile, rate_limit) "
                          "VALUES ($1, $2, $3, $4, $5) RETURNING id",
                          data.name, data.speed, data.price, data.profile, data.rate_limit)[0]
                       .as<int64_t>();
      created = Load(txn, id);
      events::Record(txn, kService, actor, PackageCreated(id, data));
    });
  } catch (const pqxx::unique_violation&) {
    throw NameTaken();
  }
  return created;
}

PackageRecord PackageRepository::Update(int64_t id,
                                        const std::function<PackageData(const PackageData&)>& merge,
                                        const rpc::Caller& actor) {
  PackageRecord updated;
  try {
    pool_.Transact([&](pqxx::work& txn) {
      auto current = txn.exec_params(
          std::string(kSelect) + "WHERE p.id = $1 AND p.deleted_at IS NULL FOR UPDATE OF p", id);
      if (current.empty()) throw errors::NotFound(i18n::kPackageNotFound);
      PackageRecord before = FromRow(current[0]);
      PackageData after = merge(before.data);
      std::optional<events::Change> change = PackageUpdated(id, before.data, after);
      if (!change) {
        updated = before;
        return;
      }
      txn.exec_params0(
          "UPDATE packages SET name = $2, speed = $3, price = $4, profile = $5, "
          "rate_limit = $6, updated_at = now() WHERE id = $1",
          id, after.name, after.speed, after.price, after.profile, after.rate_limit);
      updated = Load(txn, id);
      events::Record(txn, kService, actor, *change);
    });
  } catch (const pqxx::unique_violation&) {
    throw NameTaken();
  }
  return updated;
}

void PackageRepository::Delete(int64_t id, const std::function<void(int64_t)>& check,
                               const rpc::Caller& actor) {
  pool_.Transact([&](pqxx::work& txn) {
    auto current = txn.exec_params(
        "SELECT name FROM packages WHERE id = $1 AND deleted_at IS NULL FOR UPDATE", id);
    if (current.empty()) throw errors::NotFound(i18n::kPackageNotFound);
    // Creating or moving a customer share-locks the package, so this count sees every
    // customer committed before the lock was granted.
    auto users = txn.exec_params1(
        "SELECT count(*) FROM customers WHERE package_id = $1 AND deleted_at IS NULL", id);
    check(users[0].as<int64_t>());
    std::string name = current[0][0].as<std::string>();
    txn.exec_params0("UPDATE packages SET deleted_at = now(), updated_at = now() WHERE id = $1",
                     id);
    events::Record(txn, kService, actor, PackageDeleted(id, name));
  });
}

}  // namespace billing::customer
