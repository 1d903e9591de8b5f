// The gas shop gRPC service (proto/shop.proto), served by the billing process: validates,
// authorises and calls ShopRepository.
#pragma once

#include "domain/clock.h"
#include "metrics/metrics.h"
#include "settings_repository.h"
#include "shop.grpc.pb.h"
#include "shop_repository.h"

namespace billing::bills {

class ShopService final : public shop::v1::ShopService::Service {
 public:
  ShopService(ShopRepository& shop, SettingsRepository& settings, const domain::Clock& clock,
              metrics::Metrics& metrics);

  grpc::Status ListProducts(grpc::ServerContext* context,
                            const shop::v1::ListProductsRequest* request,
                            shop::v1::ListProductsReply* reply) override;
  grpc::Status GetProduct(grpc::ServerContext* context, const shop::v1::ProductId* request,
                          shop::v1::Product* reply) override;
  grpc::Status CreateProduct(grpc::ServerContext* context,
                             const shop::v1::CreateProductRequest* request,
                             shop::v1::Product* reply) override;
  grpc::Status UpdateProduct(grpc::ServerContext* context,
                             const shop::v1::UpdateProductRequest* request,
                             shop::v1::Product* reply) override;
  grpc::Status DeleteProduct(grpc::ServerContext* context, const shop::v1::ProductId* request,
                             common::v1::Empty* reply) override;
  grpc::Status ListSpecialPrices(grpc::ServerContext* context,
                                 const shop::v1::ListSpecialPricesRequest* request,
                                 shop::v1::ListSpecialPricesReply* reply) override;
  grpc::Status SetSpecialPrice(grpc::ServerContext* context,
                               const shop::v1::SetSpecialPriceRequest* request,
                               common::v1::Empty* reply) override;
  grpc::Status RecordMovement(grpc::ServerContext* context,
                              const shop::v1::RecordMovementRequest* request,
                              shop::v1::Movement* reply) override;
  grpc::Status ListMovements(grpc::ServerContext* context,
                             const shop::v1::ListMovementsRequest* request,
                             shop::v1::ListMovementsReply* reply) override;
  grpc::Status StockReport(grpc::ServerContext* context,
                           const shop::v1::StockReportRequest* request,
                           shop::v1::StockReportReply* reply) override;
  grpc::Status BuyerLog(grpc::ServerContext* context, const shop::v1::BuyerLogRequest* request,
                        shop::v1::BuyerLogReply* reply) override;
  grpc::Status NikUsage(grpc::ServerContext* context, const shop::v1::NikUsageRequest* request,
                        shop::v1::NikUsageReply* reply) override;

 private:
  ShopRepository& shop_;
  SettingsRepository& settings_;
  const domain::Clock& clock_;
  metrics::Metrics& metrics_;
};

}  // namespace billing::bills
