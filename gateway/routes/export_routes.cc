// The customer and transaction exports as CSV or .xlsx: the customers in the import template's
// columns (so an export imports back unchanged), with the PPPoE passwords for admins who ask
// (audited by the customer service); the transactions with the list's filters.
#include <algorithm>
#include <map>

#include "errors/error.h"
#include "http/query_params.h"
#include "i18n/messages.h"
#include "routes/customer_sheet.h"
#include "routes/json_views.h"
#include "routes/routes.h"
#include "routes/sheet_files.h"

namespace billing::gateway {
namespace {

constexpr size_t kMaxExportRows = 200000;
constexpr auto kExportTimeout = std::chrono::seconds(120);

Response ExportCustomers(Backends& backends, RequestContext& ctx) {
  SheetFormat format = FormatOf(ctx);
  QueryParams query(ctx);
  bool with_passwords = query.Bool("with_passwords", false);
  customer::v1::ExportCustomersRequest request;
  ReadCustomerFilter(ctx, query, *request.mutable_filter());
  query.Done();
  if (with_passwords && !ctx.caller.is_admin()) {
    throw errors::PermissionDenied(i18n::kExportPasswordsAdminOnly);
  }
  request.set_with_passwords(with_passwords);

  std::vector<customer::v1::Customer> customers;
  auto context = ctx.Grpc(kExportTimeout);
  auto reader = backends.Customers().ExportCustomers(context.get(), request);
  customer::v1::BillableBatch batch;
  while (reader->Read(&batch)) {
    for (auto& customer : *batch.mutable_items()) customers.push_back(std::move(customer));
    if (customers.size() > kMaxExportRows) {
      context->TryCancel();
      break;
    }
  }
  grpc::Status status = reader->Finish();
  if (customers.size() <= kMaxExportRows) Check(status);
  std::sort(customers.begin(), customers.end(),
            [](const auto& a, const auto& b) { return a.id() < b.id(); });

  customer::v1::ListPackagesReply packages;
  Check(backends.Customers().ListPackages(ctx.Grpc().get(), common::v1::Empty(), &packages));
  std::map<int64_t, int64_t> prices;
  for (const auto& package : packages.items()) prices.emplace(package.id(), package.price());
  bills::v1::ArrearsReportRequest arrears_request;
  arrears_request.set_type("internet");
  bills::v1::ArrearsReportReply arrears;
  Check(backends.Billing().ArrearsReport(ctx.Grpc(std::chrono::seconds(60)).get(), arrears_request,
                                         &arrears));
  std::map<int64_t, std::vector<std::string>> owed;
  for (const auto& row : arrears.items()) {
    owed[row.customer_id()] = {row.periods().begin(), row.periods().end()};
  }
  std::vector<std::vector<std::string>> rows;
  rows.reserve(customers.size());
  static const std::vector<std::string> kNone;
  for (const auto& customer : customers) {
    auto periods = owed.find(customer.id());
    rows.push_back(CustomerSheetRow(customer, prices[customer.package_id()],
                                    periods == owed.end() ? kNone : periods->second,
                                    with_passwords));
  }
  return Download(format, CustomerSheetTitles(), rows, "pelanggan");
}

Response ExportTransactions(Backends& backends, RequestContext& ctx) {
  SheetFormat format = FormatOf(ctx);
  QueryParams query(ctx);
  bills::v1::ListTransactionsRequest request;
  request.set_status(ctx.Query("status"));
  request.set_type(ctx.Query("type"));
  request.set_period(ctx.Query("period"));
  request.set_q(ctx.Query("q"));
  request.set_customer_id(query.Int64("customer_id", 0));
  query.Done();
  constexpr int kPage = 500;
  request.mutable_paging()->set_limit(kPage);
  std::vector<std::vector<std::string>> rows;
  for (int offset = 0; rows.size() < kMaxExportRows; offset += kPage) {
    request.mutable_paging()->set_offset(offset);
    bills::v1::ListTransactionsReply page;
    Check(backends.Billing().ListTransactions(ctx.Grpc(std::chrono::seconds(30)).get(), request,
                                              &page));
    for (const auto& t : page.items()) {
      // The amount's parts from the bill's lines: subtotal + installation - discount (+ PPN
      // when added) = amount.
      int64_t subtotal = 0, installation = 0;
      for (const auto& line : t.lines()) {
        if (line.kind() == "package" || line.kind() == "item") subtotal += line.amount();
        if (line.kind() == "installation") installation += line.amount();
      }
      rows.push_back(
          {std::to_string(t.id()), t.invoice_no(), t.created_at().substr(0, 10), t.customer_name(),
           t.type(), t.period(), t.description(), std::to_string(subtotal),
           std::to_string(installation), std::to_string(t.discount_amount()),
           std::to_string(t.tax_amount()), std::to_string(t.amount()), t.due_date(),
           t.status() == "paid" ? i18n::kSheetPaid : i18n::kSheetUnpaid, t.paid_at().substr(0, 10),
           t.status() == "paid" ? std::to_string(t.paid_amount()) : "", t.payment_method(),
           t.paid_by(), t.created_by()});
    }
    if (page.items_size() < kPage) break;
  }
  return Download(
      format,
      {i18n::kSheetTransactionId, i18n::kSheetInvoiceNo, i18n::kSheetDate, i18n::kCsvCustomerName,
       i18n::kSheetType, i18n::kCsvPeriod, i18n::kSheetDescription, i18n::kSheetSubtotal,
       i18n::kSheetInstallationFee, i18n::kSheetDiscount, i18n::kSheetTax, i18n::kSheetAmount,
       i18n::kSheetDueDate, i18n::kSheetStatus, i18n::kSheetPaidAt, i18n::kSheetPaidAmount,
       i18n::kSheetMethod, i18n::kSheetPaidBy, i18n::kSheetCreatedBy},
      rows, "transaksi");
}

}  // namespace

void AddExportRoutes(Router& router, Backends& backends) {
  router.Add("GET", "/api/customers/export", Access::kUser,
             [&backends](RequestContext& ctx) { return ExportCustomers(backends, ctx); });
  router.Add("GET", "/api/transactions/export", Access::kUser,
             [&backends](RequestContext& ctx) { return ExportTransactions(backends, ctx); });
}

}  // namespace billing::gateway
