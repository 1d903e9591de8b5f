// gRPC calls to customer, billing and messaging; their errors surface as our errors.
#include "clients.h"

#include <algorithm>

#include <grpcpp/client_context.h>

#include "domain/customer_kind.h"
#include "errors/grpc_status.h"

namespace billing::network {
SubscriberRecord ToSubscriber(const customer::v1::Customer& customer,
                              const std::vector<customer::v1::Package>& packages) {
  SubscriberRecord record;
  Subscriber& s = record.subscriber;
  s.customer_id = customer.id();
  s.username = customer.pppoe_username();
  s.password = customer.pppoe_password();
  s.status = domain::CustomerStatusName(customer.status());
  s.deleted = customer.deleted();
  record.customer_name = customer.name();
  record.phone = customer.phone();
  record.package_id = customer.package_id();
  for (const auto& package : packages) {
    if (package.id() != customer.package_id()) continue;
    s.profile = package.profile().empty() ? package.name() : package.profile();
    s.rate_limit = package.rate_limit();
  }
  if (s.profile.empty()) s.profile = customer.package_name();
  return record;
}

std::vector<customer::v1::Package> GrpcCustomerDirectory::Packages() {
  auto context = rpc::OutgoingContext(rpc::Caller(), std::chrono::seconds(10));
  customer::v1::ListPackagesReply reply;
  errors::ThrowIfFailed(stub_.ListPackages(context.get(), common::v1::Empty(), &reply));
  return {reply.items().begin(), reply.items().end()};
}

std::optional<SubscriberRecord> GrpcCustomerDirectory::Load(
    int64_t customer_id, const std::vector<customer::v1::Package>& packages) {
  auto context = rpc::OutgoingContext(rpc::Caller(), std::chrono::seconds(10));
  customer::v1::CustomerId request;
  request.set_id(customer_id);
  request.set_include_deleted(true);
  request.set_with_password(true);  // the routers need it
  customer::v1::Customer reply;
  grpc::Status status = stub_.GetCustomer(context.get(), request, &reply);
  if (status.error_code() == grpc::StatusCode::NOT_FOUND) return std::nullopt;
  errors::ThrowIfFailed(status);
  if (reply.type() != customer::v1::CUSTOMER_TYPE_INTERNET) return std::nullopt;
  return ToSubscriber(reply, packages);
}

std::vector<SubscriberRecord> GrpcCustomerDirectory::LoadMany(
    const std::vector<int64_t>& customer_ids, const std::vector<customer::v1::Package>& packages) {
  constexpr size_t kPerCall = 2000;  // the customer service takes up to 5,000
  std::vector<SubscriberRecord> found;
  for (size_t begin = 0; begin < customer_ids.size(); begin += kPerCall) {
    size_t end = std::min(customer_ids.size(), begin + kPerCall);
    auto context = rpc::OutgoingContext(rpc::Caller(), std::chrono::seconds(30));
    customer::v1::CustomerIds request;
    request.mutable_ids()->Add(customer_ids.begin() + begin, customer_ids.begin() + end);
    request.set_include_deleted(true);
    request.set_with_password(true);  // the routers need them
    customer::v1::BillableBatch reply;
    errors::ThrowIfFailed(stub_.GetCustomers(context.get(), request, &reply));
    for (const auto& customer : reply.items()) {
      if (customer.type() == customer::v1::CUSTOMER_TYPE_INTERNET) {
        found.push_back(ToSubscriber(customer, packages));
      }
    }
  }
  return found;
}

std::vector<SubscriberRecord> GrpcCustomerDirectory::LoadAll() {
  std::vector<customer::v1::Package> packages = Packages();
  auto context = rpc::OutgoingContext(rpc::Caller(), std::chrono::seconds(120));
  customer::v1::ListBillableRequest request;
  request.set_every_status(true);
  auto reader = stub_.ListBillable(context.get(), request);
  std::vector<SubscriberRecord> all;
  customer::v1::BillableBatch batch;
  while (reader->Read(&batch)) {
    for (const auto& customer : batch.items()) all.push_back(ToSubscriber(customer, packages));
  }
  errors::ThrowIfFailed(reader->Finish());
  return all;
}

void GrpcCustomerDirectory::SetStatus(int64_t customer_id, const std::string& status,
                                      const std::string& reason, const rpc::Caller& caller) {
  auto context = rpc::OutgoingContext(caller, std::chrono::seconds(10));
  customer::v1::SetStatusRequest request;
  request.set_id(customer_id);
  // The words are the mirror's; the customer service refuses anything but active / isolated.
  auto wanted = domain::ParseCustomerStatus(status);
  request.set_status(wanted ? static_cast<customer::v1::CustomerStatus>(*wanted)
                            : customer::v1::CUSTOMER_STATUS_UNSPECIFIED);
  request.set_reason(reason);
  customer::v1::Customer reply;
  errors::ThrowIfFailed(stub_.SetStatus(context.get(), request, &reply));
}

std::vector<int64_t> GrpcBillingLedger::Overdue(int grace_days, int64_t customer_id,
                                                std::string* today) {
  auto context = rpc::OutgoingContext(rpc::Caller(), std::chrono::seconds(60));
  bills::v1::ListOverdueRequest request;
  request.set_grace_days(grace_days);
  request.set_customer_id(customer_id);
  bills::v1::ListOverdueReply reply;
  errors::ThrowIfFailed(stub_.ListOverdue(context.get(), request, &reply));
  if (today) *today = reply.today();
  std::vector<int64_t> ids;
  for (const auto& item : reply.items()) ids.push_back(item.customer_id());
  return ids;
}

int64_t GrpcBillingLedger::TransactionCustomer(int64_t transaction_id) {
  auto context = rpc::OutgoingContext(rpc::Caller(), std::chrono::seconds(10));
  bills::v1::TransactionId request;
  request.set_id(transaction_id);
  bills::v1::Transaction reply;
  grpc::Status status = stub_.GetTransaction(context.get(), request, &reply);
  if (status.error_code() == grpc::StatusCode::NOT_FOUND) return 0;
  errors::ThrowIfFailed(status);
  return reply.customer_id();
}

void GrpcNotifier::Notice(int64_t customer_id, const std::string& kind, const std::string& key,
                          const std::string& reason) {
  auto context = rpc::OutgoingContext(rpc::Caller(), std::chrono::seconds(10));
  messaging::v1::NoticeRequest request;
  request.set_customer_id(customer_id);
  request.set_kind(kind);
  request.set_key(key);
  request.set_reason(reason);
  messaging::v1::NoticeReply reply;
  errors::ThrowIfFailed(stub_.SendNotice(context.get(), request, &reply));
}

}  // namespace billing::network
