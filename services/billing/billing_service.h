// The billing gRPC service: validates, authorises and calls the repositories and the bill run.
#pragma once

#include "bill_run.h"
#include "billing.grpc.pb.h"
#include "customer_directory.h"
#include "domain/clock.h"
#include "metrics/metrics.h"
#include "report_repository.h"
#include "settings_repository.h"
#include "shop_repository.h"
#include "transaction_repository.h"

namespace billing::bills {

class BillingService final : public v1::BillingService::Service {
 public:
  BillingService(TransactionRepository& transactions, ReportRepository& reports,
                 SettingsRepository& settings, CustomerDirectory& customers, BillRun& bill_run,
                 ShopRepository& shop, const domain::Clock& clock, metrics::Metrics& metrics);

  grpc::Status CreateTransaction(grpc::ServerContext* context,
                                 const v1::CreateTransactionRequest* request,
                                 v1::Transaction* reply) override;
  grpc::Status GetTransaction(grpc::ServerContext* context, const v1::TransactionId* request,
                              v1::Transaction* reply) override;
  grpc::Status ListTransactions(grpc::ServerContext* context,
                                const v1::ListTransactionsRequest* request,
                                v1::ListTransactionsReply* reply) override;
  grpc::Status MarkPaid(grpc::ServerContext* context, const v1::MarkPaidRequest* request,
                        v1::Transaction* reply) override;
  grpc::Status MarkPaidOnline(grpc::ServerContext* context,
                              const v1::MarkPaidOnlineRequest* request,
                              v1::MarkPaidOnlineReply* reply) override;
  grpc::Status DeleteTransaction(grpc::ServerContext* context, const v1::TransactionId* request,
                                 common::v1::Empty* reply) override;
  grpc::Status Stats(grpc::ServerContext* context, const common::v1::Empty* request,
                     v1::StatsReply* reply) override;
  grpc::Status IncomeReport(grpc::ServerContext* context, const v1::IncomeReportRequest* request,
                            v1::IncomeReportReply* reply) override;
  grpc::Status ArrearsReport(grpc::ServerContext* context, const v1::ArrearsReportRequest* request,
                             v1::ArrearsReportReply* reply) override;
  grpc::Status ImportArrears(grpc::ServerContext* context, const v1::ImportArrearsRequest* request,
                             v1::ImportArrearsReply* reply) override;
  grpc::Status RunBills(grpc::ServerContext* context, const v1::BillRunRequest* request,
                        v1::BillRunReply* reply) override;
  grpc::Status GetSettings(grpc::ServerContext* context, const v1::GetSettingsRequest* request,
                           v1::Settings* reply) override;
  grpc::Status GetSettingsSchema(grpc::ServerContext* context, const common::v1::Empty* request,
                                 v1::SettingsSchema* reply) override;
  grpc::Status UpdateSettings(grpc::ServerContext* context, const v1::SettingsDocument* request,
                              v1::Settings* reply) override;
  grpc::Status ListOverdue(grpc::ServerContext* context, const v1::ListOverdueRequest* request,
                           v1::ListOverdueReply* reply) override;

 private:
  std::string TimeZone();

  TransactionRepository& transactions_;
  ReportRepository& reports_;
  SettingsRepository& settings_;
  CustomerDirectory& customers_;
  BillRun& bill_run_;
  ShopRepository& shop_;
  const domain::Clock& clock_;
  metrics::Metrics& metrics_;
};

}  // namespace billing::bills
