// gRPC calls to the customer service; its errors surface as our errors.
#include "customer_directory.h"

#include <grpcpp/client_context.h>

#include "errors/grpc_status.h"

namespace billing::bills {

std::optional<customer::v1::Customer> GrpcCustomerDirectory::Find(int64_t id,
                                                                  const rpc::Caller& caller) {
  customer::v1::CustomerId request;
  request.set_id(id);
  customer::v1::Customer reply;
  grpc::Status status = stub_.GetCustomer(
      rpc::OutgoingContext(caller, std::chrono::seconds(10)).get(), request, &reply);
  if (status.error_code() == grpc::StatusCode::NOT_FOUND) return std::nullopt;
  errors::ThrowIfFailed(status);
  return reply;
}

void GrpcCustomerDirectory::ForEachBillable(
    const rpc::Caller& caller,
    const std::function<void(const std::vector<customer::v1::Customer>&)>& batch) {
  auto context = rpc::OutgoingContext(caller, std::chrono::minutes(10));
  customer::v1::ListBillableRequest request;
  request.set_batch_size(1000);
  auto reader = stub_.ListBillable(context.get(), request);
  customer::v1::BillableBatch reply;
  while (reader->Read(&reply)) {
    batch(std::vector<customer::v1::Customer>(reply.items().begin(), reply.items().end()));
  }
  errors::ThrowIfFailed(reader->Finish());
}

}  // namespace billing::bills
