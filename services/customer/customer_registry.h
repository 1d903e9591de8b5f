// The logic the customer RPCs run, on the CustomerStore and PackageStore interfaces: creating,
// editing and deleting customers and packages, isolir / reconnect, who sees a PPPoE password,
// lists and the billable feed. The gRPC service authorises, converts and maps errors around it.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "customer_rules.h"
#include "customer_store.h"
#include "package_store.h"
#include "rpc/caller.h"

namespace billing::customer {

class CustomerRegistry final {
 public:
  CustomerRegistry(CustomerStore& customers, PackageStore& packages)
      : customers_(customers), packages_(packages) {}

  // The stored customer, without its password (the replies to staff never carry it).
  CustomerRecord Create(const CustomerPatch& input, const rpc::Caller& actor);
  CustomerRecord Update(int64_t id, const CustomerPatch& input, const rpc::Caller& actor);
  void Delete(int64_t id, const rpc::Caller& actor);

  // With the password only when asked for and the caller may read it (MayReadPppoePassword).
  CustomerRecord Get(int64_t id, bool include_deleted, bool with_password,
                     const rpc::Caller& caller);
  // The customers of `ids` that exist, in id order; passwords as for the bulk feed.
  std::vector<CustomerRecord> GetMany(const std::vector<int64_t>& ids, bool include_deleted,
                                      bool with_password, const rpc::Caller& caller);
  CustomerPage List(const CustomerListInput& input);
  // Every live customer matching `input` (its paging ignored), newest first, in batches;
  // passwords only `with_passwords` (the caller must be an admin: permission_denied otherwise).
  void ForEachMatching(const CustomerListInput& input, bool with_passwords,
                       const rpc::Caller& caller,
                       const std::function<void(const std::vector<CustomerRecord>&)>& write);
  // Live internet customers (only the active ones unless `every_status`) in id order, in
  // batches of `batch_size` (0 = the default), until `write` returns false. Passwords only for
  // the network service.
  void ForEachBillable(int batch_size, bool every_status, const rpc::Caller& caller,
                       const std::function<bool(const std::vector<CustomerRecord>&)>& write);

  // Isolir / reconnect: `status` must be active or isolated (nullopt: an unknown value).
  CustomerRecord SetStatus(int64_t id, std::optional<CustomerStatus> status,
                           const std::string& reason, const rpc::Caller& actor);
  // A live internet customer's PPPoE username and password; the store audits who saw it.
  std::pair<std::string, std::string> RevealPppoePassword(int64_t id, const rpc::Caller& actor);

  std::vector<PackageRecord> ListPackages();
  PackageRecord CreatePackage(const PackagePatch& input, const rpc::Caller& actor);
  PackageRecord UpdatePackage(int64_t id, const PackagePatch& input, const rpc::Caller& actor);
  // Refused (failed_precondition) while live customers use it.
  void DeletePackage(int64_t id, const rpc::Caller& actor);

 private:
  CustomerStore& customers_;
  PackageStore& packages_;
};

}  // namespace billing::customer
