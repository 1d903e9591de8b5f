// All SQL of internet packages: list with customer counts and audited writes.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "customer_rules.h"
#include "db/pool.h"
#include "rpc/caller.h"

namespace billing::customer {

struct PackageRecord {
  int64_t id = 0;
  PackageData data;
  int64_t customer_count = 0;  // live customers on this package
  std::string created_at;      // RFC 3339
  std::string updated_at;
};

class PackageRepository final {
 public:
  explicit PackageRepository(db::Pool& pool);

  // Live packages by name.
  std::vector<PackageRecord> List();
  // Throws already_exists when the name (case-insensitive) is taken.
  PackageRecord Create(const PackageData& data, const rpc::Caller& actor);
  // Locks the package, lets `merge` build the new version (it may throw), stores it.
  PackageRecord Update(int64_t id, const std::function<PackageData(const PackageData&)>& merge,
                       const rpc::Caller& actor);
  // Soft delete; failed_precondition while live customers use it, not_found when absent.
  void Delete(int64_t id, const rpc::Caller& actor);

 private:
  db::Pool& pool_;
};

}  // namespace billing::customer
