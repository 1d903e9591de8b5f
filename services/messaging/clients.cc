// gRPC calls to billing and customer; their errors surface as our errors.
#include "clients.h"

#include <grpcpp/client_context.h>

#include "errors/grpc_status.h"
#include "i18n/messages.h"
#include "rpc/paging.h"

namespace billing::messaging {
bills::v1::Settings GrpcBillingClient::Settings() {
  auto context = rpc::OutgoingContext(rpc::Caller(), std::chrono::seconds(5));
  bills::v1::GetSettingsRequest request;
  request.set_reveal_secrets(true);
  bills::v1::Settings reply;
  errors::ThrowIfFailed(stub_.GetSettings(context.get(), request, &reply));
  return reply;
}

std::optional<bills::v1::Transaction> GrpcBillingClient::Transaction(int64_t id,
                                                                     const rpc::Caller& caller) {
  auto context = rpc::OutgoingContext(caller, std::chrono::seconds(10));
  bills::v1::TransactionId request;
  request.set_id(id);
  bills::v1::Transaction reply;
  grpc::Status status = stub_.GetTransaction(context.get(), request, &reply);
  if (status.error_code() == grpc::StatusCode::NOT_FOUND) return std::nullopt;
  errors::ThrowIfFailed(status);
  return reply;
}

std::vector<bills::v1::Transaction> GrpcBillingClient::Transactions(int64_t customer_id,
                                                                    const std::string& status,
                                                                    const rpc::Caller& caller) {
  constexpr int kPage = rpc::kMaxPageSize;  // the largest page a list RPC answers
  std::vector<bills::v1::Transaction> all;
  for (int offset = 0;; offset += kPage) {
    auto context = rpc::OutgoingContext(caller, std::chrono::seconds(30));
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
  return all;
}

std::vector<bills::v1::ArrearsRow> GrpcBillingClient::Arrears(const std::string& type,
                                                              const rpc::Caller& caller) {
  auto context = rpc::OutgoingContext(caller, std::chrono::seconds(30));
  bills::v1::ArrearsReportRequest request;
  request.set_type(type);
  bills::v1::ArrearsReportReply reply;
  errors::ThrowIfFailed(stub_.ArrearsReport(context.get(), request, &reply));
  return {reply.items().begin(), reply.items().end()};
}

std::optional<customer::v1::Customer> GrpcCustomerClient::Find(int64_t id,
                                                               const rpc::Caller& caller) {
  auto context = rpc::OutgoingContext(caller, std::chrono::seconds(10));
  customer::v1::CustomerId request;
  request.set_id(id);
  request.set_with_password(true);  // the {password} placeholder goes to the customer only
  customer::v1::Customer reply;
  grpc::Status status = stub_.GetCustomer(context.get(), request, &reply);
  if (status.error_code() == grpc::StatusCode::NOT_FOUND) return std::nullopt;
  errors::ThrowIfFailed(status);
  if (reply.deleted()) return std::nullopt;
  return reply;
}

std::string GrpcPaymentClient::PortalLink(int64_t customer_id, int64_t bill_id) {
  // Short: a message waits for it, and without a link the message simply has no pay line.
  auto context = rpc::OutgoingContext(rpc::Caller(), std::chrono::seconds(3));
  payment::v1::PortalLinkRequest request;
  request.set_customer_id(customer_id);
  request.set_bill_id(bill_id);
  payment::v1::PortalLinkReply reply;
  errors::ThrowIfFailed(stub_.PortalLink(context.get(), request, &reply));
  return reply.url();
}

}  // namespace billing::messaging
