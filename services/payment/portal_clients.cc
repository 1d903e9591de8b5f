// gRPC calls of the portal to customer, billing and messaging, as the payment service itself;
// their errors surface as our errors.
#include "portal_clients.h"

#include <grpcpp/client_context.h>

#include "domain/customer_kind.h"
#include "errors/grpc_status.h"
#include "rpc/caller.h"
#include "rpc/paging.h"

namespace billing::payment {
namespace {

std::unique_ptr<grpc::ClientContext> OwnContext(std::chrono::milliseconds timeout) {
  return rpc::OutgoingContext(rpc::Caller(), timeout);
}

}  // namespace

std::optional<PortalCustomerView> GrpcPortalCustomers::Find(int64_t customer_id) {
  auto context = OwnContext(std::chrono::seconds(5));
  customer::v1::CustomerId request;
  request.set_id(customer_id);
  customer::v1::Customer reply;
  grpc::Status status = stub_.GetCustomer(context.get(), request, &reply);
  if (status.error_code() == grpc::StatusCode::NOT_FOUND) return std::nullopt;
  errors::ThrowIfFailed(status);
  if (reply.deleted()) return std::nullopt;
  PortalCustomerView view;
  view.id = reply.id();
  view.name = reply.name();
  view.phone = reply.phone();
  view.address = reply.address();
  view.type = std::string(domain::CustomerTypeName(reply.type()));
  view.status = std::string(domain::CustomerStatusName(reply.status()));
  return view;
}

std::optional<bills::v1::Transaction> GrpcPortalBilling::Transaction(int64_t id) {
  auto context = OwnContext(std::chrono::seconds(5));
  bills::v1::TransactionId request;
  request.set_id(id);
  bills::v1::Transaction reply;
  grpc::Status status = stub_.GetTransaction(context.get(), request, &reply);
  if (status.error_code() == grpc::StatusCode::NOT_FOUND) return std::nullopt;
  errors::ThrowIfFailed(status);
  return reply;
}

std::vector<bills::v1::Transaction> GrpcPortalBilling::Transactions(int64_t customer_id,
                                                                    const std::string& status) {
  constexpr int kPage = rpc::kMaxPageSize;
  std::vector<bills::v1::Transaction> all;
  for (int offset = 0;; offset += kPage) {
    auto context = OwnContext(std::chrono::seconds(10));
    bills::v1::ListTransactionsRequest request;
    request.set_customer_id(customer_id);
    request.set_status(status);
    request.mutable_paging()->set_limit(kPage);
    request.mutable_paging()->set_offset(offset);
    bills::v1::ListTransactionsReply reply;
    errors::ThrowIfFailed(stub_.ListTransactions(context.get(), request, &reply));
    all.insert(all.end(), reply.items().begin(), reply.items().end());
    if (reply.items_size() < kPage || static_cast<int64_t>(all.size()) >= reply.total()) break;
  }
  // A filter by customer 0 would list everyone's: never hand those out.
  std::erase_if(all, [&](const auto& t) { return t.customer_id() != customer_id; });
  return all;
}

bills::v1::Settings GrpcPortalBilling::Settings() {
  auto context = OwnContext(std::chrono::seconds(5));
  bills::v1::GetSettingsRequest request;
  bills::v1::Settings reply;
  errors::ThrowIfFailed(stub_.GetSettings(context.get(), request, &reply));
  return reply;
}

void GrpcPortalCodeSender::Send(int64_t customer_id, const std::string& phone,
                                const std::string& code, int valid_minutes) {
  auto context = OwnContext(std::chrono::seconds(10));
  messaging::v1::PortalCodeRequest request;
  request.set_customer_id(customer_id);
  request.set_phone(phone);
  request.set_code(code);
  request.set_valid_minutes(valid_minutes);
  messaging::v1::PortalCodeReply reply;
  errors::ThrowIfFailed(stub_.SendPortalCode(context.get(), request, &reply));
}

}  // namespace billing::payment
