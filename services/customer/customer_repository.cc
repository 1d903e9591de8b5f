// SQL for customers: parameterised statements only; each write records its audit row (from
// customer_rules) in the same transaction. The search expression here must match the trigram index
// in 0001_init.sql.
#include "customer_repository.h"

#include <algorithm>

#include "db/sql_array.h"
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
    "c.deleted_at IS NOT NULL, c.discount_type, c.discount_value, c.installation_fee, c.nik ";
constexpr int kColumns = 22;
constexpr const char* kFrom = "FROM customers c LEFT JOIN packages p ON p.id = c.package_id ";

// The search expression, the same as the trigram index's in 0001_init.sql.
constexpr const char* kSearchText =
    "(c.name || ' ' || c.phone || ' ' || c.pppoe_username || ' ' || c.address)";

template <typename Enum>
std::string Text(Enum value) {
  return std::string(domain::Name(value));
}

// A stored word back as its enum; the table's CHECK constraints keep out anything else.
template <typename Enum>
Enum Stored(const std::optional<Enum>& parsed) {
  if (!parsed) throw errors::Internal("unknown customer type or status in the database");
  return *parsed;
}

// A list's filters as SQL (fixed fragments only; the values travel as parameters, numbered
// from 1 in the order type, status, package, patterns) and their parameters.
struct ListFilter {
  std::string where;  // " AND ..." conditions after "deleted_at IS NULL"
  std::vector<std::string> params;
  std::string key;  // names the combination: one prepared statement per shape
};

ListFilter FilterOf(const CustomerQuery& query, const char* alias) {
  ListFilter filter;
  auto add = [&](const char* column, const char* cast, const std::string& value, char tag) {
    filter.params.push_back(value);
    filter.where += std::string(" AND ") + alias + column + " = $" +
                    std::to_string(filter.params.size()) + cast;
    filter.key += tag;
  };
  if (query.type) add("type", "::text", Text(*query.type), 't');
  if (query.status) add("status", "::text", Text(*query.status), 's');
  if (query.package_id != 0) add("package_id", "::bigint", std::to_string(query.package_id), 'p');
  if (query.missing_phone) {
    filter.where += std::string(" AND ") + alias + "phone = ''";
    filter.key += 'n';
  }
  if (!query.patterns.empty()) {
    filter.where += " AND (";
    for (size_t i = 0; i < query.patterns.size(); ++i) {
      filter.params.push_back(query.patterns[i]);
      filter.where += std::string(i > 0 ? " OR " : "") + kSearchText + " ILIKE $" +
                      std::to_string(filter.params.size()) + "::text";
    }
    filter.where += ")";
  }
  return filter;
}

// Prepares `sql` as `name` on this transaction's connection (once per connection: libpqxx keeps
// the definition and registers it with the server at first use) and runs it.
pqxx::result ExecPrepared(pqxx::transaction_base& txn, const std::string& name,
                          const std::string& sql, const std::vector<std::string>& params) {
  txn.conn().prepare(name, sql);
  return txn.exec_prepared(name, pqxx::prepare::make_dynamic_params(params));
}

CustomerRecord FromRow(const pqxx::row& row) {
  CustomerRecord record;
  record.id = row[0].as<int64_t>();
  CustomerData& data = record.data;
  data.type = Stored(domain::ParseCustomerType(row[1].as<std::string>()));
  data.name = row[2].as<std::string>();
  data.phone = row[3].as<std::string>();
  data.address = row[4].as<std::string>();
  data.notes = row[5].as<std::string>();
  data.status = Stored(domain::ParseCustomerStatus(row[6].as<std::string>()));
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
  data.discount_type = row[18].as<std::string>();
  data.discount_value = row[19].as<int64_t>();
  data.installation_fee = row[20].as<int64_t>();
  data.nik = row[21].as<std::string>();
  return record;
}

CustomerRecord Load(pqxx::transaction_base& txn, int64_t id) {
  return FromRow(txn.exec_params1(std::string(kSelect) + kFrom + "WHERE c.id = $1", id));
}

// For an internet customer: the package must be live; returns its name. It is key-share-locked
// (what the foreign key takes anyway) so that a concurrent DeletePackage, which locks it FOR
// UPDATE, waits for this transaction and then sees the customer. A stronger lock (FOR SHARE)
// would make every concurrent create of one package share a MultiXact.
std::string ResolvePackage(pqxx::work& txn, CustomerData& data, bool fee_from_package) {
  if (data.type != CustomerType::kInternet) return {};
  auto package =
      ExecPrepared(txn, "customer_package_for_key_share",
                   "SELECT price, name FROM packages WHERE id = $1::bigint AND deleted_at IS NULL "
                   "FOR KEY SHARE",
                   {std::to_string(data.package_id)});
  if (package.empty()) {
    throw errors::InvalidArgument(i18n::kValidationFailed,
                                  {{"package_id", i18n::kPackageNotFound}});
  }
  if (fee_from_package) data.monthly_fee = package[0][0].as<int64_t>();
  return package[0][1].as<std::string>();
}

