// gRPC calls to the customer service; its errors surface as our errors.
#include "customer_directory.h"

#include <algorithm>

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

std::vector<customer::v1::Customer> GrpcCustomerDirectory::FindMany(const std::vector<int64_t>& ids,
                                                                    const rpc::Caller& caller) {
  constexpr size_t kPerCall = 5000;  // GetCustomers' limit
  std::vector<customer::v1::Customer> found;
  for (size_t begin = 0; begin < ids.size(); begin += kPerCall) {
    customer::v1::CustomerIds request;
    for (size_t i = begin; i < std::min(ids.size(), begin + kPerCall); ++i) request.add_ids(ids[i]);
    customer::v1::BillableBatch reply;
    errors::ThrowIfFailed(stub_.GetCustomers(
        rpc::OutgoingContext(caller, std::chrono::seconds(30)).get(), request, &reply));
    found.insert(found.end(), reply.items().begin(), reply.items().end());
  }
  return found;
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
