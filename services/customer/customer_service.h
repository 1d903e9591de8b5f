// The customer gRPC service: authorises, converts between protos and the domain, runs the
// CustomerRegistry and maps errors.
#pragma once

#include "customer.grpc.pb.h"
#include "customer_import.h"
#include "customer_registry.h"
#include "metrics/metrics.h"

namespace billing::customer {

class CustomerService final : public v1::CustomerService::Service {
 public:
  CustomerService(CustomerRegistry& registry, CustomerImporter& importer,
                  metrics::Metrics& metrics);

  grpc::Status CreateCustomer(grpc::ServerContext* context, const v1::CustomerInput* request,
                              v1::Customer* reply) override;
  grpc::Status UpdateCustomer(grpc::ServerContext* context,
                              const v1::UpdateCustomerRequest* request,
                              v1::Customer* reply) override;
  grpc::Status DeleteCustomer(grpc::ServerContext* context, const v1::CustomerId* request,
                              common::v1::Empty* reply) override;
  grpc::Status GetCustomers(grpc::ServerContext* context, const v1::CustomerIds* request,
                            v1::BillableBatch* reply) override;
  grpc::Status GetCustomer(grpc::ServerContext* context, const v1::CustomerId* request,
                           v1::Customer* reply) override;
  grpc::Status ListCustomers(grpc::ServerContext* context, const v1::ListCustomersRequest* request,
                             v1::ListCustomersReply* reply) override;
  grpc::Status ListBillable(grpc::ServerContext* context, const v1::ListBillableRequest* request,
                            grpc::ServerWriter<v1::BillableBatch>* writer) override;
  grpc::Status SetStatus(grpc::ServerContext* context, const v1::SetStatusRequest* request,
                         v1::Customer* reply) override;
  grpc::Status RevealPppoePassword(grpc::ServerContext* context, const v1::CustomerId* request,
                                   v1::PppoePassword* reply) override;

  grpc::Status ImportCustomers(grpc::ServerContext* context,
                               const v1::ImportCustomersRequest* request,
                               v1::ImportCustomersReply* reply) override;
  grpc::Status DiscardImport(grpc::ServerContext* context, const v1::DiscardImportRequest* request,
                             common::v1::Empty* reply) override;
  grpc::Status ExportCustomers(grpc::ServerContext* context,
                               const v1::ExportCustomersRequest* request,
                               grpc::ServerWriter<v1::BillableBatch>* writer) override;
  grpc::Status ListPackages(grpc::ServerContext* context, const common::v1::Empty* request,
                            v1::ListPackagesReply* reply) override;
  grpc::Status CreatePackage(grpc::ServerContext* context, const v1::PackageInput* request,
                             v1::Package* reply) override;
  grpc::Status UpdatePackage(grpc::ServerContext* context, const v1::UpdatePackageRequest* request,
                             v1::Package* reply) override;
  grpc::Status DeletePackage(grpc::ServerContext* context, const v1::PackageId* request,
                             common::v1::Empty* reply) override;

 private:
  CustomerRegistry& registry_;
  CustomerImporter& importer_;
  metrics::Metrics& metrics_;
};

}  // namespace billing::customer
