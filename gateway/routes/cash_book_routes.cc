// /api/cash/* (the cash book, Kas: categories, entries with a receipt photo) and
// /api/reports/profit (the monthly profit report, JSON or ?format=csv).
#include <set>

#include "http/csv.h"
#include "http/json_fields.h"
#include "http/query_params.h"
#include "i18n/cash_book_messages.h"
#include "i18n/messages.h"
#include "routes/routes.h"

namespace billing::gateway {
namespace {

namespace cash = cashbook::v1;

// Standard base64 (with or without padding) to bytes; nullopt for anything else.
std::optional<std::string> DecodeBase64(const std::string& text) {
  static constexpr std::string_view kAlphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve(text.size() / 4 * 3);
  uint32_t buffer = 0;
  int bits = 0;
  size_t padding = 0;
  for (char c : text) {
    if (c == '=') {
      ++padding;
      continue;
    }
    if (padding > 0) return std::nullopt;  // data after the padding
    size_t value = kAlphabet.find(c);
    if (value == std::string_view::npos) return std::nullopt;
    buffer = (buffer << 6) | static_cast<uint32_t>(value);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((buffer >> bits) & 0xFF));
    }
  }
  if (padding > 2 || (text.size() % 4 != 0 && padding > 0) || bits >= 6) return std::nullopt;
  return out;
}

// Reads `photo` ({data: base64, content_type}) into `out`; false when absent or null.
bool ReadPhoto(const nlohmann::json& body, cash::Photo* out, JsonFields& fields) {
  auto it = body.find("photo");
  if (it == body.end() || it->is_null()) return false;
  if (!it->is_object()) {
    fields.Refuse("photo", i18n::kWrongType);
    return false;
  }
  JsonFields photo(*it);
  photo.OnlyThese({"data", "content_type"});
  std::string data = photo.RequiredString("data");
  if (auto type = photo.String("content_type")) out->set_content_type(*type);
  if (!photo.Errors().empty()) {
    fields.Refuse("photo", photo.Errors().begin()->second.c_str());
    return false;
  }
  auto bytes = DecodeBase64(data);
  if (!bytes) {
    fields.Refuse("photo", i18n::kCashPhotoNotBase64);
    return false;
  }
  out->set_data(std::move(*bytes));
  return true;
}

// The entry's fields of a create or update body; `photo` set when the body has one.
cash::EntryInput ReadEntryInput(JsonFields& fields) {
  cash::EntryInput input;
  if (auto value = fields.String("kind")) input.set_kind(*value);
  if (auto value = fields.Int("category_id")) input.set_category_id(*value);
  if (auto value = fields.Int("amount")) input.set_amount(*value);
  if (auto value = fields.String("date")) input.set_date(*value);
  if (auto value = fields.String("note")) input.set_note(*value);
  return input;
}

nlohmann::json CategoryJson(const cash::Category& c) {
  return {{"id", c.id()},
          {"kind", c.kind()},
          {"name", c.name()},
          {"code", c.code().empty() ? nlohmann::json() : nlohmann::json(c.code())},
          {"active", c.active()}};
}

nlohmann::json EntryJson(const cash::Entry& e) {
  return {{"id", e.id()},
          {"kind", e.kind()},
          {"category_id", e.category_id()},
          {"category_name", e.category_name()},
          {"amount", e.amount()},
          {"date", e.date()},
          {"note", e.note()},
          {"has_photo", e.has_photo()},
          {"movement_id", e.movement_id() > 0 ? nlohmann::json(e.movement_id()) : nlohmann::json()},
          {"created_by", e.created_by()},
          {"created_at", e.created_at()},
          {"updated_at", e.updated_at()}};
}

// The expense categories that have an amount in the report, in the order first seen.
std::vector<std::pair<int64_t, std::string>> ExpenseColumns(const cash::ProfitReportReply& reply) {
  std::vector<std::pair<int64_t, std::string>> columns;
  std::set<int64_t> seen;
  for (const auto& month : reply.items()) {
    for (const auto& expense : month.expenses()) {
      if (seen.insert(expense.category_id()).second) {
        columns.emplace_back(expense.category_id(), expense.name());
      }
    }
  }
  return columns;
}

