// The neighbours (customer, billing and messaging services) and routers, faked.
#include <algorithm>

#include "errors/error.h"
#include "i18n/messages.h"
#include "testing/fakes.h"

namespace billing::network::testing {

SubscriberRecord& FakeCustomerDirectory::Add(int64_t customer_id, const std::string& status) {
  SubscriberRecord record;
  record.subscriber.customer_id = customer_id;
  record.subscriber.username = "pppoe" + std::to_string(customer_id);
  record.subscriber.password = "secret";
  record.subscriber.profile = "10M";
  record.subscriber.rate_limit = "10M/10M";
  record.subscriber.status = status;
  record.customer_name = "Pelanggan " + std::to_string(customer_id);
  record.phone = "6281200000" + std::to_string(customer_id);
  record.package_id = 1;
  return customers[customer_id] = record;
}

std::vector<customer::v1::Package> FakeCustomerDirectory::Packages() {
  if (unavailable) throw errors::Unavailable("customer service away");
  ++package_reads;
  return {};
}

std::optional<SubscriberRecord> FakeCustomerDirectory::Load(
    int64_t customer_id, const std::vector<customer::v1::Package>& /*packages*/) {
  if (unavailable) throw errors::Unavailable("customer service away");
  ++loads;
  if (broken.count(customer_id) > 0) throw errors::InvalidArgument("broken customer");
  auto it = customers.find(customer_id);
  if (it == customers.end()) return std::nullopt;
  return it->second;
}

std::vector<SubscriberRecord> FakeCustomerDirectory::LoadMany(
    const std::vector<int64_t>& customer_ids,
    const std::vector<customer::v1::Package>& /*packages*/) {
  if (unavailable) throw errors::Unavailable("customer service away");
  ++loads;
  std::vector<SubscriberRecord> found;
  for (int64_t id : customer_ids) {
    if (broken.count(id) > 0) throw errors::InvalidArgument("broken customer");
    auto it = customers.find(id);
    if (it != customers.end()) found.push_back(it->second);
  }
  return found;
}

std::vector<SubscriberRecord> FakeCustomerDirectory::LoadAll() {
  if (unavailable) throw errors::Unavailable("customer service away");
  ++loads;
  std::vector<SubscriberRecord> all;
  for (const auto& [id, record] : customers) {
    if (!record.subscriber.deleted) all.push_back(record);
  }
  return all;
}

void FakeCustomerDirectory::SetStatus(int64_t customer_id, const std::string& status,
                                      const std::string& reason, const rpc::Caller& /*caller*/) {
  if (unavailable) throw errors::Unavailable("customer service away");
  if (refuse_status.count(customer_id) > 0) throw errors::FailedPrecondition("refused");
  auto it = customers.find(customer_id);
  if (it == customers.end()) throw errors::NotFound(i18n::kNotInternetCustomer);
  it->second.subscriber.status = status;
  status_changes.push_back({customer_id, status, reason});
}

std::vector<int64_t> FakeBillingLedger::Overdue(int grace_days, int64_t customer_id,
                                                std::string* today_out) {
  last_grace_days = grace_days;
  if (today_out != nullptr) *today_out = today;
  if (customer_id == 0) return {overdue.begin(), overdue.end()};
  if (overdue.count(customer_id) > 0) return {customer_id};
  return {};
}

int64_t FakeBillingLedger::TransactionCustomer(int64_t transaction_id) {
  auto it = transactions.find(transaction_id);
  return it == transactions.end() ? 0 : it->second;
}

void FakeNotifier::Notice(int64_t customer_id, const std::string& kind, const std::string& key,
                          const std::string& reason) {
  notices.push_back({customer_id, kind, key, reason});
}

namespace {

class FakeSession final : public RouterSession {
 public:
  FakeSession(FakeRouterDriver& driver, int64_t router_id)
      : driver_(driver), router_id_(router_id) {}

  void Apply(const Subscriber& desired, const std::optional<Applied>& /*previous*/) override {
    if (driver_.drop_at && *driver_.drop_at == desired.customer_id) {
      throw NetworkError("connection reset", true);
    }
    if (driver_.refuse.count(desired.customer_id) > 0) {
      throw NetworkError("failure: profile not found", false);
    }
    driver_.applied.emplace_back(router_id_, desired);
  }

 private:
  FakeRouterDriver& driver_;
  int64_t router_id_;
};

}  // namespace

std::unique_ptr<RouterSession> FakeRouterDriver::Open(const RouterConfig& router) {
  ++opens;
  if (down.count(router.id) > 0) throw NetworkError("connection refused", true);
  return std::make_unique<FakeSession>(*this, router.id);
}

}  // namespace billing::network::testing
