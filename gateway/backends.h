// gRPC channels and stubs for the services behind the gateway, plus their health.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <grpcpp/channel.h>

#include "auth.grpc.pb.h"
#include "customer.grpc.pb.h"

namespace billing::gateway {

class Backends final {
 public:
  // service name -> its replicas' addresses
  explicit Backends(const std::map<std::string, std::vector<std::string>>& addresses);

  auth::v1::AuthService::Stub& Auth() { return *auth_; }
  customer::v1::CustomerService::Stub& Customers() { return *customers_; }

  // service name -> serving, using the standard gRPC health protocol on every service.
  std::map<std::string, bool> Health(std::chrono::milliseconds timeout) const;

 private:
  std::map<std::string, std::shared_ptr<grpc::Channel>> channels_;
  std::unique_ptr<auth::v1::AuthService::Stub> auth_;
  std::unique_ptr<customer::v1::CustomerService::Stub> customers_;
};

}  // namespace billing::gateway
