// gRPC calls to the customer service; its errors surface as our errors.
#include "customer_directory.h"

#include <grpcpp/client_context.h>

#include "errors/grpc_status.h"

namespace billing::bills {

std::optional<customer::v1::Customer> GrpcCustomerDirectory::Find(int64_t id,
                                                                  const rpc::Caller& caller) {
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  rpc::AttachCaller(context, caller);
  customer::v1::CustomerId request;
  request.set_id(id);
  customer::v1::Customer reply;
  grpc::Status status = stub_.GetCustomer(&context, request, &reply);
  if (status.error_code() == grpc::StatusCode::NOT_FOUND) return std::nullopt;
  if (!status.ok()) throw errors::FromGrpcStatus(status);
  return reply;
}

void GrpcCustomerDirectory::ForEachBillable(
    const rpc::Caller& caller,
    const std::function<void(const std::vector<customer::v1::Customer>&)>& batch) {
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::minutes(10));
  rpc::AttachCaller(context, caller);
  customer::v1::ListBillableRequest request;
  request.set_batch_size(1000);
  auto reader = stub_.ListBillable(&context, request);
  customer::v1::BillableBatch reply;
  while (reader->Read(&reply)) {
    batch(std::vector<customer::v1::Customer>(reply.items().begin(), reply.items().end()));
  }
  grpc::Status status = reader->Finish();
  if (!status.ok()) throw errors::FromGrpcStatus(status);
}

}  // namespace billing::bills
