// CustomerRegistry on in-memory stores (testing/fakes.h) and a hand-set clock: every path the
// customer RPCs run, refusals included.
#include "customer_registry.h"

#include <gtest/gtest.h>

#include "domain/manual_clock.h"
#include "i18n/messages.h"
#include "testing/fakes.h"

namespace billing::customer {
namespace {

using domain::UtcTime;

rpc::Caller Staff() {
  rpc::Caller caller;
  caller.service = "gateway";
  caller.user_id = 7;
  caller.username = "siti";
  caller.role = domain::Role::kStaff;
  return caller;
}

rpc::Caller Service(const char* name) {
  rpc::Caller caller;
  caller.service = name;
  return caller;
}

// The error code `run` throws, or nullopt when it throws none.
template <typename F>
std::optional<errors::Code> CodeOf(F&& run) {
  try {
    run();
  } catch (const errors::Error& e) {
    return e.code();
  }
  return std::nullopt;
}

template <typename F>
errors::FieldErrors FieldsOf(F&& run) {
  try {
    run();
  } catch (const errors::Error& e) {
    return e.fields();
  }
  return {};
}

class CustomerRegistryTest : public ::testing::Test {
 protected:
  CustomerRegistryTest() {
    PackagePatch package;
    package.name = "10 Mbps";
    package.price = 150000;
    package_id_ = registry_.CreatePackage(package, Staff()).id;
    package.name = "20 Mbps";
    package.price = 250000;
    other_package_id_ = registry_.CreatePackage(package, Staff()).id;
  }

  CustomerPatch Internet(const std::string& username) {
    CustomerPatch patch;
    patch.type = EnumField<CustomerType>::Of(CustomerType::kInternet);
    patch.name = "Budi " + username;
    patch.phone = "0812-3456-7890";
    patch.pppoe_username = username;
    patch.pppoe_password = "rahasia-" + username;
    patch.package_id = package_id_;
    return patch;
  }

  CustomerPatch Gas(const std::string& name) {
    CustomerPatch patch;
    patch.type = EnumField<CustomerType>::Of(CustomerType::kGas);
    patch.name = name;
    patch.phone = "081311112222";
    patch.gas_price = 22000;
    return patch;
  }

  CustomerRecord Isolate(int64_t id, const rpc::Caller& actor = Staff()) {
    return registry_.SetStatus(id, CustomerStatus::kIsolated, "telat bayar", actor);
  }

