// gRPC calls to billing; their failures surface as errors::Error (unavailable when billing cannot
// be reached).
#include "clients.h"

#include <chrono>

#include <grpcpp/client_context.h>

#include "errors/error.h"
#include "errors/grpc_status.h"
#include "rpc/caller.h"

namespace billing::payment {
namespace {

constexpr std::chrono::seconds kReadTimeout{10};
constexpr std::chrono::seconds kMarkTimeout{15};

}  // namespace

BillView ToBillView(const bills::v1::Transaction& t) {
  BillView bill;
  bill.id = t.id();
  bill.customer_id = t.customer_id();
  bill.customer_name = t.customer_name();
  bill.customer_phone = t.customer_phone();
  bill.description = t.description();
  bill.amount = t.amount();
  bill.paid = t.status() == "paid";
  bill.payment_reference = t.payment_reference();
  return bill;
}

std::optional<BillView> GrpcBillGateway::Bill(int64_t bill_id) {
  auto found = reads_.Transaction(bill_id);
  if (!found) return std::nullopt;
  return ToBillView(*found);
}

std::vector<BillView> GrpcBillGateway::UnpaidBills(int64_t customer_id) {
  std::vector<BillView> all;
  for (const auto& transaction : reads_.Transactions(customer_id, "unpaid")) {
    all.push_back(ToBillView(transaction));
  }
  return all;
}

MarkResult GrpcBillGateway::MarkPaid(int64_t bill_id, int64_t amount,
                                     const std::string& reference) {
  auto context = rpc::OutgoingContext(rpc::Caller(), kMarkTimeout);
  bills::v1::MarkPaidOnlineRequest request;
  request.set_id(bill_id);
  request.set_amount(amount);
  request.set_reference(reference);
  bills::v1::MarkPaidOnlineReply reply;
  grpc::Status status = stub_.MarkPaidOnline(context.get(), request, &reply);
  if (status.error_code() == grpc::StatusCode::NOT_FOUND) return MarkResult::kNotFound;
  errors::ThrowIfFailed(status);
  if (reply.result() == "marked") return MarkResult::kMarked;
  if (reply.result() == "already_paid") return MarkResult::kAlreadyPaid;
  throw errors::Internal("billing answered MarkPaidOnline with result \"" + reply.result() + "\"");
}

bills::v1::PaymentSettings GrpcBillGateway::PaymentSettings() {
  auto context = rpc::OutgoingContext(rpc::Caller(), kReadTimeout);
  bills::v1::GetSettingsRequest request;
  request.set_reveal_secrets(true);
  bills::v1::Settings reply;
  errors::ThrowIfFailed(stub_.GetSettings(context.get(), request, &reply));
  return reply.payment();
}

}  // namespace billing::payment
