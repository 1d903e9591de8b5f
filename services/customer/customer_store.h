// What the customer logic needs from the customers' storage: one aggregate behind a narrow
// interface (PostgreSQL in customer_repository.h, in memory in testing/fakes.h).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "customer_rules.h"
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

struct CustomerPage {
  std::vector<CustomerRecord> items;
  int64_t total = 0;
};

class CustomerStore {
 public:
  virtual ~CustomerStore() = default;

  virtual std::optional<CustomerRecord> FindById(int64_t id, bool include_deleted) = 0;
  // The customers of `ids` that exist, in id order.
  virtual std::vector<CustomerRecord> FindMany(const std::vector<int64_t>& ids,
                                               bool include_deleted) = 0;
  // Live customers matching the query, newest first, and how many match in all.
  virtual CustomerPage List(const CustomerQuery& query) = 0;
  // Up to `limit` live customers of `type` (and `status`, when given) with id > `after_id`, in
  // id order (keyset paging).
  virtual std::vector<CustomerRecord> ListAfter(int64_t after_id, int limit, CustomerType type,
                                                std::optional<CustomerStatus> status) = 0;

  // Inserts the customer and its audit row (CustomerCreated) in one transaction. For an
  // internet customer the package must be live (invalid_argument otherwise) and, with
  // `fee_from_package`, the fee becomes its price. already_exists when the PPPoE username is
  // taken.
  virtual CustomerRecord Insert(const CustomerData& data, bool fee_from_package,
                                const rpc::Caller& actor) = 0;
  // Locks the live customer (not_found otherwise), lets `merge` build the new version from the
  // current one (it may throw), resolves the package as Insert does and, when anything changed,
  // stores it with its audit row (CustomerUpdated). already_exists as for Insert.
  virtual CustomerRecord Update(int64_t id,
                                const std::function<MergedCustomer(const CustomerData&)>& merge,
                                const rpc::Caller& actor) = 0;
  // Locks the live customer (not_found otherwise) and asks `decide` whether the status changes
  // (it may throw); if so stores `to` with the audit row StatusChanged(..., reason, actor).
  virtual CustomerRecord SetStatus(int64_t id, CustomerStatus to, const std::string& reason,
                                   const std::function<bool(const CustomerData&)>& decide,
                                   const rpc::Caller& actor) = 0;
  // Soft delete with its audit row (CustomerDeleted): the row stays for history, its PPPoE
  // username becomes free. Throws not_found.
  virtual void Delete(int64_t id, const rpc::Caller& actor) = 0;
  // Reads the live customer (not_found otherwise), lets `check` refuse (it may throw) and
  // records who saw its password (PasswordShown); returns the customer.
  virtual CustomerData ShowPassword(int64_t id,
                                    const std::function<void(const CustomerData&)>& check,
                                    const rpc::Caller& actor) = 0;
};

}  // namespace billing::customer
