// The import's storage in PostgreSQL: the duplicate look-up and the one-transaction insert.
#pragma once

#include "customer_import.h"
#include "db/pool.h"

namespace billing::customer {

class ImportRepository final : public ImportStore {
 public:
  explicit ImportRepository(db::Pool& pool) : pool_(pool) {}

  ImportTaken FindTaken(const std::vector<std::string>& usernames,
                        const std::vector<std::string>& phones) override;
  std::vector<int64_t> Insert(std::vector<NewPackageSpec>& new_packages,
                              const std::vector<PlannedCustomer>& customers,
                              const events::Change& change, const rpc::Caller& actor) override;
  void Discard(const std::vector<int64_t>& ids, const std::vector<int64_t>& package_ids,
               const events::Change& change, const rpc::Caller& actor) override;
  void Record(const events::Change& change, const rpc::Caller& actor) override;

 private:
  db::Pool& pool_;
};

}  // namespace billing::customer
