// gRPC channels and stubs for the services behind the gateway, plus their health.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <grpcpp/channel.h>

#include "auth.grpc.pb.h"
#include "backup.grpc.pb.h"
#include "billing.grpc.pb.h"
#include "cashbook.grpc.pb.h"
#include "customer.grpc.pb.h"
#include "messaging.grpc.pb.h"
#include "network.grpc.pb.h"
#include "payment.grpc.pb.h"
#include "shop.grpc.pb.h"

namespace billing::gateway {

class Backends final {
 public:
  // service name -> its replicas' addresses
  explicit Backends(const std::map<std::string, std::vector<std::string>>& addresses);

  auth::v1::AuthService::Stub& Auth() { return *auth_; }
  customer::v1::CustomerService::Stub& Customers() { return *customers_; }
  bills::v1::BillingService::Stub& Billing() { return *billing_; }
  // The gas shop and the cash book, served by the billing process.
  shop::v1::ShopService::Stub& Shop() { return *shop_; }
  cashbook::v1::CashBookService::Stub& CashBook() { return *cash_book_; }
  backup::v1::BackupService::Stub& Backup() { return *backup_; }
  messaging::v1::MessagingService::Stub& Messaging() { return *messaging_; }
  network::v1::NetworkService::Stub& Network() { return *network_; }
  // The payment service: payment links and callbacks, and the customer portal.
  payment::v1::PaymentService::Stub& Payments() { return *payments_; }
  payment::v1::PortalService::Stub& Portal() { return *portal_; }

  // service name -> serving, using the standard gRPC health protocol on every service.
  std::map<std::string, bool> Health(std::chrono::milliseconds timeout) const;

 private:
  std::map<std::string, std::shared_ptr<grpc::Channel>> channels_;
  std::unique_ptr<auth::v1::AuthService::Stub> auth_;
  std::unique_ptr<customer::v1::CustomerService::Stub> customers_;
  std::unique_ptr<bills::v1::BillingService::Stub> billing_;
  std::unique_ptr<shop::v1::ShopService::Stub> shop_;
  std::unique_ptr<cashbook::v1::CashBookService::Stub> cash_book_;
  std::unique_ptr<backup::v1::BackupService::Stub> backup_;
  std::unique_ptr<messaging::v1::MessagingService::Stub> messaging_;
  std::unique_ptr<network::v1::NetworkService::Stub> network_;
  std::unique_ptr<payment::v1::PaymentService::Stub> payments_;
  std::unique_ptr<payment::v1::PortalService::Stub> portal_;
};

}  // namespace billing::gateway
