// All SQL of customers: lookups, the indexed search, the bill-run batches and audited writes.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "customer_rules.h"
#include "db/pool.h"
#include "rpc/caller.h"

namespace billing::customer {

struct CustomerRecord {
  int64_t id = 0;
  CustomerData data;
  std::string package_name;  // empty when none
  std::string created_at;    // RFC 3339
  std::string updated_at;
  bool deleted = false;
};

struct CustomerQuery {
  std::vector<std::string> patterns;  // ILIKE patterns, any of which matches (SearchPatterns)
  std::string type;                   // empty = any
  std::string status;                 // empty = any
  int64_t package_id = 0;             // 0 = any
  int limit = 50;
  int offset = 0;
};

struct CustomerPage {
  std::vector<CustomerRecord> items;
  int64_t total = 0;
};

class CustomerRepository final {
 public:
  explicit CustomerRepository(db::Pool& pool);

  std::optional<CustomerRecord> FindById(int64_t id, bool include_deleted);
  // The customers of `ids` that exist, in id order.
  std::vector<CustomerRecord> FindMany(const std::vector<int64_t>& ids, bool include_deleted);
  // Live customers matching the query, newest first, and how many match in all.
  CustomerPage List(const CustomerQuery& query);
  // Up to `limit` active internet customers with id > `after_id`, in id order (keyset paging).
  // With `every_status`: live internet customers of any status.
  std::vector<CustomerRecord> BillableAfter(int64_t after_id, int limit, bool every_status = false);

  // Inserts the customer and its audit row in one transaction. With `fee_from_package` the fee
  // becomes the package's price. Throws invalid_argument (unknown package) or already_exists
  // (PPPoE username taken).
  CustomerRecord Create(const CustomerData& data, bool fee_from_package, const rpc::Caller& actor);
  // Locks the live customer, lets `merge` build the new version from the current one (it may
  // throw a validation error), stores it and its audit row. Throws not_found as well.
  CustomerRecord Update(int64_t id, const std::function<MergedCustomer(const CustomerData&)>& merge,
                        const rpc::Caller& actor);
  // Isolir / reconnect of a live internet customer ("isolated" <-> "active") with the reason in
  // the audit row. Unchanged (no event) when the status already is `status`. Throws not_found,
  // failed_precondition (gas or inactive customer).
  CustomerRecord SetStatus(int64_t id, const std::string& status, const std::string& reason,
                           const rpc::Caller& actor);
  // Soft delete: the row stays for history, its PPPoE username becomes free. Throws not_found.
  void Delete(int64_t id, const rpc::Caller& actor);
  // A live internet customer's PPPoE username and password, with an audit row saying who saw
  // it ("show_password"; the password itself is never recorded). Throws not_found,
  // failed_precondition (no PPPoE password: a gas customer).
  std::pair<std::string, std::string> ShowPppoePassword(int64_t id, const rpc::Caller& actor);

 private:
  db::Pool& pool_;
};

}  // namespace billing::customer
