// What the customer logic needs from the packages' storage: one aggregate behind a narrow
// interface (PostgreSQL in package_repository.h, in memory in testing/fakes.h).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "customer_rules.h"
#include "rpc/caller.h"

namespace billing::customer {

struct PackageRecord {
  int64_t id = 0;
  PackageData data;
  int64_t customer_count = 0;  // live customers on this package
  std::string created_at;      // RFC 3339
  std::string updated_at;
};

class PackageStore {
 public:
  virtual ~PackageStore() = default;

  // Live packages by name.
  virtual std::vector<PackageRecord> List() = 0;
  // Inserts with its audit row (PackageCreated); already_exists when the name
  // (case-insensitive) is taken.
  virtual PackageRecord Insert(const PackageData& data, const rpc::Caller& actor) = 0;
  // Locks the live package (not_found otherwise), lets `merge` build the new version (it may
  // throw) and stores it with its audit row when anything changed (PackageUpdated).
  virtual PackageRecord Update(int64_t id,
                               const std::function<PackageData(const PackageData&)>& merge,
                               const rpc::Caller& actor) = 0;
  // Locks the live package (not_found otherwise), counts its live customers under that lock and
  // lets `check` refuse (it may throw); then soft-deletes it with its audit row.
  virtual void Delete(int64_t id, const std::function<void(int64_t live_customers)>& check,
                      const rpc::Caller& actor) = 0;
};

}  // namespace billing::customer