  domain::ManualClock clock_{UtcTime(2026, 3, 1, 8)};
  testing::FakePackageStore packages_{clock_};
  testing::FakeCustomerStore customers_{packages_, clock_};
  CustomerRegistry registry_{customers_, packages_};
  int64_t package_id_ = 0;
  int64_t other_package_id_ = 0;
};

TEST_F(CustomerRegistryTest, CreateStoresTheNormalisedCustomerWithThePackagePriceAndAudits) {
  CustomerRecord created = registry_.Create(Internet("budi"), Staff());
  EXPECT_GT(created.id, 0);
  EXPECT_EQ(created.data.phone, "6281234567890");
  EXPECT_EQ(created.data.monthly_fee, 150000);
  EXPECT_EQ(created.package_name, "10 Mbps");
  EXPECT_EQ(created.data.status, CustomerStatus::kActive);
  EXPECT_EQ(created.created_at, "2026-03-01T08:00:00Z");
  EXPECT_EQ(created.data.pppoe_password, "") << "replies to staff never carry the password";
  EXPECT_EQ(customers_.rows.at(created.id).data.pppoe_password, "rahasia-budi");
  ASSERT_EQ(customers_.audit.size(), 1u);
  EXPECT_EQ(customers_.audit[0].change.action, "create");
  EXPECT_EQ(customers_.audit[0].change.changes["type"], "internet");
  EXPECT_EQ(customers_.audit[0].change.changes["status"], "active");
  EXPECT_EQ(customers_.audit[0].change.changes.count("pppoe_password"), 0u);
  EXPECT_EQ(customers_.audit[0].actor.username, "siti");
}

TEST_F(CustomerRegistryTest, AnExplicitFeeWinsOverThePackagePrice) {
  CustomerPatch patch = Internet("fee");
  patch.monthly_fee = 100000;
  EXPECT_EQ(registry_.Create(patch, Staff()).data.monthly_fee, 100000);
}

TEST_F(CustomerRegistryTest, CreateRefusesADuplicatePppoeUsernameWhateverItsCase) {
  registry_.Create(Internet("budi"), Staff());
  EXPECT_EQ(CodeOf([&] { registry_.Create(Internet("BUDI"), Staff()); }),
            errors::Code::kAlreadyExists);
  EXPECT_EQ(customers_.rows.size(), 1u);
  EXPECT_EQ(customers_.audit.size(), 1u);
}

TEST_F(CustomerRegistryTest, CreateRefusesAnUnknownOrDeletedPackage) {
  CustomerPatch patch = Internet("nopkg");
  patch.package_id = 999;
  EXPECT_EQ(FieldsOf([&] { registry_.Create(patch, Staff()); }).count("package_id"), 1u);
  registry_.DeletePackage(other_package_id_, Staff());
  patch.package_id = other_package_id_;
  EXPECT_EQ(CodeOf([&] { registry_.Create(patch, Staff()); }), errors::Code::kInvalidArgument);
  EXPECT_TRUE(customers_.rows.empty());
}

TEST_F(CustomerRegistryTest, CreateRefusesInternetFieldsOnAGasCustomer) {
  CustomerPatch patch = Gas("Warung Sari");
  patch.pppoe_username = "warung";
  patch.package_id = package_id_;
  errors::FieldErrors fields = FieldsOf([&] { registry_.Create(patch, Staff()); });
  EXPECT_EQ(fields.count("pppoe_username"), 1u);
  EXPECT_EQ(fields.count("package_id"), 1u);
  CustomerPatch internet = Internet("gasprice");
  internet.gas_price = 20000;
  EXPECT_EQ(FieldsOf([&] { registry_.Create(internet, Staff()); }).count("gas_price"), 1u);
  EXPECT_TRUE(customers_.rows.empty());
}

TEST_F(CustomerRegistryTest, CreateRefusesAMissingOrUnknownTypeAndStatus) {
  CustomerPatch patch = Internet("x1");
  patch.type = {};
  EXPECT_EQ(FieldsOf([&] { registry_.Create(patch, Staff()); }).at("type"), i18n::kFieldRequired);
  patch.type = {true, std::nullopt};
  EXPECT_EQ(FieldsOf([&] { registry_.Create(patch, Staff()); }).at("type"),
            i18n::kInvalidCustomerType);
  patch = Internet("x2");
  patch.status = {true, std::nullopt};
  EXPECT_EQ(FieldsOf([&] { registry_.Create(patch, Staff()); }).at("status"),
            i18n::kInvalidCustomerStatus);
  EXPECT_TRUE(customers_.rows.empty());
}

TEST_F(CustomerRegistryTest, CreateGasCustomerNeedsNoPackage) {
  CustomerRecord gas = registry_.Create(Gas("Warung Sari"), Staff());
  EXPECT_EQ(gas.data.type, CustomerType::kGas);
  EXPECT_EQ(gas.data.gas_price, 22000);
  EXPECT_EQ(gas.package_name, "");
}

TEST_F(CustomerRegistryTest, UpdateChangesOnlyTheGivenFieldsAndAuditsTheDifference) {
  int64_t id = registry_.Create(Internet("budi"), Staff()).id;
  clock_.Advance(std::chrono::hours(1));
  CustomerPatch patch;
  patch.address = "Jl. Mawar 3";
  patch.status = EnumField<CustomerStatus>::Of(CustomerStatus::kIsolated);
  CustomerRecord updated = registry_.Update(id, patch, Staff());
  EXPECT_EQ(updated.data.address, "Jl. Mawar 3");
  EXPECT_EQ(updated.data.status, CustomerStatus::kIsolated);
  EXPECT_EQ(updated.data.name, "Budi budi");
  EXPECT_EQ(updated.updated_at, "2026-03-01T09:00:00Z");
  EXPECT_EQ(updated.data.pppoe_password, "");
  ASSERT_EQ(customers_.audit.size(), 2u);
  const nlohmann::json& diff = customers_.audit[1].change.changes;
  EXPECT_EQ(diff["status"]["from"], "active");
  EXPECT_EQ(diff["status"]["to"], "isolated");
  EXPECT_EQ(diff.count("name"), 0u);
}

TEST_F(CustomerRegistryTest, AnUnchangedUpdateWritesNothing) {
  int64_t id = registry_.Create(Internet("budi"), Staff()).id;
  CustomerPatch patch;
  patch.name = " Budi budi ";
  registry_.Update(id, patch, Staff());
  EXPECT_EQ(customers_.audit.size(), 1u);
}

TEST_F(CustomerRegistryTest, MovingToAnotherPackageTakesItsPriceUnlessAFeeIsGiven) {
  int64_t id = registry_.Create(Internet("budi"), Staff()).id;
  CustomerPatch patch;
  patch.package_id = other_package_id_;
  CustomerRecord moved = registry_.Update(id, patch, Staff());
  EXPECT_EQ(moved.data.monthly_fee, 250000);
  EXPECT_EQ(moved.package_name, "20 Mbps");
  patch.package_id = package_id_;
  patch.monthly_fee = 120000;
  EXPECT_EQ(registry_.Update(id, patch, Staff()).data.monthly_fee, 120000);
}

TEST_F(CustomerRegistryTest, ChangingToGasClearsTheInternetFields) {
  int64_t id = registry_.Create(Internet("budi"), Staff()).id;
  CustomerPatch patch;
  patch.type = EnumField<CustomerType>::Of(CustomerType::kGas);
  patch.gas_price = 21000;
  CustomerRecord gas = registry_.Update(id, patch, Staff());
  EXPECT_EQ(gas.data.pppoe_username, "");
  EXPECT_EQ(gas.data.package_id, 0);
  EXPECT_EQ(gas.data.monthly_fee, 0);
  EXPECT_EQ(gas.data.gas_price, 21000);
}

TEST_F(CustomerRegistryTest, UpdateRefusesUnknownIdsTakenUsernamesAndBadValues) {
  int64_t budi = registry_.Create(Internet("budi"), Staff()).id;
  int64_t sari = registry_.Create(Internet("sari"), Staff()).id;
  CustomerPatch patch;
  patch.pppoe_username = "Budi";
  EXPECT_EQ(CodeOf([&] { registry_.Update(sari, patch, Staff()); }), errors::Code::kAlreadyExists);
  EXPECT_EQ(CodeOf([&] { registry_.Update(0, patch, Staff()); }), errors::Code::kNotFound);
  EXPECT_EQ(CodeOf([&] { registry_.Update(999, patch, Staff()); }), errors::Code::kNotFound);
  patch = {};
  patch.due_day = 31;
  EXPECT_EQ(FieldsOf([&] { registry_.Update(budi, patch, Staff()); }).count("due_day"), 1u);
  patch = {};
  patch.type = {true, std::nullopt};
  EXPECT_EQ(FieldsOf([&] { registry_.Update(budi, patch, Staff()); }).count("type"), 1u);
  patch = {};
  patch.package_id = 999;
  EXPECT_EQ(FieldsOf([&] { registry_.Update(budi, patch, Staff()); }).count("package_id"), 1u);
  EXPECT_EQ(customers_.audit.size(), 2u);
  EXPECT_EQ(customers_.rows.at(sari).data.pppoe_username, "sari");
}

TEST_F(CustomerRegistryTest, DeleteHidesTheCustomerAndFreesItsUsername) {
  int64_t id = registry_.Create(Internet("budi"), Staff()).id;
  registry_.Delete(id, Staff());
  EXPECT_EQ(customers_.audit.back().change.action, "delete");
  EXPECT_EQ(customers_.audit.back().change.changes["type"], "internet");
  EXPECT_EQ(CodeOf([&] { registry_.Get(id, false, false, Staff()); }), errors::Code::kNotFound);
  EXPECT_TRUE(registry_.Get(id, true, false, Staff()).deleted);
  EXPECT_EQ(CodeOf([&] { registry_.Delete(id, Staff()); }), errors::Code::kNotFound);
  EXPECT_EQ(CodeOf([&] { registry_.Delete(0, Staff()); }), errors::Code::kNotFound);
  EXPECT_NO_THROW(registry_.Create(Internet("budi"), Staff()));
}

TEST_F(CustomerRegistryTest, OnlyNetworkAndMessagingReadOnePassword) {
  int64_t id = registry_.Create(Internet("budi"), Staff()).id;
  EXPECT_EQ(registry_.Get(id, false, true, Service("network")).data.pppoe_password, "rahasia-budi");
  EXPECT_EQ(registry_.Get(id, false, true, Service("messaging")).data.pppoe_password,
            "rahasia-budi");
  EXPECT_EQ(registry_.Get(id, false, true, Service("billing")).data.pppoe_password, "");
  EXPECT_EQ(registry_.Get(id, false, true, Staff()).data.pppoe_password, "");
  EXPECT_EQ(registry_.Get(id, false, false, Service("network")).data.pppoe_password, "");
  EXPECT_EQ(CodeOf([&] { registry_.Get(0, true, false, Staff()); }), errors::Code::kNotFound);
}

TEST_F(CustomerRegistryTest, GetManyReturnsTheKnownIdsInOrderWithBulkPasswordsForNetworkOnly) {
  int64_t a = registry_.Create(Internet("a1"), Staff()).id;
  int64_t b = registry_.Create(Internet("b1"), Staff()).id;
  registry_.Delete(b, Staff());
  auto found = registry_.GetMany({b, 999, a}, true, true, Service("network"));
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].id, a);
  EXPECT_EQ(found[0].data.pppoe_password, "rahasia-a1");
  EXPECT_EQ(registry_.GetMany({a, b}, false, false, Service("network")).size(), 1u);
  EXPECT_EQ(registry_.GetMany({a}, false, true, Service("messaging"))[0].data.pppoe_password, "");
  std::vector<int64_t> too_many(5001, a);
  EXPECT_EQ(CodeOf([&] { registry_.GetMany(too_many, false, false, Service("network")); }),
            errors::Code::kInvalidArgument);
}

