// Customer import rules and the import's course; messages from the Indonesian catalogue.
#include "customer_import.h"

#include <algorithm>
#include <map>

#include "domain/rupiah.h"
#include "domain/text.h"
#include "errors/error.h"
#include "events/outbox.h"
#include "i18n/messages.h"

namespace billing::customer {
namespace {

constexpr const char* kCustomerEntity = "customer";

// MergeCustomer names the package by id; the import's rows name it by name.
std::string ColumnOf(const std::string& field) {
  return field == "package_id" ? "package_name" : field;
}

std::string RowText(int32_t row) {
  return events::FormatSummary(i18n::kImportSameAsRow, {{"baris", std::to_string(row)}});
}

class RowChecker {
 public:
  RowChecker(ImportPlan& plan, const std::vector<PackageRecord>& packages,
             const domain::Period& this_month, PhoneRule phone_rule)
      : plan_(plan), this_month_(this_month), phone_rule_(phone_rule) {
    for (const auto& package : packages) packages_.emplace(LowerAscii(package.data.name), &package);
  }

  void Check(const ImportRowInput& input) {
    row_ = input.row;
    issues_before_ = plan_.issues.size();
    CustomerPatch patch = input.patch;
    bool gas = patch.type.given && patch.type.value == CustomerType::kGas;
    int new_package = -1;
    int64_t package_price = 0;
    std::string package_name = domain::Trim(input.package_name);
    if (gas) {
      if (!package_name.empty()) Add("package_name", i18n::kNotForGas);
      if (!input.arrears.empty()) Add("arrears", i18n::kNotForGas);
    } else if (!package_name.empty()) {
      ResolvePackage(package_name, input.package_price, patch, new_package, package_price);
    }
    if (!gas) CheckArrears(input.arrears);

    PlannedCustomer planned{row_, {}, new_package};
    try {
      MergedCustomer merged = MergeCustomer(CustomerData{}, patch, true, phone_rule_);
      planned.data = merged.data;
      if (merged.fee_from_package) planned.data.monthly_fee = package_price;
    } catch (const errors::Error& e) {
      if (e.fields().empty()) throw;
      for (const auto& [field, message] : e.fields()) {
        // An unknown package was already named; MergeCustomer only sees its stand-in id.
        if (field == "package_id" && !package_name.empty()) continue;
        Add(ColumnOf(field), message);
      }
    }
    if (new_package >= 0) planned.data.package_id = 0;
    CheckDuplicates(planned.data);
    if (plan_.issues.size() == issues_before_) plan_.customers.push_back(std::move(planned));
  }

 private:
  void Add(const std::string& column, const std::string& message) {
    plan_.issues.push_back({row_, column, message});
  }

  void ResolvePackage(const std::string& name, const std::optional<int64_t>& price,
                      CustomerPatch& patch, int& new_package, int64_t& package_price) {
    std::string key = LowerAscii(name);
    if (auto found = packages_.find(key); found != packages_.end()) {
      patch.package_id = found->second->id;
      package_price = found->second->data.price;
      return;
    }
    // Stands in for the package until it exists, so the rest of the row is checked as usual.
    patch.package_id = 1;
    if (auto known = new_packages_.find(key); known != new_packages_.end()) {
      const NewPackageSpec& spec = plan_.new_packages[known->second.index];
      if (price && *price != spec.price) {
        Add("package_price", events::FormatSummary(i18n::kImportPackagePriceDiffers,
                                                   {{"baris", std::to_string(known->second.row)}}));
      }
      new_package = known->second.index;
      package_price = spec.price;
      return;
    }
    if (!price) {
      Add("package_name", i18n::kImportPackageUnknown);
      return;
    }
    try {
      PackagePatch package_patch;
      package_patch.name = name;
      package_patch.price = *price;
      PackageData data = MergePackage(PackageData{}, package_patch, true);
      new_package = static_cast<int>(plan_.new_packages.size());
      plan_.new_packages.push_back({data.name, data.price, 0});
      new_packages_.emplace(key, NewPackageRef{new_package, row_});
      package_price = data.price;
    } catch (const errors::Error& e) {
      for (const auto& [field, message] : e.fields()) {
        Add(field == "price" ? "package_price" : "package_name", message);
      }
    }
  }

  void CheckArrears(const std::vector<std::string>& arrears) {
    if (arrears.size() > kMaxArrearsPerRow) {
      Add("arrears", i18n::kImportTooManyArrears);
      return;
    }
    // "YYYY-MM" texts order as the periods do.
    std::string latest = this_month_.ToString();
    std::set<std::string> seen;
    for (const auto& text : arrears) {
      auto period = domain::Period::Parse(domain::Trim(text));
      if (!period || period->ToString() > latest) {
        Add("arrears", events::FormatSummary(i18n::kImportInvalidArrears, {{"periode", text}}));
        return;
      }
      if (!seen.insert(period->ToString()).second) {
        Add("arrears", events::FormatSummary(i18n::kImportRepeatedArrears, {{"periode", text}}));
        return;
      }
    }
  }

  void CheckDuplicates(const CustomerData& data) {
    if (data.name.empty() || data.phone.empty()) return;
    if (data.type == CustomerType::kInternet && !data.pppoe_username.empty()) {
      auto [at, fresh] = usernames_.emplace(LowerAscii(data.pppoe_username), row_);
      if (!fresh) Add("pppoe_username", RowText(at->second));
    }
    auto [at, fresh] = phone_names_.emplace(std::pair{data.phone, LowerAscii(data.name)}, row_);
    if (!fresh) Add("name", RowText(at->second));
  }

