// Builds one round-robin channel per service and checks health over grpc.health.v1.
#include "backends.h"

#include <future>

#include <grpcpp/client_context.h>

#include "grpc/health/v1/health.grpc.pb.h"
#include "rpc/server.h"

namespace billing::gateway {

Backends::Backends(const std::map<std::string, std::vector<std::string>>& addresses) {
  for (const auto& [name, list] : addresses) channels_[name] = rpc::MakeChannel(list);
  auth_ = auth::v1::AuthService::NewStub(channels_.at("auth"));
  customers_ = customer::v1::CustomerService::NewStub(channels_.at("customer"));
  billing_ = bills::v1::BillingService::NewStub(channels_.at("billing"));
  shop_ = shop::v1::ShopService::NewStub(channels_.at("billing"));
  cash_book_ = cashbook::v1::CashBookService::NewStub(channels_.at("billing"));
  backup_ = backup::v1::BackupService::NewStub(channels_.at("backup"));
  messaging_ = messaging::v1::MessagingService::NewStub(channels_.at("messaging"));
  network_ = network::v1::NetworkService::NewStub(channels_.at("network"));
  payments_ = payment::v1::PaymentService::NewStub(channels_.at("payment"));
  portal_ = payment::v1::PortalService::NewStub(channels_.at("payment"));
}

std::map<std::string, bool> Backends::Health(std::chrono::milliseconds timeout) const {
  // Every service at once: one stopped service costs the deadline once, not once per service.
  std::map<std::string, std::future<bool>> checks;
  for (const auto& [name, channel] : channels_) {
    checks[name] = std::async(std::launch::async, [channel = channel, timeout] {
      auto stub = ::grpc::health::v1::Health::NewStub(channel);
      ::grpc::ClientContext context;
      context.set_deadline(std::chrono::system_clock::now() + timeout);
      ::grpc::health::v1::HealthCheckRequest request;
      ::grpc::health::v1::HealthCheckResponse response;
      ::grpc::Status status = stub->Check(&context, request, &response);
      return status.ok() && response.status() == ::grpc::health::v1::HealthCheckResponse::SERVING;
    });
  }
  std::map<std::string, bool> result;
  for (auto& [name, check] : checks) result[name] = check.get();
  return result;
}

}  // namespace billing::gateway