TEST_F(CustomerRegistryTest, ListFiltersSearchesAndPagesNewestFirst) {
  int64_t budi = registry_.Create(Internet("budi"), Staff()).id;
  int64_t sari = registry_.Create(Internet("sari"), Staff()).id;
  int64_t gas = registry_.Create(Gas("Warung Sari"), Staff()).id;
  Isolate(budi);
  CustomerListInput input;
  CustomerPage all = registry_.List(input);
  EXPECT_EQ(all.total, 3);
  ASSERT_EQ(all.items.size(), 3u);
  EXPECT_EQ(all.items[0].id, gas);
  EXPECT_EQ(all.items[1].data.pppoe_password, "");
  input.type = EnumField<CustomerType>::Of(CustomerType::kInternet);
  EXPECT_EQ(registry_.List(input).total, 2);
  input.status = EnumField<CustomerStatus>::Of(CustomerStatus::kIsolated);
  EXPECT_EQ(registry_.List(input).items.at(0).id, budi);
  input = {};
  input.package_id = package_id_;
  input.limit = 1;
  input.offset = 1;
  CustomerPage page = registry_.List(input);
  EXPECT_EQ(page.total, 2);
  ASSERT_EQ(page.items.size(), 1u);
  EXPECT_EQ(page.items[0].id, budi);
  input = {};
  input.q = "sari";
  EXPECT_EQ(registry_.List(input).total, 2);  // "Budi sari" and "Warung Sari"
  input.q = "0812-3456";                      // found in the stored "62..." form
  EXPECT_EQ(registry_.List(input).total, 2);
  EXPECT_NE(sari, 0);
}

