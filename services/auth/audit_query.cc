// Audit filter rules; the messages are in i18n/messages.h.
#include "audit_query.h"

#include <array>
#include <cctype>

#include "errors/error.h"
#include "i18n/messages.h"
#include "rpc/paging.h"

namespace billing::auth {
namespace {

constexpr std::array<const char*, 8> kEntities = {
    "user", "customer", "package", "transaction", "settings", "message", "broadcast", "system"};

bool IsKnownEntity(const std::string& entity) {
  for (const char* known : kEntities) {
    if (entity == known) return true;
  }
  return false;
}

bool IsActionName(const std::string& action) {
  if (action.empty() || action.size() > 32) return false;
  for (char c : action) {
    if (!(c >= 'a' && c <= 'z') && c != '_') return false;
  }
  return true;
}

int Number(const std::string& text, size_t pos, size_t len) {
  int value = 0;
  for (size_t i = pos; i < pos + len; ++i) value = value * 10 + (text[i] - '0');
  return value;
}

}  // namespace

bool IsCalendarDate(const std::string& text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (!std::isdigit(static_cast<unsigned char>(text[i]))) return false;
  }
  int year = Number(text, 0, 4);
  int month = Number(text, 5, 2);
  int day = Number(text, 8, 2);
  if (year < 1900 || month < 1 || month > 12 || day < 1) return false;
  static constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  int days_in_month = kDays[month - 1] + (month == 2 && leap ? 1 : 0);
  return day <= days_in_month;
}

void CheckAuditQuery(const AuditQuery& query) {
  errors::FieldErrors fields;
  if (query.user.size() > 64) fields.emplace("user", i18n::kInvalidUserFilter);
  if (!query.entity.empty() && !IsKnownEntity(query.entity)) {
    fields.emplace("entity", i18n::kInvalidEntityFilter);
  }
  if (!query.action.empty() && !IsActionName(query.action)) {
    fields.emplace("action", i18n::kInvalidActionFilter);
  }
  if (!query.from.empty() && !IsCalendarDate(query.from)) {
    fields.emplace("from", i18n::kInvalidAuditDate);
  }
  if (!query.to.empty() && !IsCalendarDate(query.to)) fields.emplace("to", i18n::kInvalidAuditDate);
  if (fields.empty() && !query.from.empty() && !query.to.empty() && query.from > query.to) {
    fields.emplace("from", i18n::kAuditRangeReversed);
  }
  rpc::CheckPage({query.limit, query.offset}, fields);
  if (!fields.empty()) throw errors::InvalidArgument(i18n::kValidationFailed, fields);
}

}  // namespace billing::auth
