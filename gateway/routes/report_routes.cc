// /api/reports/* (JSON or CSV), /api/billing/run (the monthly bill run, admin) and /api/settings.
#include <google/protobuf/util/json_util.h>

#include "http/csv.h"
#include "http/json_fields.h"
#include "i18n/messages.h"
#include "routes/routes.h"

namespace billing::gateway {
namespace {

// A typed settings message as JSON with the proto field names, every field present (a zero, an
// empty text, list or map too): the public shape of the settings. Printed again with sorted keys
// (protobuf prints a map in no fixed order), so the same settings always read the same.
Response ProtoJsonResponse(const google::protobuf::Message& message) {
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  options.always_print_primitive_fields = true;
  std::string printed;
  auto status = google::protobuf::util::MessageToJsonString(message, &printed, options);
  if (!status.ok()) throw errors::Internal("settings reply is not printable as JSON");
  return Response::Json(nlohmann::json::parse(printed));
}

}  // namespace

void AddReportRoutes(Router& router, Backends& backends) {
  router.Add("GET", "/api/reports/income", Access::kUser, [&backends](RequestContext& ctx) {
    bool csv = WantsCsv(ctx);
    bills::v1::IncomeReportRequest request;
    request.set_from(ctx.Query("from"));
    request.set_to(ctx.Query("to"));
    bills::v1::IncomeReportReply reply;
    Check(backends.Billing().IncomeReport(ctx.Grpc().get(), request, &reply));
    if (csv) {
      CsvWriter writer(
          {i18n::kCsvPeriod, i18n::kCsvInternet, i18n::kCsvGas, i18n::kCsvTotal, i18n::kCsvTax});
      for (const auto& m : reply.items()) {
        writer.Row({m.period(), std::to_string(m.internet()), std::to_string(m.gas()),
                    std::to_string(m.income()), std::to_string(m.tax())});
      }
      return writer.ToResponse("pendapatan.csv");
    }
    nlohmann::json items = nlohmann::json::array();
    int64_t internet = 0, gas = 0, tax = 0;
    for (const auto& m : reply.items()) {
      items.push_back({{"period", m.period()},
                       {"internet", m.internet()},
                       {"gas", m.gas()},
                       {"total", m.income()},
                       {"tax", m.tax()}});
      internet += m.internet();
      gas += m.gas();
      tax += m.tax();
    }
    return Response::Json(
        {{"items", items},
         {"totals",
          {{"internet", internet}, {"gas", gas}, {"total", internet + gas}, {"tax", tax}}}});
  });

  router.Add("GET", "/api/reports/arrears", Access::kUser, [&backends](RequestContext& ctx) {
    bool csv = WantsCsv(ctx);
    bills::v1::ArrearsReportRequest request;
    request.set_type(ctx.Query("type"));
    bills::v1::ArrearsReportReply reply;
    Check(backends.Billing().ArrearsReport(ctx.Grpc().get(), request, &reply));
    if (csv) {
      CsvWriter writer({i18n::kCsvCustomerId, i18n::kCsvCustomerName, i18n::kCsvCustomerType,
                        i18n::kCsvPhone, i18n::kCsvBillsOwed, i18n::kCsvTotalOwed,
                        i18n::kCsvOldestDue, i18n::kCsvPeriods});
      for (const auto& row : reply.items()) {
        std::string periods;
        for (const auto& p : row.periods()) periods += (periods.empty() ? "" : " ") + p;
        writer.Row({std::to_string(row.customer_id()), row.customer_name(), row.customer_type(),
                    row.customer_phone(), std::to_string(row.bills_owed()),
                    std::to_string(row.total_owed()), row.oldest_due_date(), periods});
      }
      return writer.ToResponse("tunggakan.csv");
    }
    nlohmann::json items = nlohmann::json::array();
    int64_t total = 0;
    for (const auto& row : reply.items()) {
      items.push_back({{"customer_id", row.customer_id()},
                       {"customer_name", row.customer_name()},
                       {"type", row.customer_type()},
                       {"phone", row.customer_phone()},
                       {"bills_owed", row.bills_owed()},
                       {"months_owed", row.periods_size()},
                       {"total_owed", row.total_owed()},
                       {"oldest_due_date", row.oldest_due_date()},
                       {"periods", row.periods()}});
      total += row.total_owed();
    }
    return Response::Json({{"items", items}, {"total", reply.items_size()}, {"total_owed", total}});
  });

  router.Add("POST", "/api/billing/run", Access::kAdmin, [&backends](RequestContext& ctx) {
    JsonFields fields(ctx.JsonBody());
    bills::v1::BillRunRequest request;
    request.set_period(fields.RequiredString("period"));
    fields.Done();
    bills::v1::BillRunReply reply;
    auto context = ctx.Grpc(std::chrono::minutes(10));
    Check(backends.Billing().RunBills(context.get(), request, &reply));
    return Response::Json(
        {{"period", reply.period()}, {"created", reply.created()}, {"skipped", reply.skipped()}});
  });
}

void AddSettingsRoutes(Router& router, Backends& backends) {
  router.Add("GET", "/api/settings", Access::kUser, [&backends](RequestContext& ctx) {
    bills::v1::Settings reply;
    Check(
        backends.Billing().GetSettings(ctx.Grpc().get(), bills::v1::GetSettingsRequest(), &reply));
    return ProtoJsonResponse(reply);
  });

  // What the settings form needs besides the values, from billing: {"defaults": {...},
  // "template_kinds": [{"kind", "placeholders": [...]}], "time_zones": [...]}.
  router.Add("GET", "/api/settings/schema", Access::kUser, [&backends](RequestContext& ctx) {
    bills::v1::SettingsSchema reply;
    Check(backends.Billing().GetSettingsSchema(ctx.Grpc().get(), common::v1::Empty(), &reply));
    return ProtoJsonResponse(reply);
  });

  router.Add("POST", "/api/settings", Access::kAdmin, [&backends](RequestContext& ctx) {
    bills::v1::SettingsDocument request;
    request.set_json(ctx.JsonBody().dump());
    bills::v1::Settings reply;
    Check(backends.Billing().UpdateSettings(ctx.Grpc().get(), request, &reply));
    return ProtoJsonResponse(reply);
  });
}

bool WantsCsv(const RequestContext& ctx) {
  std::string format = ctx.Query("format");
  if (!format.empty() && format != "csv" && format != "json") {
    throw errors::InvalidArgument(i18n::kValidationFailed, {{"format", i18n::kInvalidChoice}});
  }
  return format == "csv";
}

}  // namespace billing::gateway
