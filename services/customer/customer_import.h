// Customer import: every row checked as the customer form checks it, plus what only a whole
// file shows (duplicates within it and against the database, packages named but not there yet,
// unpaid periods); then all rows stored at once, or none.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "customer_rules.h"
#include "domain/period.h"
#include "domain/text.h"
#include "package_store.h"
#include "rpc/caller.h"

namespace billing::customer {

// The duplicate checks compare names and usernames with ASCII letters lower-cased.
using domain::LowerAscii;

inline constexpr size_t kMaxImportRows = 100000;
inline constexpr size_t kMaxArrearsPerRow = 36;

struct ImportRowInput {
  int32_t row = 0;  // as the spreadsheet shows it
  CustomerPatch patch;
  std::string package_name;
  std::optional<int64_t> package_price;
  std::vector<std::string> arrears;  // "YYYY-MM"
};

struct ImportIssue {
  int32_t row = 0;
  std::string column;  // a CustomerInput field name, "package_name", "package_price" or "arrears"
  std::string message;

  bool operator==(const ImportIssue&) const = default;
};

struct NewPackageSpec {
  std::string name;
  int64_t price = 0;
  int64_t id = 0;  // once created
};

// A valid row ready to store. `new_package` >= 0: the package is new_packages[new_package]
// (data.package_id is 0 until it exists).
struct PlannedCustomer {
  int32_t row = 0;
  CustomerData data;
  int new_package = -1;
};

struct ImportPlan {
  size_t rows = 0;
  std::vector<ImportIssue> issues;  // in row order
  std::vector<PlannedCustomer> customers;
  std::vector<NewPackageSpec> new_packages;

  size_t Valid() const;
};

// What the database already holds of the file's keys.
struct ImportTaken {
  std::set<std::string> usernames;                            // lower case
  std::set<std::pair<std::string, std::string>> phone_names;  // phone "62...", lower-case name
};

// Checks each row on its own and against the rows before it; unknown packages with a price
// become new_packages (the first row naming one sets its price; a later row naming it with
// another price is an error). `this_month` bounds the unpaid periods; `phone_rule` says whether
// a row may leave the phone for later.
ImportPlan PlanImport(const std::vector<ImportRowInput>& rows,
                      const std::vector<PackageRecord>& packages, const domain::Period& this_month,
                      PhoneRule phone_rule = PhoneRule::kRequired);

// Adds an issue to every planned customer whose username or phone+name the database holds,
// and drops it from the plan's customers.
void MarkTaken(ImportPlan& plan, const ImportTaken& taken);

// The audit row of an applied import ("impor 1.234 pelanggan").
events::Change CustomersImported(size_t count, const std::vector<NewPackageSpec>& new_packages);
events::Change ImportDiscarded(const std::vector<int64_t>& ids);
events::Change PasswordsExported(const std::string& search);

class ImportStore {
 public:
  virtual ~ImportStore() = default;
  // The usernames and phone+name pairs of live customers among those given.
  virtual ImportTaken FindTaken(const std::vector<std::string>& usernames,
                                const std::vector<std::string>& phones) = 0;
  // In one transaction: creates the new packages (setting their ids), inserts every customer
  // (their packages key-share-locked and still live) and records `change`. already_exists when
  // a username or a package name was taken meanwhile. Returns the ids in the customers' order.
  virtual std::vector<int64_t> Insert(std::vector<NewPackageSpec>& new_packages,
                                      const std::vector<PlannedCustomer>& customers,
                                      const events::Change& change, const rpc::Caller& actor) = 0;
  // Removes the customers for good, and then the packages when no customer uses them, with
  // `change`; failed_precondition when any of them was changed after it was created.
  virtual void Discard(const std::vector<int64_t>& ids, const std::vector<int64_t>& package_ids,
                       const events::Change& change, const rpc::Caller& actor) = 0;
  // An audit row of its own (a password export).
  virtual void Record(const events::Change& change, const rpc::Caller& actor) = 0;
};

struct ImportRequest {
  std::vector<ImportRowInput> rows;
  bool dry_run = true;
  bool create_packages = false;
  PhoneRule phone_rule = PhoneRule::kRequired;  // kMayWait: adopted from a router
};

struct ImportResult {
  ImportPlan plan;
  std::vector<std::pair<int32_t, int64_t>> imported;  // row, new customer id
};

class CustomerImporter final {
 public:
  CustomerImporter(ImportStore& store, PackageStore& packages)
      : store_(store), packages_(packages) {}

  // Plans, checks against the database and, unless a dry run or any row has an issue, stores.
  // Applying with new packages needs create_packages (failed_precondition otherwise).
  ImportResult Import(const ImportRequest& request, const domain::Period& this_month,
                      const rpc::Caller& actor);
  void Discard(const std::vector<int64_t>& ids, const std::vector<int64_t>& package_ids,
               const rpc::Caller& actor);
  // Audits an export of PPPoE passwords before it starts (who, and the search it used).
  void RecordPasswordExport(const std::string& search, const rpc::Caller& actor);

 private:
  ImportStore& store_;
  PackageStore& packages_;
};

}  // namespace billing::customer
