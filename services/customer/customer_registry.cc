// Customer and package logic: ids are checked here, every rule comes from customer_rules.
#include "customer_registry.h"

#include "errors/error.h"
#include "i18n/messages.h"

namespace billing::customer {
namespace {

CustomerRecord WithoutPassword(CustomerRecord record) {
  record.data.pppoe_password.clear();
  return record;
}

void RequireCustomerId(int64_t id) {
  if (id <= 0) throw errors::NotFound(i18n::kCustomerNotFound);
}

void RequirePackageId(int64_t id) {
  if (id <= 0) throw errors::NotFound(i18n::kPackageNotFound);
}

}  // namespace

CustomerRecord CustomerRegistry::Create(const CustomerPatch& input, const rpc::Caller& actor) {
  MergedCustomer merged = MergeCustomer(CustomerData{}, input, true);
  return WithoutPassword(customers_.Insert(merged.data, merged.fee_from_package, actor));
}

CustomerRecord CustomerRegistry::Update(int64_t id, const CustomerPatch& input,
                                        const rpc::Caller& actor) {
  RequireCustomerId(id);
  auto merge = [&input](const CustomerData& before) { return MergeCustomer(before, input, false); };
  return WithoutPassword(customers_.Update(id, merge, actor));
}

void CustomerRegistry::Delete(int64_t id, const rpc::Caller& actor) {
  RequireCustomerId(id);
  customers_.Delete(id, actor);
}

CustomerRecord CustomerRegistry::Get(int64_t id, bool include_deleted, bool with_password,
                                     const rpc::Caller& caller) {
  auto customer = id > 0 ? customers_.FindById(id, include_deleted) : std::nullopt;
  if (!customer) throw errors::NotFound(i18n::kCustomerNotFound);
  if (with_password && MayReadPppoePassword(caller)) return *customer;
  return WithoutPassword(*customer);
}

std::vector<CustomerRecord> CustomerRegistry::GetMany(const std::vector<int64_t>& ids,
                                                      bool include_deleted, bool with_password,
                                                      const rpc::Caller& caller) {
  CheckIdCount(ids.size());
  std::vector<CustomerRecord> found = customers_.FindMany(ids, include_deleted);
  if (!(with_password && MayReadPppoePasswordsInBulk(caller))) {
    for (auto& customer : found) customer.data.pppoe_password.clear();
  }
  return found;
}

CustomerPage CustomerRegistry::List(const CustomerListInput& input) {
  CustomerPage page = customers_.List(CheckedQuery(input));
  for (auto& customer : page.items) customer.data.pppoe_password.clear();
  return page;
}

void CustomerRegistry::ForEachMatching(
    const CustomerListInput& input, bool with_passwords, const rpc::Caller& caller,
    const std::function<void(const std::vector<CustomerRecord>&)>& write) {
  if (with_passwords) rpc::RequireAdmin(caller);
  constexpr int kBatch = 1000;
  CustomerListInput first = input;
  first.limit = 0;
  first.offset = 0;
  CustomerQuery query = CheckedQuery(first);
  query.limit = kBatch;
  while (true) {
    CustomerPage page = customers_.List(query);
    if (!with_passwords) {
      for (auto& customer : page.items) customer.data.pppoe_password.clear();
    }
    if (!page.items.empty()) write(page.items);
    if (static_cast<int>(page.items.size()) < kBatch) break;
    query.offset += kBatch;
  }
}

// Keyset pages in id order, one short read per batch, so a slow reader never holds a
// connection and 100,000 customers arrive in ~100 batches.
void CustomerRegistry::ForEachBillable(
    int batch_size, bool every_status, const rpc::Caller& caller,
    const std::function<bool(const std::vector<CustomerRecord>&)>& write) {
  int size = CheckedBatchSize(batch_size);
  bool reveal = MayReadPppoePasswordsInBulk(caller);
  std::optional<CustomerStatus> status;
  if (!every_status) status = CustomerStatus::kActive;
  int64_t after_id = 0;
  while (true) {
    std::vector<CustomerRecord> rows =
        customers_.ListAfter(after_id, size, CustomerType::kInternet, status);
    if (rows.empty()) break;
    if (!reveal) {
      for (auto& row : rows) row.data.pppoe_password.clear();
    }
    if (!write(rows) || static_cast<int>(rows.size()) < size) break;
    after_id = rows.back().id;
  }
}

CustomerRecord CustomerRegistry::SetStatus(int64_t id, std::optional<CustomerStatus> status,
                                           const std::string& reason, const rpc::Caller& actor) {
  CustomerStatus to = CheckedIsolirStatus(status);
  std::string checked_reason = CheckedReason(reason);
  RequireCustomerId(id);
  auto decide = [to](const CustomerData& current) { return StatusChanges(current, to); };
  return WithoutPassword(customers_.SetStatus(id, to, checked_reason, decide, actor));
}

std::pair<std::string, std::string> CustomerRegistry::RevealPppoePassword(
    int64_t id, const rpc::Caller& actor) {
  RequireCustomerId(id);
  CustomerData data = customers_.ShowPassword(id, CheckPasswordShowable, actor);
  return {data.pppoe_username, data.pppoe_password};
}

std::vector<PackageRecord> CustomerRegistry::ListPackages() { return packages_.List(); }

PackageRecord CustomerRegistry::CreatePackage(const PackagePatch& input, const rpc::Caller& actor) {
  return packages_.Insert(MergePackage(PackageData{}, input, true), actor);
}

PackageRecord CustomerRegistry::UpdatePackage(int64_t id, const PackagePatch& input,
                                              const rpc::Caller& actor) {
  RequirePackageId(id);
  auto merge = [&input](const PackageData& before) { return MergePackage(before, input, false); };
  return packages_.Update(id, merge, actor);
}

void CustomerRegistry::DeletePackage(int64_t id, const rpc::Caller& actor) {
  RequirePackageId(id);
  packages_.Delete(id, CheckPackageUnused, actor);
}

}  // namespace billing::customer