TEST_F(CustomerRegistryTest, ListRefusesUnknownFiltersAndBadPaging) {
  CustomerListInput input;
  input.type = {true, std::nullopt};
  input.status = {true, std::nullopt};
  input.package_id = -1;
  input.limit = 501;
  input.offset = -1;
  input.q = std::string(101, 'a');
  errors::FieldErrors fields = FieldsOf([&] { registry_.List(input); });
  for (const char* key : {"type", "status", "package", "limit", "offset", "q"}) {
    EXPECT_EQ(fields.count(key), 1u) << key;
  }
}

TEST_F(CustomerRegistryTest, TheBillableFeedHasActiveInternetCustomersInIdOrderInBatches) {
  int64_t a = registry_.Create(Internet("a1"), Staff()).id;
  int64_t b = registry_.Create(Internet("b1"), Staff()).id;
  int64_t c = registry_.Create(Internet("c1"), Staff()).id;
  int64_t d = registry_.Create(Internet("d1"), Staff()).id;
  registry_.Create(Gas("Warung"), Staff());
  Isolate(b);
  std::vector<std::vector<int64_t>> batches;
  auto collect = [&](const std::vector<CustomerRecord>& rows) {
    batches.emplace_back();
    for (const auto& row : rows) {
      batches.back().push_back(row.id);
      EXPECT_EQ(row.data.pppoe_password, "") << "billing gets no passwords";
    }
    return true;
  };
  registry_.ForEachBillable(2, false, Service("billing"), collect);
  EXPECT_EQ(batches, (std::vector<std::vector<int64_t>>{{a, c}, {d}}));
  EXPECT_EQ(customers_.list_after_statuses.front(), CustomerStatus::kActive);

  batches.clear();
  std::vector<std::string> passwords;
  registry_.ForEachBillable(0, true, Service("network"),
                            [&](const std::vector<CustomerRecord>& rows) {
                              for (const auto& row : rows)
                                passwords.push_back(row.data.pppoe_password);
                              return true;
                            });
  EXPECT_EQ(passwords.size(), 4u) << "every status, for the network service's refresh";
  EXPECT_EQ(passwords[1], "rahasia-b1");
}

