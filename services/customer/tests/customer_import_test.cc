// The import's rules (PlanImport, MarkTaken) and its course (CustomerImporter) on an in-memory
// store: every row checked as the form would, duplicates within the file and against the
// database, packages named but missing, unpaid periods, and all-or-nothing.
#include "customer_import.h"

#include <gtest/gtest.h>

#include "i18n/messages.h"

namespace billing::customer {
namespace {

const domain::Period kThisMonth{2026, 11};

rpc::Caller Staff() {
  rpc::Caller caller;
  caller.service = "gateway";
  caller.user_id = 7;
  caller.username = "siti";
  caller.role = domain::Role::kStaff;
  return caller;
}

ImportRowInput Internet(int32_t row, const std::string& name, const std::string& username,
                        const std::string& package = "Paket 10M") {
  ImportRowInput input;
  input.row = row;
  input.patch.type = EnumField<CustomerType>::Of(CustomerType::kInternet);
  input.patch.name = name;
  input.patch.phone = "0812-" + std::to_string(3000'0000 + row);
  input.patch.pppoe_username = username;
  input.patch.pppoe_password = "rahasia";
  input.package_name = package;
  return input;
}

ImportRowInput Gas(int32_t row, const std::string& name) {
  ImportRowInput input;
  input.row = row;
  input.patch.type = EnumField<CustomerType>::Of(CustomerType::kGas);
  input.patch.name = name;
  input.patch.phone = "0857-" + std::to_string(3000'0000 + row);
  return input;
}

std::vector<PackageRecord> Packages() {
  PackageRecord ten;
  ten.id = 4;
  ten.data.name = "Paket 10M";
  ten.data.price = 150000;
  return {ten};
}

std::vector<ImportIssue> IssuesOf(const ImportPlan& plan) { return plan.issues; }

TEST(PlanImportTest, ValidRowsTakeTheirPackageAndItsPriceAsTheFee) {
  ImportRowInput with_fee = Internet(3, "Ani", "ani");
  with_fee.patch.monthly_fee = 120000;
  ImportPlan plan =
      PlanImport({Internet(2, "Budi", "budi"), with_fee, Gas(4, "Siti")}, Packages(), kThisMonth);
  EXPECT_TRUE(plan.issues.empty());
  ASSERT_EQ(plan.Valid(), 3u);
  EXPECT_EQ(plan.customers[0].data.package_id, 4);
  EXPECT_EQ(plan.customers[0].data.monthly_fee, 150000);
  EXPECT_EQ(plan.customers[0].data.phone, "6281230000002");
  EXPECT_EQ(plan.customers[1].data.monthly_fee, 120000);
  EXPECT_EQ(plan.customers[2].data.type, CustomerType::kGas);
  EXPECT_TRUE(plan.new_packages.empty());
}

TEST(PlanImportTest, PackagesMatchByNameIgnoringCase) {
  ImportPlan plan = PlanImport({Internet(2, "Budi", "budi", "paket 10m")}, Packages(), kThisMonth);
  ASSERT_EQ(plan.Valid(), 1u);
  EXPECT_EQ(plan.customers[0].data.package_id, 4);
}

TEST(PlanImportTest, AnUnknownPackageWithAPriceIsOfferedOnceAndAnotherPriceIsAnError) {
  ImportRowInput first = Internet(2, "Budi", "budi", "Paket 20M");
  first.package_price = 200000;
  ImportRowInput same = Internet(3, "Ani", "ani", "PAKET 20M");
  ImportRowInput other_price = Internet(4, "Iwan", "iwan", "Paket 20M");
  other_price.package_price = 250000;
  ImportPlan plan = PlanImport({first, same, other_price}, Packages(), kThisMonth);
  ASSERT_EQ(plan.new_packages.size(), 1u);
  EXPECT_EQ(plan.new_packages[0].name, "Paket 20M");
  EXPECT_EQ(plan.new_packages[0].price, 200000);
  ASSERT_EQ(plan.Valid(), 2u);
  EXPECT_EQ(plan.customers[1].new_package, 0);
  EXPECT_EQ(plan.customers[1].data.monthly_fee, 200000);
  EXPECT_EQ(plan.customers[1].data.package_id, 0);
  ASSERT_EQ(plan.issues.size(), 1u);
  EXPECT_EQ(plan.issues[0].row, 4);
  EXPECT_EQ(plan.issues[0].column, "package_price");
}

TEST(PlanImportTest, AnUnknownPackageWithoutAPriceAndAMissingOneAreNamed) {
  ImportRowInput none = Internet(3, "Ani", "ani", "");
  ImportPlan plan =
      PlanImport({Internet(2, "Budi", "budi", "Paket Hantu"), none}, Packages(), kThisMonth);
  EXPECT_EQ(IssuesOf(plan),
            (std::vector<ImportIssue>{{2, "package_name", i18n::kImportPackageUnknown},
                                      {3, "package_name", i18n::kFieldRequired}}));
  EXPECT_EQ(plan.Valid(), 0u);
}

TEST(PlanImportTest, EveryFormRuleAppliesWithTheColumnNamed) {
  ImportRowInput bad = Internet(2, "", "spasi tidak boleh");
  bad.patch.phone = "12345";
  bad.patch.due_day = 31;
  ImportPlan plan = PlanImport({bad}, Packages(), kThisMonth);
  std::set<std::string> columns;
  for (const auto& issue : plan.issues) columns.insert(issue.column);
  EXPECT_EQ(columns, (std::set<std::string>{"name", "phone", "pppoe_username", "due_day"}));
}

TEST(PlanImportTest, DuplicatesWithinTheFileNameTheFirstRow) {
  ImportRowInput twin = Gas(5, "budi");
  twin.patch.phone = "0812-3000-0002";
  ImportPlan plan =
      PlanImport({Internet(2, "Budi", "budi"), Internet(3, "Ani", "BUDI"), Gas(4, "Siti"), twin},
                 Packages(), kThisMonth);
  EXPECT_EQ(IssuesOf(plan), (std::vector<ImportIssue>{{3, "pppoe_username", "Sama dengan baris 2"},
                                                      {5, "name", "Sama dengan baris 2"}}));
}

TEST(PlanImportTest, ArrearsArePastOrCurrentPeriodsOfInternetCustomers) {
  ImportRowInput ok = Internet(2, "Budi", "budi");
  ok.arrears = {"2026-10", "2026-11"};
  ImportRowInput future = Internet(3, "Ani", "ani");
  future.arrears = {"2026-12"};
  ImportRowInput twice = Internet(4, "Iwan", "iwan");
  twice.arrears = {"2026-10", "2026-10"};
  ImportRowInput words = Internet(5, "Joko", "joko");
  words.arrears = {"Oktober"};
  ImportRowInput gas = Gas(6, "Siti");
  gas.arrears = {"2026-10"};
  ImportPlan plan = PlanImport({ok, future, twice, words, gas}, Packages(), kThisMonth);
  ASSERT_EQ(plan.issues.size(), 4u);
  for (const auto& issue : plan.issues) EXPECT_EQ(issue.column, "arrears") << issue.row;
  EXPECT_EQ(plan.Valid(), 1u);
}

TEST(PlanImportTest, EmptyAndOversizedFilesAreRefusedWhole) {
  EXPECT_THROW(PlanImport({}, Packages(), kThisMonth), errors::Error);
}

TEST(PlanImportTest, OnlyAnAdoptionMayLeaveThePhoneForLater) {
  ImportRowInput first = Internet(2, "Budi", "budi");
  first.patch.phone.reset();
  ImportRowInput second = Internet(3, "Budi", "budi2");  // same name, no phone: not a twin
  second.patch.phone = "";
  EXPECT_EQ(IssuesOf(PlanImport({first, second}, Packages(), kThisMonth)),
            (std::vector<ImportIssue>{{2, "phone", i18n::kFieldRequired},
                                      {3, "phone", i18n::kFieldRequired}}));
  ImportPlan adopted = PlanImport({first, second}, Packages(), kThisMonth, PhoneRule::kMayWait);
  EXPECT_TRUE(adopted.issues.empty());
  ASSERT_EQ(adopted.Valid(), 2u);
  EXPECT_EQ(adopted.customers[0].data.phone, "");
  EXPECT_EQ(adopted.customers[1].data.phone, "");
  // The database's phone-less customers of the same name are no clash either.
  ImportTaken taken;
  taken.phone_names = {{"", "budi"}};
  MarkTaken(adopted, taken);
  EXPECT_EQ(adopted.Valid(), 2u);
}

TEST(MarkTakenTest, RowsClashingWithTheDatabaseGetIssuesInRowOrder) {
  ImportPlan plan =
      PlanImport({Internet(2, "Budi", "budi"), Internet(3, "Ani", "ani"), Internet(4, "Iwan", "")},
                 Packages(), kThisMonth);
  ASSERT_EQ(plan.issues.size(), 1u);  // row 4: username required
  ImportTaken taken;
  taken.usernames = {"budi"};
  taken.phone_names = {{"6281230000003", "ani"}};
  MarkTaken(plan, taken);
  EXPECT_EQ(IssuesOf(plan),
            (std::vector<ImportIssue>{{2, "pppoe_username", i18n::kPppoeUsernameTaken},
                                      {3, "name", i18n::kImportCustomerExists},
                                      {4, "pppoe_username", i18n::kFieldRequired}}));
  EXPECT_EQ(plan.Valid(), 0u);
}

class FakeImportStore final : public ImportStore {
 public:
  ImportTaken taken;
  std::vector<PlannedCustomer> inserted;
  std::vector<events::Change> audit;

  ImportTaken FindTaken(const std::vector<std::string>&, const std::vector<std::string>&) override {
    return taken;
  }
  std::vector<int64_t> Insert(std::vector<NewPackageSpec>& packages,
                              const std::vector<PlannedCustomer>& customers,
                              const events::Change& change, const rpc::Caller&) override {
    for (size_t i = 0; i < packages.size(); ++i) packages[i].id = 100 + static_cast<int64_t>(i);
    inserted = customers;
    audit.push_back(change);
    std::vector<int64_t> ids;
    for (size_t i = 0; i < customers.size(); ++i) ids.push_back(1000 + static_cast<int64_t>(i));
    return ids;
  }
  void Discard(const std::vector<int64_t>&, const std::vector<int64_t>&,
               const events::Change& change, const rpc::Caller&) override {
    audit.push_back(change);
  }
  void Record(const events::Change& change, const rpc::Caller&) override {
    audit.push_back(change);
  }
};

class StaticPackages final : public PackageStore {
 public:
  std::vector<PackageRecord> List() override { return Packages(); }
  PackageRecord Insert(const PackageData&, const rpc::Caller&) override { return {}; }
  PackageRecord Update(int64_t, const std::function<PackageData(const PackageData&)>&,
                       const rpc::Caller&) override {
    return {};
  }
  void Delete(int64_t, const std::function<void(int64_t)>&, const rpc::Caller&) override {}
};

TEST(CustomerImporterTest, ACheckStoresNothingAndAnApplyStoresEveryRowWithOneAuditRow) {
  FakeImportStore store;
  StaticPackages packages;
  CustomerImporter importer(store, packages);
  ImportRequest request;
  request.rows = {Internet(2, "Budi", "budi"), Gas(3, "Siti")};
  ImportResult checked = importer.Import(request, kThisMonth, Staff());
  EXPECT_EQ(checked.plan.Valid(), 2u);
  EXPECT_TRUE(checked.imported.empty());
  EXPECT_TRUE(store.audit.empty());

  request.dry_run = false;
  ImportResult applied = importer.Import(request, kThisMonth, Staff());
  EXPECT_EQ(applied.imported, (std::vector<std::pair<int32_t, int64_t>>{{2, 1000}, {3, 1001}}));
  ASSERT_EQ(store.inserted.size(), 2u);
  EXPECT_EQ(store.inserted[0].data.name, "Budi");
  EXPECT_EQ(store.inserted[0].data.package_id, 4);
  EXPECT_EQ(store.inserted[1].data.phone, "6285730000003");
  ASSERT_EQ(store.audit.size(), 1u);
  EXPECT_EQ(store.audit[0].action, "import");
  EXPECT_EQ(store.audit[0].summary, "Impor 2 pelanggan");
}

TEST(CustomerImporterTest, AnyIssueMeansNothingIsStored) {
  FakeImportStore store;
  store.taken.usernames = {"budi"};
  StaticPackages packages;
  CustomerImporter importer(store, packages);
  ImportRequest request;
  request.dry_run = false;
  request.rows = {Internet(2, "Budi", "budi"), Gas(3, "Siti")};
  ImportResult result = importer.Import(request, kThisMonth, Staff());
  EXPECT_EQ(result.plan.issues.size(), 1u);
  EXPECT_TRUE(result.imported.empty());
  EXPECT_TRUE(store.inserted.empty());
}

TEST(CustomerImporterTest, NewPackagesNeedConsent) {
  FakeImportStore store;
  StaticPackages packages;
  CustomerImporter importer(store, packages);
  ImportRowInput row = Internet(2, "Budi", "budi", "Paket 50M");
  row.package_price = 300000;
  ImportRequest request;
  request.dry_run = false;
  request.rows = {row};
  try {
    importer.Import(request, kThisMonth, Staff());
    ADD_FAILURE() << "applied without create_packages";
  } catch (const errors::Error& e) {
    EXPECT_EQ(e.code(), errors::Code::kFailedPrecondition);
  }
  EXPECT_TRUE(store.inserted.empty());
  request.create_packages = true;
  ImportResult result = importer.Import(request, kThisMonth, Staff());
  ASSERT_EQ(result.plan.new_packages.size(), 1u);
  EXPECT_EQ(result.plan.new_packages[0].id, 100);
  EXPECT_EQ(store.inserted.size(), 1u);
}

}  // namespace
}  // namespace billing::customer
