// The internet packages in PostgreSQL: list with customer counts and audited writes. Storage
// only: the decisions come from customer_rules / CustomerRegistry.
#pragma once

#include "db/pool.h"
#include "package_store.h"

namespace billing::customer {

class PackageRepository final : public PackageStore {
 public:
  explicit PackageRepository(db::Pool& pool);

  std::vector<PackageRecord> List() override;
  PackageRecord Insert(const PackageData& data, const rpc::Caller& actor) override;
  PackageRecord Update(int64_t id, const std::function<PackageData(const PackageData&)>& merge,
                       const rpc::Caller& actor) override;
  void Delete(int64_t id, const std::function<void(int64_t live_customers)>& check,
              const rpc::Caller& actor) override;

 private:
  db::Pool& pool_;
};

}  // namespace billing::customer
