// Template rendering: a single left-to-right pass, values are inserted verbatim.
#include "template_renderer.h"

#include <iterator>

#include "domain/message_templates.h"
#include "domain/period.h"
#include "domain/rupiah.h"
#include "errors/error.h"
#include "i18n/messages.h"

namespace billing::messaging {
namespace {

// In MessageKind order (domain::kTemplateKinds is).
constexpr const auto& kKindNames = domain::kTemplateKinds;

std::string Join(const std::vector<std::string>& parts, const std::string& separator) {
  std::string out;
  for (const auto& part : parts) out += (out.empty() ? "" : separator) + part;
  return out;
}

std::string BankAccounts(const nlohmann::json& accounts) {
  std::vector<std::string> lines;
  if (!accounts.is_array()) return "";
  for (const auto& account : accounts) {
    if (!account.is_object()) continue;
    lines.push_back(account.value("bank", "") + " " + account.value("number", "") + " " +
                    i18n::kAccountHolderPrefix + " " + account.value("holder", ""));
  }
  return Join(lines, ", ");
}

}  // namespace

std::optional<MessageKind> ParseKind(const std::string& name) {
  for (int i = 0; i < static_cast<int>(std::size(kKindNames)); ++i) {
    if (name == kKindNames[i]) return static_cast<MessageKind>(i);
  }
  return std::nullopt;
}

const char* KindName(MessageKind kind) { return kKindNames[static_cast<int>(kind)]; }

bool IsNotice(MessageKind kind) { return domain::IsNoticeKind(KindName(kind)); }

std::string FormatDate(const std::string& date) {
  if (!domain::IsValidDate(date)) return date;
  int day = std::stoi(date.substr(8, 2));
  int month = std::stoi(date.substr(5, 2));
  return std::to_string(day) + " " + i18n::kMonthNames[month - 1] + " " + date.substr(0, 4);
}

PlaceholderValues ValuesFor(const MessageFacts& facts) {
  PlaceholderValues values = {
      {"nama", facts.customer_name},
      {"username", facts.pppoe_username},
      {"password", facts.pppoe_password},
      {"paket", facts.package_name},
      {"periode", Join(facts.periods, ", ")},
      {"total", domain::FormatRupiah(facts.total)},
      {"jatuh_tempo", FormatDate(facts.due_date)},
      {"tunggakan", domain::FormatRupiah(facts.total_owed)},
      {"nama_usaha", facts.business_name},
      {"rekening", BankAccounts(facts.bank_accounts)},
  };
  if (facts.pay_link) values[domain::kPayLinkPlaceholder] = *facts.pay_link;
  if (facts.reason) {
    values[domain::kReasonPlaceholder] = facts.reason->empty() ? "-" : *facts.reason;
  }
  return values;
}

std::string Render(const std::string& text, const PlaceholderValues& values,
                   const std::string& field) {
  const std::string pay_link = std::string("{") + domain::kPayLinkPlaceholder + "}";
  std::string out;
  out.reserve(text.size() + 256);
  size_t line_start = 0;
  while (true) {
    size_t line_end = text.find('\n', line_start);
    const bool last = line_end == std::string::npos;
    if (last) line_end = text.size();
    const size_t rendered_start = out.size();
    bool all_empty = true;
    size_t pos = line_start;
    while (true) {
      size_t open = text.find('{', pos);
      if (open == std::string::npos || open >= line_end) break;
      size_t close = text.find('}', open);
      auto value = close == std::string::npos
                       ? values.end()
                       : values.find(text.substr(open + 1, close - open - 1));
      // A known name has no line break, so a placeholder never spans lines.
      if (value == values.end()) {
        throw errors::InvalidArgument(i18n::kValidationFailed,
                                      {{field, i18n::kUnknownPlaceholder}});
      }
      out.append(text, pos, open - pos);
      out += value->second;
      all_empty = all_empty && value->second.empty();
      pos = close + 1;
    }
    out.append(text, pos, line_end - pos);
    const bool drop = all_empty && text.substr(line_start, line_end - line_start).find(pay_link) !=
                                       std::string::npos;
    if (drop) {
      out.resize(rendered_start);
      if (last && !out.empty() && out.back() == '\n') out.pop_back();
    }
    if (last) break;
    if (!drop) out += '\n';
    line_start = line_end + 1;
  }
  return out;
}

}  // namespace billing::messaging