  struct NewPackageRef {
    int index = 0;
    int32_t row = 0;  // the first naming it
  };

  ImportPlan& plan_;
  const domain::Period& this_month_;
  PhoneRule phone_rule_;
  std::map<std::string, const PackageRecord*> packages_;
  std::map<std::string, NewPackageRef> new_packages_;
  std::map<std::string, int32_t> usernames_;
  std::map<std::pair<std::string, std::string>, int32_t> phone_names_;
  int32_t row_ = 0;
  size_t issues_before_ = 0;
};

}  // namespace

size_t ImportPlan::Valid() const { return customers.size(); }

ImportPlan PlanImport(const std::vector<ImportRowInput>& rows,
                      const std::vector<PackageRecord>& packages, const domain::Period& this_month,
                      PhoneRule phone_rule) {
  if (rows.empty()) throw errors::InvalidArgument(i18n::kImportEmpty);
  if (rows.size() > kMaxImportRows) throw errors::InvalidArgument(i18n::kImportTooManyRows);
  ImportPlan plan;
  plan.rows = rows.size();
  RowChecker checker(plan, packages, this_month, phone_rule);
  for (const auto& row : rows) checker.Check(row);
  return plan;
}

void MarkTaken(ImportPlan& plan, const ImportTaken& taken) {
  std::vector<ImportIssue> found;
  auto clashes = [&](const PlannedCustomer& customer) {
    const CustomerData& data = customer.data;
    bool clash = false;
    if (data.type == CustomerType::kInternet &&
        taken.usernames.contains(LowerAscii(data.pppoe_username))) {
      found.push_back({customer.row, "pppoe_username", i18n::kPppoeUsernameTaken});
      clash = true;
    }
    if (!data.phone.empty() && taken.phone_names.contains({data.phone, LowerAscii(data.name)})) {
      found.push_back({customer.row, "name", i18n::kImportCustomerExists});
      clash = true;
    }
    return clash;
  };
  plan.customers.erase(std::remove_if(plan.customers.begin(), plan.customers.end(), clashes),
                       plan.customers.end());
  if (found.empty()) return;
  plan.issues.insert(plan.issues.end(), found.begin(), found.end());
  std::stable_sort(plan.issues.begin(), plan.issues.end(),
                   [](const ImportIssue& a, const ImportIssue& b) { return a.row < b.row; });
}

events::Change CustomersImported(size_t count, const std::vector<NewPackageSpec>& new_packages) {
  nlohmann::json packages = nlohmann::json::array();
  for (const auto& package : new_packages) {
    packages.push_back({{"id", package.id}, {"name", package.name}, {"price", package.price}});
  }
  return {"import",
          kCustomerEntity,
          "",
          events::FormatSummary(i18n::kSummaryCustomersImported,
                                {{"jumlah", domain::FormatThousands(static_cast<int64_t>(count))}}),
          {{"count", count}, {"packages_created", packages}}};
}

events::Change ImportDiscarded(const std::vector<int64_t>& ids) {
  return {"import_discard",
          kCustomerEntity,
          "",
          events::FormatSummary(
              i18n::kSummaryImportDiscarded,
              {{"jumlah", domain::FormatThousands(static_cast<int64_t>(ids.size()))}}),
          {{"count", ids.size()}, {"ids", ids}}};
}

events::Change PasswordsExported(const std::string& search) {
  return {"export_passwords",
          kCustomerEntity,
          "",
          i18n::kSummaryPasswordsExported,
          {{"search", search}}};
}

ImportResult CustomerImporter::Import(const ImportRequest& request,
                                      const domain::Period& this_month, const rpc::Caller& actor) {
  ImportResult result;
  ImportPlan& plan = result.plan;
  plan = PlanImport(request.rows, packages_.List(), this_month, request.phone_rule);
  std::vector<std::string> usernames;
  std::vector<std::string> phones;
  for (const auto& customer : plan.customers) {
    if (!customer.data.pppoe_username.empty()) usernames.push_back(customer.data.pppoe_username);
    if (!customer.data.phone.empty()) phones.push_back(customer.data.phone);
  }
  MarkTaken(plan, store_.FindTaken(usernames, phones));
  if (request.dry_run || !plan.issues.empty()) return result;
  if (!plan.new_packages.empty() && !request.create_packages) {
    throw errors::FailedPrecondition(i18n::kImportPackagesMissing);
  }
  std::vector<int64_t> ids =
      store_.Insert(plan.new_packages, plan.customers,
                    CustomersImported(plan.customers.size(), plan.new_packages), actor);
  result.imported.reserve(ids.size());
  for (size_t i = 0; i < ids.size(); ++i)
    result.imported.emplace_back(plan.customers[i].row, ids[i]);
  return result;
}

void CustomerImporter::Discard(const std::vector<int64_t>& ids,
                               const std::vector<int64_t>& package_ids, const rpc::Caller& actor) {
  if (ids.empty() && package_ids.empty()) return;
  CheckIdCount(ids.size() > kMaxImportRows ? ids.size() : 0);
  store_.Discard(ids, package_ids, ImportDiscarded(ids), actor);
}

void CustomerImporter::RecordPasswordExport(const std::string& search, const rpc::Caller& actor) {
  store_.Record(PasswordsExported(search), actor);
}

}  // namespace billing::customer
