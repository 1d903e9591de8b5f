// The customer and package stores, in memory.
#include "testing/fakes.h"

#include <algorithm>
#include <cctype>

#include "errors/error.h"
#include "i18n/messages.h"

namespace billing::customer::testing {
namespace {

std::string Lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

// ILIKE of a "%text%" pattern from SearchPatterns (its escapes undone).
bool Matches(const std::string& pattern, const std::string& text) {
  std::string needle;
  for (size_t i = 1; i + 1 < pattern.size(); ++i) {
    if (pattern[i] == '\\' && i + 2 < pattern.size()) ++i;
    needle.push_back(pattern[i]);
  }
  return Lower(text).find(Lower(needle)) != std::string::npos;
}

std::string SearchText(const CustomerData& data) {
  return data.name + " " + data.phone + " " + data.pppoe_username + " " + data.address;
}

}  // namespace

PackageRecord FakePackageStore::Counted(PackageRecord record) const {
  record.customer_count = customers != nullptr ? customers->CountOnPackage(record.id) : 0;
  return record;
}

std::optional<PackageRecord> FakePackageStore::Live(int64_t id) const {
  auto found = rows.find(id);
  if (found == rows.end() || deleted.count(id) > 0) return std::nullopt;
  return Counted(found->second);
}

std::vector<PackageRecord> FakePackageStore::List() {
  std::vector<PackageRecord> live;
  for (const auto& [id, record] : rows) {
    if (deleted.count(id) == 0) live.push_back(Counted(record));
  }
  std::stable_sort(live.begin(), live.end(), [](const PackageRecord& a, const PackageRecord& b) {
    return Lower(a.data.name) < Lower(b.data.name);
  });
  return live;
}

PackageRecord FakePackageStore::Insert(const PackageData& data, const rpc::Caller& actor) {
  for (const auto& [id, record] : rows) {
    if (deleted.count(id) == 0 && Lower(record.data.name) == Lower(data.name)) {
      throw errors::AlreadyExists(i18n::kPackageNameTaken, {{"name", i18n::kPackageNameTaken}});
    }
  }
  PackageRecord record;
  record.id = next_id_++;
  record.data = data;
  record.created_at = record.updated_at = domain::FormatRfc3339(clock_.Now());
  rows[record.id] = record;
  audit.push_back({PackageCreated(record.id, data), actor});
  return Counted(record);
}

PackageRecord FakePackageStore::Update(int64_t id,
                                       const std::function<PackageData(const PackageData&)>& merge,
                                       const rpc::Caller& actor) {
  if (!Live(id)) throw errors::NotFound(i18n::kPackageNotFound);
  PackageRecord& record = rows[id];
  PackageData after = merge(record.data);
  auto change = PackageUpdated(id, record.data, after);
  if (!change) return Counted(record);
  for (const auto& [other, row] : rows) {
    if (other != id && deleted.count(other) == 0 && Lower(row.data.name) == Lower(after.name)) {
      throw errors::AlreadyExists(i18n::kPackageNameTaken, {{"name", i18n::kPackageNameTaken}});
    }
  }
  record.data = after;
  record.updated_at = domain::FormatRfc3339(clock_.Now());
  audit.push_back({*change, actor});
  return Counted(record);
}

void FakePackageStore::Delete(int64_t id, const std::function<void(int64_t)>& check,
                              const rpc::Caller& actor) {
  auto live = Live(id);
  if (!live) throw errors::NotFound(i18n::kPackageNotFound);
  check(live->customer_count);
  deleted.insert(id);
  audit.push_back({PackageDeleted(id, live->data.name), actor});
}

int64_t FakeCustomerStore::CountOnPackage(int64_t package_id) const {
  return std::count_if(rows.begin(), rows.end(), [package_id](const auto& row) {
    return !row.second.deleted && row.second.data.package_id == package_id;
  });
}

CustomerRecord& FakeCustomerStore::Live(int64_t id) {
  auto found = rows.find(id);
  if (found == rows.end() || found->second.deleted) {
    throw errors::NotFound(i18n::kCustomerNotFound);
  }
  return found->second;
}

void FakeCustomerStore::ResolvePackage(CustomerRecord& record, bool fee_from_package) const {
  record.package_name.clear();
  if (record.data.type != CustomerType::kInternet) return;
  auto package = packages_.Live(record.data.package_id);
  if (!package) {
    throw errors::InvalidArgument(i18n::kValidationFailed,
                                  {{"package_id", i18n::kPackageNotFound}});
  }
  if (fee_from_package) record.data.monthly_fee = package->data.price;
  record.package_name = package->data.name;
}

void FakeCustomerStore::CheckUsernameFree(const CustomerData& data, int64_t own_id) const {
  if (data.pppoe_username.empty()) return;
  for (const auto& [id, record] : rows) {
    if (id != own_id && !record.deleted &&
        Lower(record.data.pppoe_username) == Lower(data.pppoe_username)) {
      throw errors::AlreadyExists(i18n::kPppoeUsernameTaken,
                                  {{"pppoe_username", i18n::kPppoeUsernameTaken}});
    }
  }
}

std::optional<CustomerRecord> FakeCustomerStore::FindById(int64_t id, bool include_deleted) {
  auto found = rows.find(id);
  if (found == rows.end() || (found->second.deleted && !include_deleted)) return std::nullopt;
  return found->second;
}

std::vector<CustomerRecord> FakeCustomerStore::FindMany(const std::vector<int64_t>& ids,
                                                        bool include_deleted) {
  std::vector<CustomerRecord> found;
  for (const auto& [id, record] : rows) {
    bool asked = std::find(ids.begin(), ids.end(), id) != ids.end();
    if (asked && (include_deleted || !record.deleted)) found.push_back(record);
  }
  return found;
}

CustomerPage FakeCustomerStore::List(const CustomerQuery& query) {
  std::vector<CustomerRecord> matching;
  for (auto it = rows.rbegin(); it != rows.rend(); ++it) {
    const CustomerRecord& record = it->second;
    const CustomerData& data = record.data;
    if (record.deleted || (query.type && data.type != *query.type) ||
        (query.status && data.status != *query.status) ||
        (query.package_id != 0 && data.package_id != query.package_id) ||
        (query.missing_phone && !data.phone.empty())) {
      continue;
    }
    bool found = query.patterns.empty() ||
                 std::any_of(query.patterns.begin(), query.patterns.end(),
                             [&](const std::string& p) { return Matches(p, SearchText(data)); });
    if (found) matching.push_back(record);
  }
  CustomerPage page;
  page.total = static_cast<int64_t>(matching.size());
  for (size_t i = query.offset; i < matching.size() && page.items.size() < size_t(query.limit);
       ++i) {
    page.items.push_back(matching[i]);
  }
  return page;
}

std::vector<CustomerRecord> FakeCustomerStore::ListAfter(int64_t after_id, int limit,
                                                         CustomerType type,
                                                         std::optional<CustomerStatus> status) {
  list_after_statuses.push_back(status);
  std::vector<CustomerRecord> batch;
  for (auto it = rows.upper_bound(after_id);
       it != rows.end() && static_cast<int>(batch.size()) < limit; ++it) {
    const CustomerRecord& record = it->second;
    if (!record.deleted && record.data.type == type && (!status || record.data.status == *status)) {
      batch.push_back(record);
    }
  }
  return batch;
}

CustomerRecord FakeCustomerStore::Insert(const CustomerData& data, bool fee_from_package,
                                         const rpc::Caller& actor) {
  CustomerRecord record;
  record.data = data;
  ResolvePackage(record, fee_from_package);
  CheckUsernameFree(record.data, 0);
  record.id = next_id_++;
  record.created_at = record.updated_at = domain::FormatRfc3339(clock_.Now());
  rows[record.id] = record;
  audit.push_back({CustomerCreated(record.id, record.data), actor});
  return record;
}

CustomerRecord FakeCustomerStore::Update(
    int64_t id, const std::function<MergedCustomer(const CustomerData&)>& merge,
    const rpc::Caller& actor) {
  CustomerRecord& current = Live(id);
  MergedCustomer merged = merge(current.data);
  CustomerRecord after = current;
  after.data = merged.data;
  ResolvePackage(after, merged.fee_from_package);
  if (after.data == current.data) return current;
  CheckUsernameFree(after.data, id);
  after.updated_at = domain::FormatRfc3339(clock_.Now());
  audit.push_back({CustomerUpdated(id, current.data, after.data), actor});
  current = after;
  return current;
}

CustomerRecord FakeCustomerStore::SetStatus(int64_t id, CustomerStatus to,
                                            const std::string& reason,
                                            const std::function<bool(const CustomerData&)>& decide,
                                            const rpc::Caller& actor) {
  CustomerRecord& current = Live(id);
  if (!decide(current.data)) return current;
  audit.push_back({StatusChanged(id, current.data, to, reason, actor), actor});
  current.data.status = to;
  current.updated_at = domain::FormatRfc3339(clock_.Now());
  return current;
}

void FakeCustomerStore::Delete(int64_t id, const rpc::Caller& actor) {
  CustomerRecord& current = Live(id);
  current.deleted = true;
  current.updated_at = domain::FormatRfc3339(clock_.Now());
  audit.push_back({CustomerDeleted(id, current.data), actor});
}

CustomerData FakeCustomerStore::ShowPassword(int64_t id,
                                             const std::function<void(const CustomerData&)>& check,
                                             const rpc::Caller& actor) {
  CustomerRecord& current = Live(id);
  check(current.data);
  audit.push_back({PasswordShown(id, current.data), actor});
  return current.data;
}

}  // namespace billing::customer::testing