errors::Error UsernameTaken() {
  return errors::AlreadyExists(i18n::kPppoeUsernameTaken,
                               {{"pppoe_username", i18n::kPppoeUsernameTaken}});
}

}  // namespace

CustomerRepository::CustomerRepository(db::Pool& pool) : pool_(pool) {}

std::optional<CustomerRecord> CustomerRepository::FindById(int64_t id, bool include_deleted) {
  std::optional<CustomerRecord> customer;
  // One statement: no transaction block around it (billing asks for every sale's customer).
  pool_.ReadOne([&](pqxx::nontransaction& txn) {
    txn.conn().prepare(
        "customer_find_by_id",
        std::string(kSelect) + kFrom + "WHERE c.id = $1 AND ($2::boolean OR c.deleted_at IS NULL)");
    auto result = txn.exec_prepared("customer_find_by_id", id, include_deleted);
    if (!result.empty()) customer = FromRow(result[0]);
  });
  return customer;
}

std::vector<CustomerRecord> CustomerRepository::FindMany(const std::vector<int64_t>& ids,
                                                         bool include_deleted) {
  std::vector<CustomerRecord> found;
  if (ids.empty()) return found;
  pool_.Read([&](pqxx::read_transaction& txn) {
    txn.conn().prepare(
        "customer_find_many",
        std::string(kSelect) + kFrom +
            "WHERE c.id = ANY($1::bigint[]) AND ($2::boolean OR c.deleted_at IS NULL) "
            "ORDER BY c.id");
    auto rows = txn.exec_prepared("customer_find_many", db::IdArray(ids), include_deleted);
    found.reserve(rows.size());
    for (const auto& row : rows) found.push_back(FromRow(row));
  });
  return found;
}

// Without a search text the total is a sum over customer_counts (migration 0003) and the page is
// read from an index in id order: forwards from the newest, or backwards from the oldest when
// the page lies in the older half, so the last page costs what the first does. Each filter
// shape is a prepared statement of its own (a generic plan is right for every value).
// With a search text every match is found once through the trigram index; the total and the
// page both come from that set. So are the customers without a phone (customer_counts does not
// count them apart; their partial index makes the set small and cheap).
CustomerPage CustomerRepository::List(const CustomerQuery& query) {
  ListFilter filter = FilterOf(query, "");
  CustomerPage page;
  pool_.Read([&](pqxx::read_transaction& txn) {
    if (!query.patterns.empty() || query.missing_phone) {
      ListFilter search = FilterOf(query, "c.");
      std::vector<std::string> params = search.params;
      params.push_back(std::to_string(query.limit));
      params.push_back(std::to_string(query.offset));
      std::string n = std::to_string(params.size() - 1);
      std::string sql =
          "WITH m AS MATERIALIZED (SELECT c.id FROM customers c "
          "WHERE c.deleted_at IS NULL" +
          search.where + ") " + kSelect + ", (SELECT count(*) FROM m) " + kFrom +
          "WHERE c.id IN (SELECT id FROM m ORDER BY id DESC LIMIT $" + n + "::integer OFFSET $" +
          std::to_string(params.size()) + "::integer) ORDER BY c.id DESC";
      // Not prepared: a custom plan sees the pattern (how many rows it may match).
      auto rows = txn.exec_params(sql, pqxx::prepare::make_dynamic_params(params));
      for (const auto& row : rows) page.items.push_back(FromRow(row));
      if (!rows.empty()) {
        page.total = rows[0][kColumns].as<int64_t>();
      } else if (query.offset > 0) {
        page.total =
            txn.exec_params1(
                   "SELECT count(*) FROM customers c WHERE c.deleted_at IS NULL" + search.where,
                   pqxx::prepare::make_dynamic_params(search.params))[0]
                .as<int64_t>();
      }
      return;
    }
    page.total = ExecPrepared(txn, "customer_count_" + filter.key,
                              "SELECT coalesce(sum(n), 0)::bigint FROM customer_counts "
                              "WHERE true" +
                                  filter.where,
                              filter.params)[0][0]
                     .as<int64_t>();
    if (query.offset >= page.total) return;
    int64_t limit = query.limit;
    int64_t offset = query.offset;
    bool backwards = offset + limit / 2 > page.total / 2;
    if (backwards) {
      // The same rows counted from the oldest: rows [total - offset - limit, total - offset).
      int64_t end = page.total - offset;
      offset = std::max<int64_t>(0, end - limit);
      limit = end - offset;
    }
    std::vector<std::string> params = filter.params;
    params.push_back(std::to_string(limit));
    params.push_back(std::to_string(offset));
    const char* order = backwards ? "ASC" : "DESC";
    std::string sql = std::string(kSelect) + kFrom +
                      "WHERE c.id IN (SELECT id FROM customers WHERE deleted_at IS NULL" +
                      filter.where + " ORDER BY id " + order + " LIMIT $" +
                      std::to_string(params.size() - 1) + "::bigint OFFSET $" +
                      std::to_string(params.size()) + "::bigint) ORDER BY c.id " + order;
    auto rows =
        ExecPrepared(txn, std::string("customer_list_") + order + "_" + filter.key, sql, params);
    page.items.reserve(rows.size());
    for (const auto& row : rows) page.items.push_back(FromRow(row));
    if (backwards) std::reverse(page.items.begin(), page.items.end());
  });
  return page;
}