Response ProfitCsv(const cash::ProfitReportReply& reply) {
  auto columns = ExpenseColumns(reply);
  std::vector<std::string> header = {i18n::kCsvProfitPeriod, i18n::kCsvProfitInternet,
                                     i18n::kCsvProfitGas, i18n::kCsvProfitOtherIncome,
                                     i18n::kCsvProfitIncome};
  for (const auto& column : columns) header.push_back(column.second);
  header.emplace_back(i18n::kCsvProfitExpense);
  header.emplace_back(i18n::kCsvProfitProfit);
  CsvWriter writer(header);
  for (const auto& m : reply.items()) {
    std::vector<std::string> row = {m.period(), std::to_string(m.internet()),
                                    std::to_string(m.gas()), std::to_string(m.other_income()),
                                    std::to_string(m.income())};
    for (const auto& column : columns) {
      int64_t amount = 0;
      for (const auto& expense : m.expenses()) {
        if (expense.category_id() == column.first) amount = expense.amount();
      }
      row.push_back(std::to_string(amount));
    }
    row.push_back(std::to_string(m.expense()));
    row.push_back(std::to_string(m.profit()));
    writer.Row(row);
  }
  return writer.ToResponse("laba-rugi.csv");
}

nlohmann::json ProfitJson(const cash::ProfitReportReply& reply) {
  nlohmann::json items = nlohmann::json::array();
  int64_t internet = 0, gas = 0, other = 0, income = 0, expense = 0, profit = 0;
  std::map<int64_t, int64_t> per_category;
  for (const auto& m : reply.items()) {
    nlohmann::json expenses = nlohmann::json::array();
    for (const auto& e : m.expenses()) {
      expenses.push_back(
          {{"category_id", e.category_id()}, {"name", e.name()}, {"amount", e.amount()}});
      per_category[e.category_id()] += e.amount();
    }
    items.push_back({{"period", m.period()},
                     {"internet", m.internet()},
                     {"gas", m.gas()},
                     {"other_income", m.other_income()},
                     {"income", m.income()},
                     {"expenses", expenses},
                     {"expense", m.expense()},
                     {"profit", m.profit()}});
    internet += m.internet();
    gas += m.gas();
    other += m.other_income();
    income += m.income();
    expense += m.expense();
    profit += m.profit();
  }
  nlohmann::json categories = nlohmann::json::array();
  for (const auto& [id, name] : ExpenseColumns(reply)) {
    categories.push_back({{"category_id", id}, {"name", name}, {"amount", per_category[id]}});
  }
  return {{"items", items},
          {"totals",
           {{"internet", internet},
            {"gas", gas},
            {"other_income", other},
            {"income", income},
            {"expenses", categories},
            {"expense", expense},
            {"profit", profit}}}};
}

void AddCategoryRoutes(Router& router, Backends& backends) {
  router.Add("GET", "/api/cash/categories", Access::kUser, [&backends](RequestContext& ctx) {
    cash::ListCategoriesReply reply;
    Check(backends.CashBook().ListCategories(ctx.Grpc().get(), common::v1::Empty(), &reply));
    nlohmann::json items = nlohmann::json::array();
    for (const auto& c : reply.items()) items.push_back(CategoryJson(c));
    return Response::Json({{"items", items}});
  });

  router.Add("POST", "/api/cash/categories", Access::kAdmin, [&backends](RequestContext& ctx) {
    JsonFields fields(ctx.JsonBody());
    fields.OnlyThese({"kind", "name", "active"});
    cash::CreateCategoryRequest request;
    auto* input = request.mutable_category();
    input->set_kind(fields.RequiredString("kind"));
    input->set_name(fields.RequiredString("name"));
    input->set_active(fields.Bool("active").value_or(true));
    fields.Done();
    cash::Category reply;
    Check(backends.CashBook().CreateCategory(ctx.Grpc().get(), request, &reply));
    return Response::Json(CategoryJson(reply), 201);
  });

  router.Add("PUT", "/api/cash/categories/:id", Access::kAdmin, [&backends](RequestContext& ctx) {
    int64_t id = ctx.IdParam("id");
    JsonFields fields(ctx.JsonBody());
    fields.OnlyThese({"kind", "name", "active"});
    cash::UpdateCategoryRequest request;
    request.set_id(id);
    auto* input = request.mutable_category();
    if (auto value = fields.String("kind")) input->set_kind(*value);
    input->set_name(fields.RequiredString("name"));
    input->set_active(fields.Bool("active").value_or(true));
    fields.Done();
    cash::Category reply;
    Check(backends.CashBook().UpdateCategory(ctx.Grpc().get(), request, &reply));
    return Response::Json(CategoryJson(reply));
  });
}

