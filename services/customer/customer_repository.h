// The customers in PostgreSQL: lookups, the indexed search, the keyset batches and audited
// writes. Storage only: the decisions come from customer_rules / CustomerRegistry.
#pragma once

#include "customer_store.h"
#include "db/pool.h"

namespace billing::customer {

class CustomerRepository final : public CustomerStore {
 public:
  explicit CustomerRepository(db::Pool& pool);

  std::optional<CustomerRecord> FindById(int64_t id, bool include_deleted) override;
  std::vector<CustomerRecord> FindMany(const std::vector<int64_t>& ids,
                                       bool include_deleted) override;
  CustomerPage List(const CustomerQuery& query) override;
  std::vector<CustomerRecord> ListAfter(int64_t after_id, int limit, CustomerType type,
                                        std::optional<CustomerStatus> status) override;
  CustomerRecord Insert(const CustomerData& data, bool fee_from_package,
                        const rpc::Caller& actor) override;
  CustomerRecord Update(int64_t id, const std::function<MergedCustomer(const CustomerData&)>& merge,
                        const rpc::Caller& actor) override;
  CustomerRecord SetStatus(int64_t id, CustomerStatus to, const std::string& reason,
                           const std::function<bool(const CustomerData&)>& decide,
                           const rpc::Caller& actor) override;
  void Delete(int64_t id, const rpc::Caller& actor) override;
  CustomerData ShowPassword(int64_t id, const std::function<void(const CustomerData&)>& check,
                            const rpc::Caller& actor) override;

 private:
  db::Pool& pool_;
};

}  // namespace billing::customer