std::vector<CustomerRecord> CustomerRepository::ListAfter(int64_t after_id, int limit,
                                                          CustomerType type,
                                                          std::optional<CustomerStatus> status) {
  std::vector<CustomerRecord> batch;
  pool_.Read([&](pqxx::read_transaction& txn) {
    auto rows = txn.exec_params(std::string(kSelect) + kFrom +
                                    "WHERE c.deleted_at IS NULL AND c.type = $3 "
                                    "AND ($4 = '' OR c.status = $4) AND c.id > $1 "
                                    "ORDER BY c.id LIMIT $2",
                                after_id, limit, Text(type), status ? Text(*status) : "");
    batch.reserve(rows.size());
    for (const auto& row : rows) batch.push_back(FromRow(row));
  });
  return batch;
}

// One statement for the row and its list counter: the insert returns what the reply needs
// besides the validated input (id, fee, timestamps), with no reload. For an internet customer the
// same statement reads and key-share-locks the package (see ResolvePackage) and inserts nothing
// when it is gone.
CustomerRecord CustomerRepository::Insert(const CustomerData& data, bool fee_from_package,
                                          const rpc::Caller& actor) {
  constexpr const char* kStamps =
      "to_char(ins.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), "
      "to_char(ins.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')";
  // The list counter of the new customer (migration 0005): `flag` marks the transaction as
  // counted by its writer (the insert trigger skips it), `counted` adds 1 to its row.
  constexpr const char* kCountedFlag =
      "flag AS (SELECT set_config('customer.counts_accounted', 'on', true) AS accounted)";
  constexpr const char* kCountTail =
      ", counted AS (INSERT INTO customer_counts AS k (type, status, package_id, shard, n) "
      "SELECT ins.type, ins.status, coalesce(ins.package_id, 0), (ins.id % 16)::smallint, 1 "
      "FROM ins WHERE ins.deleted_at IS NULL "
      "ON CONFLICT (type, status, package_id, shard) DO UPDATE SET n = k.n + 1) ";
  CustomerRecord created;
  try {
    pool_.Transact([&](pqxx::work& txn) {
      CustomerData row = data;
      pqxx::result inserted;
      std::string type = Text(row.type);
      std::string status = Text(row.status);
      if (row.type == CustomerType::kInternet) {
        txn.conn().prepare(
            "customer_insert_internet",
            std::string("WITH ") + kCountedFlag +
                ", p AS (SELECT id, price, name FROM packages "
                "WHERE id = $9::bigint AND deleted_at IS NULL FOR KEY SHARE), "
                "ins AS (INSERT INTO customers (type, name, phone, address, notes, status, "
                "pppoe_username, pppoe_password, package_id, monthly_fee, due_day, "
                "installed_at, gas_price, discount_type, discount_value, installation_fee, nik) "
                "SELECT $1::text, $2::text, $3::text, $4::text, "
                "$5::text, $6::text, $7::text, $8::text, p.id, "
                "CASE WHEN $14::boolean THEN p.price ELSE $10::bigint END, "
                "$11::smallint, NULLIF($12::text, '')::date, $13::bigint, $15::text, "
                "$16::bigint, $17::bigint, $18::text FROM p, flag "
                "WHERE flag.accounted = 'on' RETURNING *)" +
                kCountTail + "SELECT ins.id, ins.monthly_fee, " + kStamps +
                ", p.name FROM ins CROSS JOIN p");
        inserted = txn.exec_prepared(
            "customer_insert_internet", type, row.name, row.phone, row.address, row.notes, status,
            row.pppoe_username, row.pppoe_password, row.package_id, row.monthly_fee, row.due_day,
            row.installed_at, row.gas_price, fee_from_package, row.discount_type,
            row.discount_value, row.installation_fee, row.nik);
        if (inserted.empty()) {
          throw errors::InvalidArgument(i18n::kValidationFailed,
                                        {{"package_id", i18n::kPackageNotFound}});
        }
        row.monthly_fee = inserted[0][1].as<int64_t>();
        created.package_name = inserted[0][4].as<std::string>();
      } else {
        txn.conn().prepare(
            "customer_insert_gas",
            std::string("WITH ") + kCountedFlag +
                ", ins AS (INSERT INTO customers (type, name, phone, address, notes, status, "
                "pppoe_username, pppoe_password, package_id, monthly_fee, due_day, "
                "installed_at, gas_price, discount_type, discount_value, installation_fee, nik) "
                "SELECT $1::text, $2::text, $3::text, $4::text, "
                "$5::text, $6::text, $7::text, $8::text, NULLIF($9::bigint, 0), $10::bigint, "
                "$11::smallint, NULLIF($12::text, '')::date, $13::bigint, $14::text, "
                "$15::bigint, $16::bigint, $17::text FROM flag "
                "WHERE flag.accounted = 'on' RETURNING *)" +
                kCountTail + "SELECT ins.id, ins.monthly_fee, " + kStamps + " FROM ins");
        inserted = txn.exec_prepared("customer_insert_gas", type, row.name, row.phone, row.address,
                                     row.notes, status, row.pppoe_username, row.pppoe_password,
                                     row.package_id, row.monthly_fee, row.due_day, row.installed_at,
                                     row.gas_price, row.discount_type, row.discount_value,
                                     row.installation_fee, row.nik);
      }
      created.id = inserted[0][0].as<int64_t>();
      created.created_at = inserted[0][2].as<std::string>();
      created.updated_at = inserted[0][3].as<std::string>();
      events::Record(txn, kService, actor, CustomerCreated(created.id, row));
      created.data = std::move(row);
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
          std::string(kSelect) + kFrom + "WHERE c.id = $1 AND c.deleted_at IS NULL FOR UPDATE OF c",
          id);
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
          "installed_at = NULLIF($13, '')::date, gas_price = $14, discount_type = $15, "
          "discount_value = $16, installation_fee = $17, nik = $18, updated_at = now() WHERE id = "
          "$1",
          id, Text(row.type), row.name, row.phone, row.address, row.notes, Text(row.status),
          row.pppoe_username, row.pppoe_password, row.package_id, row.monthly_fee, row.due_day,
          row.installed_at, row.gas_price, row.discount_type, row.discount_value,
          row.installation_fee, row.nik);
      updated = Load(txn, id);
      events::Record(txn, kService, actor, CustomerUpdated(id, before.data, row));
    });
  } catch (const pqxx::unique_violation&) {
    throw UsernameTaken();
  }
  return updated;
}