void AddEntryRoutes(Router& router, Backends& backends) {
  router.Add("GET", "/api/cash/entries", Access::kUser, [&backends](RequestContext& ctx) {
    cash::ListEntriesRequest request;
    request.set_from(ctx.Query("from"));
    request.set_to(ctx.Query("to"));
    request.set_kind(ctx.Query("kind"));
    QueryParams query(ctx);
    request.set_category_id(query.Int64("category_id", 0));
    query.PageInto(request.mutable_paging());
    query.Done();
    cash::ListEntriesReply reply;
    Check(backends.CashBook().ListEntries(ctx.Grpc().get(), request, &reply));
    nlohmann::json items = nlohmann::json::array();
    for (const auto& e : reply.items()) items.push_back(EntryJson(e));
    return Response::Json(
        {{"items", items}, {"total", reply.total()}, {"total_amount", reply.total_amount()}});
  });

  router.Add("POST", "/api/cash/entries", Access::kUser, [&backends](RequestContext& ctx) {
    nlohmann::json body = ctx.JsonBody();
    JsonFields fields(body);
    fields.OnlyThese({"kind", "category_id", "amount", "date", "note", "photo"});
    cash::CreateEntryRequest request;
    *request.mutable_entry() = ReadEntryInput(fields);
    cash::Photo photo;
    if (ReadPhoto(body, &photo, fields)) *request.mutable_photo() = std::move(photo);
    fields.Done();
    cash::Entry reply;
    Check(backends.CashBook().CreateEntry(ctx.Grpc().get(), request, &reply));
    return Response::Json(EntryJson(reply), 201);
  });

  router.Add("GET", "/api/cash/entries/:id", Access::kUser, [&backends](RequestContext& ctx) {
    cash::EntryId request;
    request.set_id(ctx.IdParam("id"));
    cash::Entry reply;
    Check(backends.CashBook().GetEntry(ctx.Grpc().get(), request, &reply));
    return Response::Json(EntryJson(reply));
  });

  router.Add("PUT", "/api/cash/entries/:id", Access::kAdmin, [&backends](RequestContext& ctx) {
    int64_t id = ctx.IdParam("id");
    nlohmann::json body = ctx.JsonBody();
    JsonFields fields(body);
    fields.OnlyThese({"kind", "category_id", "amount", "date", "note", "photo", "remove_photo"});
    cash::UpdateEntryRequest request;
    request.set_id(id);
    *request.mutable_entry() = ReadEntryInput(fields);
    request.set_remove_photo(fields.Bool("remove_photo").value_or(false));
    cash::Photo photo;
    if (ReadPhoto(body, &photo, fields)) *request.mutable_photo() = std::move(photo);
    fields.Done();
    cash::Entry reply;
    Check(backends.CashBook().UpdateEntry(ctx.Grpc().get(), request, &reply));
    return Response::Json(EntryJson(reply));
  });

  router.Add("DELETE", "/api/cash/entries/:id", Access::kAdmin, [&backends](RequestContext& ctx) {
    cash::EntryId request;
    request.set_id(ctx.IdParam("id"));
    common::v1::Empty reply;
    Check(backends.CashBook().DeleteEntry(ctx.Grpc().get(), request, &reply));
    return Response::Json({{"ok", true}});
  });

  // The receipt's bytes as their own type (checked by billing when stored); the gateway's
  // security headers add nosniff to every answer.
  router.Add("GET", "/api/cash/entries/:id/photo", Access::kUser, [&backends](RequestContext& ctx) {
    cash::EntryId request;
    request.set_id(ctx.IdParam("id"));
    cash::Photo reply;
    Check(backends.CashBook().GetPhoto(ctx.Grpc().get(), request, &reply));
    Response response;
    response.body = reply.data();
    response.content_type = reply.content_type();
    response.headers["Cache-Control"] = "private, no-store";
    return response;
  });
}

}  // namespace

void AddCashBookRoutes(Router& router, Backends& backends) {
  AddCategoryRoutes(router, backends);
  AddEntryRoutes(router, backends);

  router.Add("GET", "/api/reports/profit", Access::kUser, [&backends](RequestContext& ctx) {
    bool csv = WantsCsv(ctx);
    cash::ProfitReportRequest request;
    request.set_from(ctx.Query("from"));
    request.set_to(ctx.Query("to"));
    cash::ProfitReportReply reply;
    Check(backends.CashBook().ProfitReport(ctx.Grpc().get(), request, &reply));
    if (csv) return ProfitCsv(reply);
    return Response::Json(ProfitJson(reply));
  });
}

}  // namespace billing::gateway
