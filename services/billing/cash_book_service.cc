// Cash book RPCs. Every handler runs inside rpc::HandleRpc, so no exception escapes.
#include "cash_book_service.h"

#include <chrono>
#include <string_view>

#include "domain/text.h"
#include "i18n/cash_book_messages.h"
#include "i18n/messages.h"
#include "rpc/paging.h"
#include "rpc/server.h"
#include "transaction_rules.h"

namespace billing::cashbook {
namespace {

using bills::RequirePeriod;

void ToProto(const CategoryRecord& c, v1::Category* out) {
  out->set_id(c.id);
  out->set_kind(c.kind);
  out->set_name(c.name);
  out->set_code(c.code);
  out->set_active(c.active);
}

void ToProto(const EntryRecord& e, v1::Entry* out) {
  out->set_id(e.id);
  out->set_kind(e.kind);
  out->set_category_id(e.category_id);
  out->set_category_name(e.category_name);
  out->set_amount(e.amount);
  out->set_date(e.date);
  out->set_note(e.note);
  out->set_has_photo(e.has_photo);
  out->set_movement_id(e.movement_id);
  out->set_created_by(e.created_by);
  out->set_created_at(e.created_at);
  out->set_updated_at(e.updated_at);
}

bool StartsWith(const std::string& bytes, size_t offset, std::string_view prefix) {
  return bytes.size() >= offset + prefix.size() &&
         std::string_view(bytes).substr(offset, prefix.size()) == prefix;
}

}  // namespace

std::optional<std::string> SniffImageType(const std::string& bytes) {
  if (StartsWith(bytes, 0, "\xFF\xD8\xFF")) return "image/jpeg";
  if (StartsWith(bytes, 0, "\x89PNG\r\n\x1A\n")) return "image/png";
  if (StartsWith(bytes, 0, "RIFF") && StartsWith(bytes, 8, "WEBP")) return "image/webp";
  return std::nullopt;
}

std::optional<PhotoData> CheckPhoto(const std::string& bytes, const std::string& content_type,
                                    errors::FieldErrors& fields) {
  if (bytes.size() > kMaxPhotoBytes) {
    fields.emplace("photo", i18n::kCashPhotoTooLarge);
    return std::nullopt;
  }
  auto type = SniffImageType(bytes);
  if (!type) {
    fields.emplace("photo", i18n::kCashPhotoNotImage);
    return std::nullopt;
  }
  if (!content_type.empty() && content_type != *type) {
    fields.emplace("photo", i18n::kCashPhotoTypeMismatch);
    return std::nullopt;
  }
  return PhotoData{bytes, *type};
}

size_t CharCount(const std::string& text) {
  size_t count = 0;
  for (unsigned char c : text) {
    if ((c & 0xC0) != 0x80) ++count;
  }
  return count;
}

bool IsKind(const std::string& kind) { return kind == "expense" || kind == "income"; }

EntryValues CheckEntry(const v1::EntryInput& input, const std::optional<CategoryRecord>& category,
                       const std::string& today, const std::string& latest,
                       errors::FieldErrors& fields) {
  EntryValues entry{input.kind(), input.category_id(), input.amount(), input.date(),
                    domain::Trim(input.note())};
  if (!IsKind(entry.kind)) {
    fields.emplace("kind", entry.kind.empty() ? i18n::kFieldRequired : i18n::kCashInvalidKind);
  }
  if (entry.category_id <= 0) {
    fields.emplace("category_id", i18n::kFieldRequired);
  } else if (!category) {
    fields.emplace("category_id", i18n::kCashCategoryNotFound);
  } else if (!category->active) {
    fields.emplace("category_id", i18n::kCashCategoryInactive);
  } else if (IsKind(entry.kind) && category->kind != entry.kind) {
    fields.emplace("category_id", i18n::kCashCategoryKindMismatch);
  }
  if (entry.amount < 1 || entry.amount > kMaxAmount) {
    fields.emplace("amount", i18n::kCashAmountInvalid);
  }
  if (entry.date.empty()) {
    entry.date = today;
  } else if (!domain::IsValidDate(entry.date)) {
    fields.emplace("date", i18n::kInvalidDate);
  } else if (entry.date > latest) {
    fields.emplace("date", i18n::kCashDateTooFar);
  }
  if (CharCount(entry.note) > kMaxNoteChars) fields.emplace("note", i18n::kCashNoteTooLong);
  return entry;
}

std::string CheckCategoryName(const std::string& name, errors::FieldErrors& fields) {
  std::string trimmed = domain::Trim(name);
  if (trimmed.empty()) {
    fields.emplace("name", i18n::kFieldRequired);
  } else if (CharCount(trimmed) > kMaxCategoryNameChars) {
    fields.emplace("name", i18n::kCashCategoryNameTooLong);
  }
  return trimmed;
}

MonthRange ProfitRange(const std::string& from, const std::string& to, domain::Period now) {
  MonthRange range;
  range.to = to.empty() ? now : RequirePeriod(to, "to");
  if (from.empty()) {
    range.from = range.to;
    for (int i = 0; i < 11; ++i) range.from = range.from.Previous();
  } else {
    range.from = RequirePeriod(from, "from");
  }
  int months = (range.to.year - range.from.year) * 12 + (range.to.month - range.from.month);
  if (months < 0 || months >= kMaxProfitMonths) {
    throw errors::InvalidArgument(i18n::kCashInvalidRange, {{"from", i18n::kCashInvalidRange}});
  }
  return range;
}

void FillProfit(const std::vector<bills::MonthIncome>& income,
                const std::map<std::string, CashMonth>& cash, v1::ProfitReportReply* reply) {
  for (const auto& month : income) {
    auto* out = reply->add_items();
    out->set_period(month.period);
    out->set_internet(month.internet);
    out->set_gas(month.gas);
    int64_t other = 0;
    int64_t expense = 0;
    auto found = cash.find(month.period);
    if (found != cash.end()) {
      other = found->second.other_income;
      for (const auto& sum : found->second.expenses) {
        if (sum.amount == 0) continue;
        auto* added = out->add_expenses();
        added->set_category_id(sum.category_id);
        added->set_name(sum.name);
        added->set_amount(sum.amount);
        expense += sum.amount;
      }
    }
    out->set_other_income(other);
    out->set_income(month.internet + month.gas + other);
    out->set_expense(expense);
    out->set_profit(out->income() - expense);
  }
}

CashBookService::CashBookService(CashBookRepository& cash, bills::ReportRepository& reports,
                                 bills::SettingsRepository& settings, const domain::Clock& clock,
                                 metrics::Metrics& metrics)
    : cash_(cash), reports_(reports), settings_(settings), clock_(clock), metrics_(metrics) {}

EntryValues CashBookService::ReadEntry(const v1::EntryInput& input, const v1::Photo* photo,
                                       std::optional<PhotoData>& checked_photo) {
  errors::FieldErrors fields;
  std::optional<CategoryRecord> category;
  if (input.category_id() > 0) category = cash_.FindCategory(input.category_id());
  std::string zone = settings_.TimeZone();
  auto now = clock_.Now();
  EntryValues entry = CheckEntry(input, category, domain::DateAt(now, zone),
                                 domain::DateAt(now + std::chrono::hours(24), zone), fields);
  if (photo != nullptr) checked_photo = CheckPhoto(photo->data(), photo->content_type(), fields);
  if (!fields.empty()) throw errors::InvalidArgument(i18n::kValidationFailed, fields);
  return entry;
}

grpc::Status CashBookService::ListCategories(grpc::ServerContext* context,
                                             const common::v1::Empty* /*request*/,
                                             v1::ListCategoriesReply* reply) {
  return rpc::HandleRpc(metrics_, "ListCategories", *context, [&] {
    rpc::ReadUser(*context);
    for (const auto& category : cash_.ListCategories()) ToProto(category, reply->add_items());
  });
}

grpc::Status CashBookService::CreateCategory(grpc::ServerContext* context,
                                             const v1::CreateCategoryRequest* request,
                                             v1::Category* reply) {
  return rpc::HandleRpc(metrics_, "CreateCategory", *context, [&] {
    rpc::Caller caller = rpc::ReadAdmin(*context);
    const auto& input = request->category();
    errors::FieldErrors fields;
    CategoryRecord category;
    category.kind = input.kind();
    if (!IsKind(category.kind)) {
      fields.emplace("kind", category.kind.empty() ? i18n::kFieldRequired : i18n::kCashInvalidKind);
    }
    category.name = CheckCategoryName(input.name(), fields);
    category.active = input.active();
    if (!fields.empty()) throw errors::InvalidArgument(i18n::kValidationFailed, fields);
    ToProto(cash_.CreateCategory(category, caller), reply);
  });
}

grpc::Status CashBookService::UpdateCategory(grpc::ServerContext* context,
                                             const v1::UpdateCategoryRequest* request,
                                             v1::Category* reply) {
  return rpc::HandleRpc(metrics_, "UpdateCategory", *context, [&] {
    rpc::Caller caller = rpc::ReadAdmin(*context);
    auto existing = cash_.FindCategory(request->id());
    if (!existing) throw errors::NotFound(i18n::kCashCategoryNotFound);
    const auto& input = request->category();
    errors::FieldErrors fields;
    CategoryRecord category = *existing;
    if (!input.kind().empty() && input.kind() != existing->kind) {
      fields.emplace("kind", i18n::kCashCategoryKindFixed);
    }
    category.name = CheckCategoryName(input.name(), fields);
    category.active = input.active();
    if (existing->code == kGasPurchaseCode && !category.active) {
      fields.emplace("active", i18n::kCashGasPurchaseStaysActive);
    }
    if (!fields.empty()) throw errors::InvalidArgument(i18n::kValidationFailed, fields);
    ToProto(cash_.UpdateCategory(category, caller), reply);
  });
}

grpc::Status CashBookService::ListEntries(grpc::ServerContext* context,
                                          const v1::ListEntriesRequest* request,
                                          v1::ListEntriesReply* reply) {
  return rpc::HandleRpc(metrics_, "ListEntries", *context, [&] {
    rpc::ReadUser(*context);
    errors::FieldErrors fields;
    EntryFilter filter;
    filter.from = request->from();
    filter.to = request->to();
    if (!filter.from.empty() && !domain::IsValidDate(filter.from)) {
      fields.emplace("from", i18n::kInvalidDate);
    }
    if (!filter.to.empty() && !domain::IsValidDate(filter.to)) {
      fields.emplace("to", i18n::kInvalidDate);
    }
    filter.kind = request->kind();
    if (!filter.kind.empty() && !IsKind(filter.kind))
      fields.emplace("kind", i18n::kCashInvalidKind);
    filter.category_id = request->category_id();
    if (filter.category_id < 0) fields.emplace("category_id", i18n::kInvalidId);
    rpc::Page page = rpc::ReadPage(request->paging(), fields);
    if (!fields.empty()) throw errors::InvalidArgument(i18n::kValidationFailed, fields);
    filter.limit = page.limit;
    filter.offset = page.offset;
    EntryPage result = cash_.ListEntries(filter);
    for (const auto& entry : result.items) ToProto(entry, reply->add_items());
    reply->set_total(result.total);
    reply->set_total_amount(result.total_amount);
  });
}

grpc::Status CashBookService::GetEntry(grpc::ServerContext* context, const v1::EntryId* request,
                                       v1::Entry* reply) {
  return rpc::HandleRpc(metrics_, "GetEntry", *context, [&] {
    rpc::ReadUser(*context);
    auto found = cash_.FindEntry(request->id());
    if (!found) throw errors::NotFound(i18n::kCashEntryNotFound);
    ToProto(*found, reply);
  });
}

grpc::Status CashBookService::GetPhoto(grpc::ServerContext* context, const v1::EntryId* request,
                                       v1::Photo* reply) {
  return rpc::HandleRpc(metrics_, "GetPhoto", *context, [&] {
    rpc::ReadUser(*context);
    auto photo = cash_.Photo(request->id());
    if (!photo) throw errors::NotFound(i18n::kCashPhotoNotFound);
    reply->set_data(std::move(photo->bytes));
    reply->set_content_type(photo->content_type);
  });
}

grpc::Status CashBookService::CreateEntry(grpc::ServerContext* context,
                                          const v1::CreateEntryRequest* request, v1::Entry* reply) {
  return rpc::HandleRpc(metrics_, "CreateEntry", *context, [&] {
    rpc::Caller caller = rpc::ReadUser(*context);
    std::optional<PhotoData> photo;
    EntryValues entry =
        ReadEntry(request->entry(), request->has_photo() ? &request->photo() : nullptr, photo);
    ToProto(cash_.CreateEntry(entry, photo, caller), reply);
  });
}

grpc::Status CashBookService::UpdateEntry(grpc::ServerContext* context,
                                          const v1::UpdateEntryRequest* request, v1::Entry* reply) {
  return rpc::HandleRpc(metrics_, "UpdateEntry", *context, [&] {
    rpc::Caller caller = rpc::ReadAdmin(*context);
    auto existing = cash_.FindEntry(request->id());
    if (!existing) throw errors::NotFound(i18n::kCashEntryNotFound);
    if (existing->movement_id > 0)
      throw errors::FailedPrecondition(i18n::kCashMovementEntryReadOnly);
    std::optional<PhotoData> photo;
    EntryValues entry =
        ReadEntry(request->entry(), request->has_photo() ? &request->photo() : nullptr, photo);
    ToProto(cash_.UpdateEntry(request->id(), entry, photo, request->remove_photo(), caller), reply);
  });
}

grpc::Status CashBookService::DeleteEntry(grpc::ServerContext* context, const v1::EntryId* request,
                                          common::v1::Empty* /*reply*/) {
  return rpc::HandleRpc(metrics_, "DeleteEntry", *context, [&] {
    rpc::Caller caller = rpc::ReadAdmin(*context);
    cash_.DeleteEntry(request->id(), caller);
  });
}

grpc::Status CashBookService::ProfitReport(grpc::ServerContext* context,
                                           const v1::ProfitReportRequest* request,
                                           v1::ProfitReportReply* reply) {
  return rpc::HandleRpc(metrics_, "ProfitReport", *context, [&] {
    rpc::ReadUser(*context);
    std::string zone = settings_.TimeZone();
    MonthRange range =
        ProfitRange(request->from(), request->to(), domain::PeriodAt(clock_.Now(), zone));
    std::string from = range.from.ToString();
    std::string to = range.to.ToString();
    // Internet and gas exactly as the income report counts them (the same repository call).
    FillProfit(reports_.Income(from, to, zone), cash_.MonthlySums(from, to), reply);
  });
}

}  // namespace billing::cashbook