CustomerRecord CustomerRepository::SetStatus(int64_t id, CustomerStatus to,
                                             const std::string& reason,
                                             const std::function<bool(const CustomerData&)>& decide,
                                             const rpc::Caller& actor) {
  CustomerRecord updated;
  pool_.Transact([&](pqxx::work& txn) {
    auto current = txn.exec_params(
        std::string(kSelect) + kFrom + "WHERE c.id = $1 AND c.deleted_at IS NULL FOR UPDATE OF c",
        id);
    if (current.empty()) throw errors::NotFound(i18n::kCustomerNotFound);
    updated = FromRow(current[0]);
    if (!decide(updated.data)) return;
    CustomerData before = updated.data;
    txn.exec_params0("UPDATE customers SET status = $2, updated_at = now() WHERE id = $1", id,
                     Text(to));
    updated = Load(txn, id);
    events::Record(txn, kService, actor, StatusChanged(id, before, to, reason, actor));
  });
  return updated;
}

CustomerData CustomerRepository::ShowPassword(int64_t id,
                                              const std::function<void(const CustomerData&)>& check,
                                              const rpc::Caller& actor) {
  CustomerData data;
  pool_.Transact([&](pqxx::work& txn) {
    auto found = txn.exec_params(
        std::string(kSelect) + kFrom + "WHERE c.id = $1 AND c.deleted_at IS NULL", id);
    if (found.empty()) throw errors::NotFound(i18n::kCustomerNotFound);
    data = FromRow(found[0]).data;
    check(data);
    events::Record(txn, kService, actor, PasswordShown(id, data));
  });
  return data;
}

void CustomerRepository::Delete(int64_t id, const rpc::Caller& actor) {
  pool_.Transact([&](pqxx::work& txn) {
    auto deleted = txn.exec_params(
        "UPDATE customers SET deleted_at = now(), updated_at = now() "
        "WHERE id = $1 AND deleted_at IS NULL RETURNING name, type",
        id);
    if (deleted.empty()) throw errors::NotFound(i18n::kCustomerNotFound);
    CustomerData data;
    data.name = deleted[0][0].as<std::string>();
    data.type = Stored(domain::ParseCustomerType(deleted[0][1].as<std::string>()));
    events::Record(txn, kService, actor, CustomerDeleted(id, data));
  });
}

}  // namespace billing::customer
