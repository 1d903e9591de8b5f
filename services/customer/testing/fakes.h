// In-memory stand-ins for the customer service's stores, so CustomerRegistry is unit-tested
// without a database. They keep the rules of the PostgreSQL ones that the logic relies on
// (unique live PPPoE usernames and package names, whatever the case; a customer's package must
// be live; an unchanged update writes nothing), record the audit rows they would write, and
// stamp times from a domain::Clock.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "customer_store.h"
#include "domain/clock.h"
#include "package_store.h"

namespace billing::customer::testing {

// One audit row as a store would record it, with who did it.
struct AuditRow {
  events::Change change;
  rpc::Caller actor;
};

class FakeCustomerStore;

class FakePackageStore final : public PackageStore {
 public:
  explicit FakePackageStore(domain::Clock& clock) : clock_(clock) {}

  std::vector<PackageRecord> List() override;
  PackageRecord Insert(const PackageData& data, const rpc::Caller& actor) override;
  PackageRecord Update(int64_t id, const std::function<PackageData(const PackageData&)>& merge,
                       const rpc::Caller& actor) override;
  void Delete(int64_t id, const std::function<void(int64_t live_customers)>& check,
              const rpc::Caller& actor) override;

  // The live package `id`, with its customer count; nullopt when absent or deleted.
  std::optional<PackageRecord> Live(int64_t id) const;

  const FakeCustomerStore* customers = nullptr;  // for the customer counts
  std::map<int64_t, PackageRecord> rows;
  std::set<int64_t> deleted;
  std::vector<AuditRow> audit;

 private:
  PackageRecord Counted(PackageRecord record) const;

  domain::Clock& clock_;
  int64_t next_id_ = 1;
};

class FakeCustomerStore final : public CustomerStore {
 public:
  FakeCustomerStore(FakePackageStore& packages, domain::Clock& clock)
      : packages_(packages), clock_(clock) {
    packages.customers = this;
  }

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

  // Live customers on `package_id`.
  int64_t CountOnPackage(int64_t package_id) const;

  std::map<int64_t, CustomerRecord> rows;  // deleted ones too (`deleted`)
  std::vector<AuditRow> audit;
  std::vector<std::optional<CustomerStatus>> list_after_statuses;  // one per ListAfter call

 private:
  CustomerRecord& Live(int64_t id);
  // The package's name (fee from its price when asked); invalid_argument when not live.
  void ResolvePackage(CustomerRecord& record, bool fee_from_package) const;
  void CheckUsernameFree(const CustomerData& data, int64_t own_id) const;

  FakePackageStore& packages_;
  domain::Clock& clock_;
  int64_t next_id_ = 1;
};

}  // namespace billing::customer::testing
