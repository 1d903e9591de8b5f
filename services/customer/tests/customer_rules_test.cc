// Validation, normalisation and merge rules for customers and packages.
#include "customer_rules.h"

#include <gtest/gtest.h>

namespace billing::customer {
namespace {

CustomerPatch InternetPatch() {
  CustomerPatch patch;
  patch.type = EnumField<CustomerType>::Of(CustomerType::kInternet);
  patch.name = "  Budi Santoso ";
  patch.phone = "0812-3456-7890";
  patch.address = "Jl. Melati 5";
  patch.pppoe_username = "budi01";
  patch.pppoe_password = "rahasia";
  patch.package_id = 3;
  return patch;
}

errors::FieldErrors FieldsOf(const CustomerData& before, const CustomerPatch& patch,
                             bool creating) {
  try {
    MergeCustomer(before, patch, creating);
  } catch (const errors::Error& e) {
    EXPECT_EQ(e.code(), errors::Code::kInvalidArgument);
    return e.fields();
  }
  return {};
}

TEST(CustomerRulesTest, NewInternetCustomerIsNormalisedAndTakesThePackagePrice) {
  MergedCustomer merged = MergeCustomer(CustomerData{}, InternetPatch(), true);
  EXPECT_EQ(merged.data.name, "Budi Santoso");
  EXPECT_EQ(merged.data.phone, "6281234567890");
  EXPECT_EQ(merged.data.status, CustomerStatus::kActive);
  EXPECT_EQ(merged.data.due_day, 10);
  EXPECT_TRUE(merged.fee_from_package);
}

TEST(CustomerRulesTest, ExplicitFeeOverridesThePackagePrice) {
  CustomerPatch patch = InternetPatch();
  patch.monthly_fee = 0;
  MergedCustomer merged = MergeCustomer(CustomerData{}, patch, true);
  EXPECT_FALSE(merged.fee_from_package);
  EXPECT_EQ(merged.data.monthly_fee, 0);
}

TEST(CustomerRulesTest, MissingFieldsAreReportedPerType) {
  CustomerPatch patch;
  patch.type = EnumField<CustomerType>::Of(CustomerType::kInternet);
  errors::FieldErrors fields = FieldsOf(CustomerData{}, patch, true);
  for (const char* key : {"name", "phone", "pppoe_username", "pppoe_password", "package_id"}) {
    EXPECT_EQ(fields.count(key), 1u) << key;
  }
  CustomerPatch gas;
  gas.type = EnumField<CustomerType>::Of(CustomerType::kGas);
  gas.name = "Warung Sari";
  gas.phone = "081234567890";
  EXPECT_TRUE(FieldsOf(CustomerData{}, gas, true).empty());
  EXPECT_EQ(FieldsOf(CustomerData{}, CustomerPatch{}, true).count("type"), 1u);
}

TEST(CustomerRulesTest, APhoneMayWaitOnlyWhereTheRuleSaysAndThenUntilOneIsGiven) {
  CustomerPatch patch = InternetPatch();
  patch.phone.reset();
  EXPECT_EQ(FieldsOf(CustomerData{}, patch, true).count("phone"), 1u);
  // Adopted from a router: no phone, or an empty one, is "nomor HP belum diisi".
  MergedCustomer adopted = MergeCustomer(CustomerData{}, patch, true, PhoneRule::kMayWait);
  EXPECT_EQ(adopted.data.phone, "");
  patch.phone = "  ";
  EXPECT_EQ(MergeCustomer(CustomerData{}, patch, true, PhoneRule::kMayWait).data.phone, "");
  patch.phone = "12345";  // a number given must still be a number
  errors::FieldErrors bad;
  try {
    MergeCustomer(CustomerData{}, patch, true, PhoneRule::kMayWait);
  } catch (const errors::Error& e) {
    bad = e.fields();
  }
  EXPECT_EQ(bad.count("phone"), 1u);

  // Editing a customer still waiting: the phone may stay empty while other fields change.
  CustomerPatch edit;
  edit.phone = "";
  edit.status = EnumField<CustomerStatus>::Of(CustomerStatus::kInactive);
  MergedCustomer still_waiting = MergeCustomer(adopted.data, edit, false);
  EXPECT_EQ(still_waiting.data.phone, "");
  EXPECT_EQ(still_waiting.data.status, CustomerStatus::kInactive);
  edit.phone = "0812-3456-7890";
  MergedCustomer filled = MergeCustomer(adopted.data, edit, false);
  EXPECT_EQ(filled.data.phone, "6281234567890");
  // Once it has a number, it cannot lose it again.
  edit.phone = "";
  EXPECT_EQ(FieldsOf(filled.data, edit, false).count("phone"), 1u);
}

TEST(CustomerRulesTest, BadValuesAreRejected) {
  CustomerPatch patch = InternetPatch();
  patch.phone = "12345";
  patch.monthly_fee = -1;
  patch.due_day = 29;
  patch.status = {true, std::nullopt};  // a word the gateway did not know
  patch.installed_at = "2025-02-29";
  patch.name = std::string(101, 'a');
  patch.notes = "ok\nmultiline";
  patch.address = "bad\x01";
  errors::FieldErrors fields = FieldsOf(CustomerData{}, patch, true);
  for (const char* key :
       {"phone", "monthly_fee", "due_day", "status", "installed_at", "name", "address"}) {
    EXPECT_EQ(fields.count(key), 1u) << key;
  }
  EXPECT_EQ(fields.count("notes"), 0u);
  patch = InternetPatch();
  patch.monthly_fee = kMaxMoney + 1;
  EXPECT_EQ(FieldsOf(CustomerData{}, patch, true).count("monthly_fee"), 1u);
}

TEST(CustomerRulesTest, PppoeUsernameCharsetAndLength) {
  EXPECT_FALSE(CheckPppoeUsername("budi.s_01@rtrw-net").has_value());
  EXPECT_FALSE(CheckPppoeUsername("ab").has_value());
  EXPECT_TRUE(CheckPppoeUsername("a").has_value());
  EXPECT_TRUE(CheckPppoeUsername(std::string(65, 'a')).has_value());
  EXPECT_TRUE(CheckPppoeUsername("budi santoso").has_value());
  EXPECT_TRUE(CheckPppoeUsername("budi';--").has_value());
  EXPECT_TRUE(CheckPppoeUsername("bùdi").has_value());
}

TEST(CustomerRulesTest, PppoePasswordIsPrintableAscii) {
  EXPECT_FALSE(CheckPppoePassword("p@ss word!").has_value());
  EXPECT_TRUE(CheckPppoePassword("").has_value());
  EXPECT_TRUE(CheckPppoePassword(std::string(65, 'x')).has_value());
  EXPECT_TRUE(CheckPppoePassword("tab\there").has_value());
  EXPECT_TRUE(CheckPppoePassword("sandi\xC3\xA9").has_value());
}

TEST(CustomerRulesTest, DatesMustBeReal) {
  EXPECT_FALSE(CheckDate("2024-02-29").has_value());
  EXPECT_TRUE(CheckDate("2023-02-29").has_value());
  EXPECT_TRUE(CheckDate("2024-13-01").has_value());
  EXPECT_TRUE(CheckDate("2024-1-01").has_value());
  EXPECT_TRUE(CheckDate("24-01-2024").has_value());
}

TEST(CustomerRulesTest, GasCustomersRefuseInternetFieldsButAcceptEmptyOnes) {
  CustomerPatch gas;
  gas.type = EnumField<CustomerType>::Of(CustomerType::kGas);
  gas.name = "Warung Sari";
  gas.phone = "+62 812 3456 7890";
  gas.pppoe_username = "";
  gas.package_id = 0;
  gas.gas_price = 25000;
  MergedCustomer merged = MergeCustomer(CustomerData{}, gas, true);
  EXPECT_EQ(merged.data.gas_price, 25000);
  EXPECT_FALSE(merged.fee_from_package);
  gas.pppoe_username = "warung";
  gas.monthly_fee = 1000;
  errors::FieldErrors fields = FieldsOf(CustomerData{}, gas, true);
  EXPECT_EQ(fields.count("pppoe_username"), 1u);
  EXPECT_EQ(fields.count("monthly_fee"), 1u);
}

TEST(CustomerRulesTest, AStandingDiscountAndAnInstallationFeeAreChecked) {
  CustomerPatch patch = InternetPatch();
  MergedCustomer plain = MergeCustomer(CustomerData{}, patch, true);
  EXPECT_EQ(plain.data.discount_type, "none");
  EXPECT_EQ(plain.data.discount_value, 0);
  EXPECT_EQ(plain.data.installation_fee, 0);
  patch.discount_type = "percent";
  patch.discount_value = 10;
  patch.installation_fee = 250000;
  MergedCustomer merged = MergeCustomer(CustomerData{}, patch, true);
  EXPECT_EQ(merged.data.discount_type, "percent");
  EXPECT_EQ(merged.data.discount_value, 10);
  EXPECT_EQ(merged.data.installation_fee, 250000);
  // Back to none: the value goes with it.
  CustomerPatch none;
  none.discount_type = "none";
  EXPECT_EQ(MergeCustomer(merged.data, none, false).data.discount_value, 0);
  patch.discount_value = 101;
  EXPECT_EQ(FieldsOf(CustomerData{}, patch, true).count("discount_value"), 1u);
  patch.discount_type = "half";
  EXPECT_EQ(FieldsOf(CustomerData{}, patch, true).count("discount_type"), 1u);
  patch.discount_type = "fixed";
  patch.discount_value = -1;
  EXPECT_EQ(FieldsOf(CustomerData{}, patch, true).count("discount_value"), 1u);
  patch.discount_value = 20000;
  patch.installation_fee = -5;
  EXPECT_EQ(FieldsOf(CustomerData{}, patch, true).count("installation_fee"), 1u);
  patch.discount_type = "none";
  patch.installation_fee = 0;
  EXPECT_EQ(FieldsOf(CustomerData{}, patch, true).count("discount_value"), 1u);
  // Gas customers may have a discount, never an installation fee.
  CustomerPatch gas;
  gas.type = EnumField<CustomerType>::Of(CustomerType::kGas);
  gas.name = "Warung Sari";
  gas.phone = "081234567890";
  gas.discount_type = "fixed";
  gas.discount_value = 2000;
  EXPECT_EQ(MergeCustomer(CustomerData{}, gas, true).data.discount_value, 2000);
  gas.installation_fee = 100000;
  EXPECT_EQ(FieldsOf(CustomerData{}, gas, true).count("installation_fee"), 1u);
}

TEST(CustomerRulesTest, AGasCustomersNikIsCheckedKeptAsDigitsAndMaskedInTheAudit) {
  CustomerPatch gas;
  gas.type = EnumField<CustomerType>::Of(CustomerType::kGas);
  gas.name = "Warung Sari";
  gas.phone = "081234567890";
  gas.nik = " 3201 0152 0390 0001 ";
  MergedCustomer merged = MergeCustomer(CustomerData{}, gas, true);
  EXPECT_EQ(merged.data.nik, "3201015203900001");
  nlohmann::json audit = AuditFields(merged.data);
  EXPECT_EQ(audit["nik"], "************0001");
  EXPECT_EQ(audit.dump().find("32010152"), std::string::npos);
  // Left out: kept; "" clears it.
  CustomerPatch rename;
  rename.name = "Warung Sari Jaya";
  EXPECT_EQ(MergeCustomer(merged.data, rename, false).data.nik, "3201015203900001");
  CustomerPatch clear;
  clear.nik = "";
  EXPECT_EQ(MergeCustomer(merged.data, clear, false).data.nik, "");
  gas.nik = "3201011213900001";  // month 13
  EXPECT_EQ(FieldsOf(CustomerData{}, gas, true).count("nik"), 1u);
  gas.nik = "320101120390";
  EXPECT_EQ(FieldsOf(CustomerData{}, gas, true).count("nik"), 1u);
  // Internet customers have none.
  CustomerPatch internet = InternetPatch();
  internet.nik = "3201011203900001";
  EXPECT_EQ(FieldsOf(CustomerData{}, internet, true).count("nik"), 1u);
  internet.nik = "";
  EXPECT_EQ(MergeCustomer(CustomerData{}, internet, true).data.nik, "");
}

TEST(CustomerRulesTest, UpdateIsPartialAndRevalidatesTheMergedRecord) {
  CustomerData before = MergeCustomer(CustomerData{}, InternetPatch(), true).data;
  before.monthly_fee = 150000;
  CustomerPatch patch;
  patch.status = EnumField<CustomerStatus>::Of(CustomerStatus::kIsolated);
  MergedCustomer merged = MergeCustomer(before, patch, false);
  EXPECT_EQ(merged.data.status, CustomerStatus::kIsolated);
  EXPECT_EQ(merged.data.name, "Budi Santoso");
  EXPECT_FALSE(merged.fee_from_package);

  patch = {};
  patch.package_id = 4;
  EXPECT_TRUE(MergeCustomer(before, patch, false).fee_from_package);

  patch = {};
  patch.type = EnumField<CustomerType>::Of(CustomerType::kGas);
  merged = MergeCustomer(before, patch, false);
  EXPECT_EQ(merged.data.pppoe_username, "");
  EXPECT_EQ(merged.data.package_id, 0);
  EXPECT_EQ(merged.data.monthly_fee, 0);

  patch = {};
  patch.name = "";
  EXPECT_EQ(FieldsOf(before, patch, false).count("name"), 1u);
}

TEST(CustomerRulesTest, PackagesNeedNameAndPrice) {
  PackagePatch patch;
  patch.name = " 10 Mbps ";
  patch.speed = "10 Mbps";
  patch.price = 150000;
  PackageData data = MergePackage(PackageData{}, patch, true);
  EXPECT_EQ(data.name, "10 Mbps");
  try {
    MergePackage(PackageData{}, PackagePatch{}, true);
    FAIL() << "expected an error";
  } catch (const errors::Error& e) {
    EXPECT_EQ(e.fields().count("name"), 1u);
    EXPECT_EQ(e.fields().count("price"), 1u);
  }
  PackagePatch negative;
  negative.price = -5;
  EXPECT_THROW(MergePackage(data, negative, false), errors::Error);
  PackagePatch long_speed;
  long_speed.speed = std::string(31, 'x');
  EXPECT_THROW(MergePackage(data, long_speed, false), errors::Error);
}

TEST(CustomerRulesTest, SearchEscapesWildcardsAndAddsThePhoneForm) {
  EXPECT_TRUE(SearchPatterns("  ").empty());
  EXPECT_EQ(SearchPatterns("budi"), std::vector<std::string>{"%budi%"});
  EXPECT_EQ(SearchPatterns("50%_off"), std::vector<std::string>{"%50\\%\\_off%"});
  EXPECT_EQ(EscapeLike("a\\b"), "a\\\\b");
  EXPECT_EQ(SearchPatterns("0812-345"), (std::vector<std::string>{"%0812-345%", "%62812345%"}));
  EXPECT_EQ(SearchPatterns("6281"), std::vector<std::string>{"%6281%"});
}

TEST(CustomerRulesTest, AuditNeverContainsThePassword) {
  CustomerData before = MergeCustomer(CustomerData{}, InternetPatch(), true).data;
  CustomerData after = before;
  after.pppoe_password = "baru";
  after.name = "Budi S.";
  nlohmann::json diff = AuditDiff(before, after);
  EXPECT_EQ(diff.size(), 1u);
  EXPECT_EQ(diff["name"]["to"], "Budi S.");
  EXPECT_EQ(AuditFields(before).dump().find("rahasia"), std::string::npos);
  EXPECT_FALSE(AuditFields(before).contains("pppoe_password"));
}

TEST(CustomerRulesTest, IsolirSetsOnlyActiveOrIsolatedOnLiveInternetCustomers) {
  EXPECT_EQ(CheckedIsolirStatus(CustomerStatus::kIsolated), CustomerStatus::kIsolated);
  EXPECT_EQ(CheckedIsolirStatus(CustomerStatus::kActive), CustomerStatus::kActive);
  EXPECT_THROW(CheckedIsolirStatus(CustomerStatus::kInactive), errors::Error);
  EXPECT_THROW(CheckedIsolirStatus(std::nullopt), errors::Error);

  CustomerData internet;
  EXPECT_TRUE(StatusChanges(internet, CustomerStatus::kIsolated));
  EXPECT_FALSE(StatusChanges(internet, CustomerStatus::kActive)) << "already so: no change";
  CustomerData gas;
  gas.type = CustomerType::kGas;
  CustomerData inactive;
  inactive.status = CustomerStatus::kInactive;
  for (const CustomerData& refused : {gas, inactive}) {
    try {
      StatusChanges(refused, CustomerStatus::kIsolated);
      ADD_FAILURE() << "not refused";
    } catch (const errors::Error& e) {
      EXPECT_EQ(e.code(), errors::Code::kFailedPrecondition);
    }
  }
}

TEST(CustomerRulesTest, TheStatusAuditSaysWhoDecided) {
  CustomerData before;
  before.name = "Budi";
  rpc::Caller staff;
  staff.user_id = 3;
  staff.role = domain::Role::kStaff;
  events::Change manual = StatusChanged(9, before, CustomerStatus::kIsolated, "telat", staff);
  EXPECT_EQ(manual.action, "isolate");
  EXPECT_EQ(manual.entity_id, "9");
  EXPECT_EQ(manual.changes["status"]["from"], "active");
  EXPECT_EQ(manual.changes["status"]["to"], "isolated");
  EXPECT_EQ(manual.changes["origin"], "manual");
  before.status = CustomerStatus::kIsolated;
  events::Change automatic =
      StatusChanged(9, before, CustomerStatus::kActive, "lunas", rpc::Caller());
  EXPECT_EQ(automatic.action, "reconnect");
  EXPECT_EQ(automatic.changes["origin"], "auto");
}

TEST(CustomerRulesTest, PasswordsGoOnlyToTheServicesThatUseThem) {
  rpc::Caller caller;
  for (const char* service : {"network", "messaging"}) {
    caller.service = service;
    EXPECT_TRUE(MayReadPppoePassword(caller)) << service;
  }
  caller.service = "network";
  EXPECT_TRUE(MayReadPppoePasswordsInBulk(caller));
  for (const char* service : {"messaging", "billing", "gateway", "backup", ""}) {
    caller.service = service;
    EXPECT_FALSE(MayReadPppoePasswordsInBulk(caller)) << service;
  }
  for (const char* service : {"billing", "gateway", "backup", "auth"}) {
    caller.service = service;
    EXPECT_FALSE(MayReadPppoePassword(caller)) << service;
  }
  CustomerData gas;
  gas.type = CustomerType::kGas;
  EXPECT_THROW(CheckPasswordShowable(gas), errors::Error);
  CustomerData internet;
  internet.pppoe_password = "rahasia";
  EXPECT_NO_THROW(CheckPasswordShowable(internet));
}

TEST(CustomerRulesTest, ListQueriesGetDefaultsAndRefuseBadFilters) {
  CustomerQuery query = CheckedQuery(CustomerListInput{});
  EXPECT_EQ(query.limit, 50);
  EXPECT_EQ(query.type, std::nullopt);
  CustomerListInput input;
  input.type = EnumField<CustomerType>::Of(CustomerType::kGas);
  input.limit = 500;
  EXPECT_EQ(CheckedQuery(input).type, CustomerType::kGas);
  input.limit = 501;
  EXPECT_THROW(CheckedQuery(input), errors::Error);
  EXPECT_EQ(CheckedBatchSize(0), 1000);
  EXPECT_EQ(CheckedBatchSize(5000), 5000);
  EXPECT_THROW(CheckedBatchSize(5001), errors::Error);
  EXPECT_NO_THROW(CheckIdCount(5000));
  EXPECT_THROW(CheckIdCount(5001), errors::Error);
  EXPECT_NO_THROW(CheckPackageUnused(0));
  EXPECT_THROW(CheckPackageUnused(1), errors::Error);
}

}  // namespace
}  // namespace billing::customer