TEST_F(CustomerRegistryTest, TheBillableFeedStopsWhenTheReaderDoes) {
  for (const char* name : {"a1", "b1", "c1"}) registry_.Create(Internet(name), Staff());
  int calls = 0;
  registry_.ForEachBillable(1, false, Service("billing"), [&](const auto&) {
    ++calls;
    return false;
  });
  EXPECT_EQ(calls, 1);
  for (int bad : {-1, 5001}) {
    EXPECT_EQ(CodeOf([&] {
                registry_.ForEachBillable(bad, false, Service("billing"),
                                          [](const auto&) { return true; });
              }),
              errors::Code::kInvalidArgument)
        << bad;
  }
}

TEST_F(CustomerRegistryTest, IsolateAndReconnectAreAuditedWithWhoDecided) {
  int64_t id = registry_.Create(Internet("budi"), Staff()).id;
  CustomerRecord isolated = Isolate(id);
  EXPECT_EQ(isolated.data.status, CustomerStatus::kIsolated);
  const events::Change& change = customers_.audit.back().change;
  EXPECT_EQ(change.action, "isolate");
  EXPECT_EQ(change.changes["status"]["from"], "active");
  EXPECT_EQ(change.changes["status"]["to"], "isolated");
  EXPECT_EQ(change.changes["reason"], "telat bayar");
  EXPECT_EQ(change.changes["origin"], "manual");
  CustomerRecord back =
      registry_.SetStatus(id, CustomerStatus::kActive, "  sudah bayar ", Service("network"));
  EXPECT_EQ(back.data.status, CustomerStatus::kActive);
  EXPECT_EQ(customers_.audit.back().change.action, "reconnect");
  EXPECT_EQ(customers_.audit.back().change.changes["reason"], "sudah bayar");
  EXPECT_EQ(customers_.audit.back().change.changes["origin"], "auto");
}

TEST_F(CustomerRegistryTest, SettingTheSameStatusAgainRecordsNothing) {
  int64_t id = registry_.Create(Internet("budi"), Staff()).id;
  Isolate(id);
  size_t audited = customers_.audit.size();
  EXPECT_EQ(Isolate(id).data.status, CustomerStatus::kIsolated);
  EXPECT_EQ(customers_.audit.size(), audited);
}

TEST_F(CustomerRegistryTest, IsolirIsRefusedForGasInactiveAndUnknownCustomersAndBadInput) {
  int64_t gas = registry_.Create(Gas("Warung"), Staff()).id;
  CustomerPatch inactive = Internet("off");
  inactive.status = EnumField<CustomerStatus>::Of(CustomerStatus::kInactive);
  int64_t off = registry_.Create(inactive, Staff()).id;
  int64_t budi = registry_.Create(Internet("budi"), Staff()).id;
  size_t audited = customers_.audit.size();
  EXPECT_EQ(CodeOf([&] { Isolate(gas); }), errors::Code::kFailedPrecondition);
  EXPECT_EQ(CodeOf([&] { Isolate(off); }), errors::Code::kFailedPrecondition);
  EXPECT_EQ(CodeOf([&] { Isolate(999); }), errors::Code::kNotFound);
  EXPECT_EQ(CodeOf([&] { Isolate(0); }), errors::Code::kNotFound);
  EXPECT_EQ(FieldsOf([&] {
              registry_.SetStatus(budi, CustomerStatus::kInactive, "x", Staff());
            }).count("status"),
            1u);
  EXPECT_EQ(
      FieldsOf([&] { registry_.SetStatus(budi, std::nullopt, "x", Staff()); }).count("status"), 1u);
  EXPECT_EQ(FieldsOf([&] {
              registry_.SetStatus(budi, CustomerStatus::kIsolated, "  ", Staff());
            }).count("reason"),
            1u);
  EXPECT_EQ(customers_.audit.size(), audited);
  EXPECT_EQ(customers_.rows.at(budi).data.status, CustomerStatus::kActive);
}

