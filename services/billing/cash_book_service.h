// The cash book gRPC service (Kas): categories, expense and income entries with a receipt photo,
// and the monthly profit report. Served by the billing process, on billing's database.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "cash_book_repository.h"
#include "cashbook.grpc.pb.h"
#include "domain/clock.h"
#include "domain/period.h"
#include "errors/error.h"
#include "metrics/metrics.h"
#include "report_repository.h"
#include "settings_repository.h"

namespace billing::cashbook {

// The rules of the cash book, pure (unit-tested in tests/cash_book_rules_test.cc).
inline constexpr size_t kMaxPhotoBytes = 512 * 1024;
inline constexpr int64_t kMaxAmount = 1'000'000'000'000;
inline constexpr size_t kMaxNoteChars = 500;
inline constexpr size_t kMaxCategoryNameChars = 60;
inline constexpr int kMaxProfitMonths = 24;

// "image/jpeg", "image/png" or "image/webp" by the bytes' signature; nullopt for anything else.
std::optional<std::string> SniffImageType(const std::string& bytes);
// The photo to store (its type as its bytes say), or nullopt with a "photo" field error: empty,
// over kMaxPhotoBytes, not one of the three formats, or labelled another type than it is.
std::optional<PhotoData> CheckPhoto(const std::string& bytes, const std::string& content_type,
                                    errors::FieldErrors& fields);
// Characters (UTF-8 code points) of `text`.
size_t CharCount(const std::string& text);
bool IsKind(const std::string& kind);
// An entry's fields checked against its category (nullopt: not found) and the dates: an empty
// date is `today`, a date after `latest` is refused. Errors go to `fields`.
EntryValues CheckEntry(const v1::EntryInput& input, const std::optional<CategoryRecord>& category,
                       const std::string& today, const std::string& latest,
                       errors::FieldErrors& fields);
// The trimmed name of a category, with its field error ("name") when empty or too long.
std::string CheckCategoryName(const std::string& name, errors::FieldErrors& fields);

struct MonthRange {
  domain::Period from;
  domain::Period to;
};
// The report's months: `to` defaults to `now`, `from` to 11 months before `to`; at most
// kMaxProfitMonths months, from <= to. Throws invalid_argument.
MonthRange ProfitRange(const std::string& from, const std::string& to, domain::Period now);
// One ProfitMonth per month of `income` (every month of the range, oldest first) with the cash
// book's sums of that month.
void FillProfit(const std::vector<bills::MonthIncome>& income,
                const std::map<std::string, CashMonth>& cash, v1::ProfitReportReply* reply);

class CashBookService final : public v1::CashBookService::Service {
 public:
  CashBookService(CashBookRepository& cash, bills::ReportRepository& reports,
                  bills::SettingsRepository& settings, const domain::Clock& clock,
                  metrics::Metrics& metrics);

  grpc::Status ListCategories(grpc::ServerContext* context, const common::v1::Empty* request,
                              v1::ListCategoriesReply* reply) override;
  grpc::Status CreateCategory(grpc::ServerContext* context,
                              const v1::CreateCategoryRequest* request,
                              v1::Category* reply) override;
  grpc::Status UpdateCategory(grpc::ServerContext* context,
                              const v1::UpdateCategoryRequest* request,
                              v1::Category* reply) override;
  grpc::Status ListEntries(grpc::ServerContext* context, const v1::ListEntriesRequest* request,
                           v1::ListEntriesReply* reply) override;
  grpc::Status GetEntry(grpc::ServerContext* context, const v1::EntryId* request,
                        v1::Entry* reply) override;
  grpc::Status GetPhoto(grpc::ServerContext* context, const v1::EntryId* request,
                        v1::Photo* reply) override;
  grpc::Status CreateEntry(grpc::ServerContext* context, const v1::CreateEntryRequest* request,
                           v1::Entry* reply) override;
  grpc::Status UpdateEntry(grpc::ServerContext* context, const v1::UpdateEntryRequest* request,
                           v1::Entry* reply) override;
  grpc::Status DeleteEntry(grpc::ServerContext* context, const v1::EntryId* request,
                           common::v1::Empty* reply) override;
  grpc::Status ProfitReport(grpc::ServerContext* context, const v1::ProfitReportRequest* request,
                            v1::ProfitReportReply* reply) override;

 private:
  // The entry to write from `input`, checked (throws invalid_argument with every field error).
  EntryValues ReadEntry(const v1::EntryInput& input, const v1::Photo* photo,
                        std::optional<PhotoData>& checked_photo);

  CashBookRepository& cash_;
  bills::ReportRepository& reports_;
  bills::SettingsRepository& settings_;
  const domain::Clock& clock_;
  metrics::Metrics& metrics_;
};

}  // namespace billing::cashbook