TEST_F(CustomerRegistryTest, RevealingAPasswordIsAuditedWithoutThePassword) {
  int64_t id = registry_.Create(Internet("budi"), Staff()).id;
  auto [username, password] = registry_.RevealPppoePassword(id, Staff());
  EXPECT_EQ(username, "budi");
  EXPECT_EQ(password, "rahasia-budi");
  const events::Change& change = customers_.audit.back().change;
  EXPECT_EQ(change.action, "show_password");
  EXPECT_EQ(change.changes["pppoe_username"], "budi");
  EXPECT_EQ(change.changes.dump().find("rahasia"), std::string::npos);
}

TEST_F(CustomerRegistryTest, RevealingIsRefusedForGasAndUnknownCustomers) {
  int64_t gas = registry_.Create(Gas("Warung"), Staff()).id;
  size_t audited = customers_.audit.size();
  EXPECT_EQ(CodeOf([&] { registry_.RevealPppoePassword(gas, Staff()); }),
            errors::Code::kFailedPrecondition);
  EXPECT_EQ(CodeOf([&] { registry_.RevealPppoePassword(999, Staff()); }), errors::Code::kNotFound);
  EXPECT_EQ(CodeOf([&] { registry_.RevealPppoePassword(0, Staff()); }), errors::Code::kNotFound);
  EXPECT_EQ(customers_.audit.size(), audited);
}

TEST_F(CustomerRegistryTest, PackagesAreListedByNameWithTheirCustomerCounts) {
  registry_.Create(Internet("budi"), Staff());
  registry_.Create(Internet("sari"), Staff());
  std::vector<PackageRecord> list = registry_.ListPackages();
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0].data.name, "10 Mbps");
  EXPECT_EQ(list[0].customer_count, 2);
  EXPECT_EQ(list[1].customer_count, 0);
}

TEST_F(CustomerRegistryTest, PackageWritesAreValidatedAndAudited) {
  PackagePatch patch;
  patch.name = "10 MBPS";
  patch.price = 1;
  EXPECT_EQ(CodeOf([&] { registry_.CreatePackage(patch, Staff()); }), errors::Code::kAlreadyExists);
  patch.name = "Promo";
  patch.rate_limit = "fast";
  EXPECT_EQ(FieldsOf([&] { registry_.CreatePackage(patch, Staff()); }).count("rate_limit"), 1u);
  patch.rate_limit = "5M/5M";
  PackageRecord promo = registry_.CreatePackage(patch, Staff());
  EXPECT_EQ(packages_.audit.back().change.action, "create");

  PackagePatch change;
  change.price = 99000;
  EXPECT_EQ(registry_.UpdatePackage(promo.id, change, Staff()).data.price, 99000);
  EXPECT_EQ(packages_.audit.back().change.changes["price"]["to"], 99000);
  size_t audited = packages_.audit.size();
  registry_.UpdatePackage(promo.id, change, Staff());
  EXPECT_EQ(packages_.audit.size(), audited) << "an unchanged package records nothing";
  change = {};
  change.name = "20 mbps";
  EXPECT_EQ(CodeOf([&] { registry_.UpdatePackage(promo.id, change, Staff()); }),
            errors::Code::kAlreadyExists);
  EXPECT_EQ(CodeOf([&] { registry_.UpdatePackage(0, change, Staff()); }), errors::Code::kNotFound);
  EXPECT_EQ(CodeOf([&] { registry_.UpdatePackage(999, change, Staff()); }),
            errors::Code::kNotFound);
}

TEST_F(CustomerRegistryTest, APackageInUseCannotBeDeleted) {
  int64_t id = registry_.Create(Internet("budi"), Staff()).id;
  EXPECT_EQ(CodeOf([&] { registry_.DeletePackage(package_id_, Staff()); }),
            errors::Code::kFailedPrecondition);
  registry_.Delete(id, Staff());
  registry_.DeletePackage(package_id_, Staff());
  EXPECT_EQ(packages_.audit.back().change.action, "delete");
  EXPECT_EQ(registry_.ListPackages().size(), 1u);
  EXPECT_EQ(CodeOf([&] { registry_.DeletePackage(package_id_, Staff()); }),
            errors::Code::kNotFound);
  EXPECT_EQ(CodeOf([&] { registry_.DeletePackage(0, Staff()); }), errors::Code::kNotFound);
}

}  // namespace
}  // namespace billing::customer
