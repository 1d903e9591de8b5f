// Template rendering: line by line, left to right; values are inserted verbatim.
#include "template_renderer.h"

#include <algorithm>
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
  for (size_t i = 0; i < parts.size(); ++i) out += (i == 0 ? "" : separator) + parts[i];
  return out;
}

// Spaces, tabs and a CRLF template's '\r' only.
bool IsBlank(const std::string& line) {
  return line.find_first_not_of(" \t\r") == std::string::npos;
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

// "" when there is nothing to say, so that a line holding only this value is left out.
std::string RupiahOrEmpty(int64_t amount) {
  return amount == 0 ? "" : domain::FormatRupiah(amount);
}

// PPN of several bills: when none of it is added to the amounts, the customer should not think
// it comes on top of the total.
std::string Tax(int64_t added, int64_t included) {
  std::string text = RupiahOrEmpty(added + included);
  if (added == 0 && included != 0) text += std::string(" (") + i18n::kBillLineTaxIncluded + ")";
  return text;
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

std::string FormatBillLine(const BillLine& line) {
  std::string label = line.note.empty() ? line.label : line.label + " (" + line.note + ")";
  if (line.qty > 0) {
    return domain::FormatThousands(line.qty) + " x " + label + " @ " +
           domain::FormatRupiah(line.unit_price) + " = " +
           domain::FormatRupiah(line.qty * line.unit_price);
  }
  return label + " = " + domain::FormatRupiah(line.amount);
}

PlaceholderValues ValuesFor(const MessageFacts& facts) {
  std::vector<std::string> invoice_numbers;
  for (const auto& number : facts.invoice_numbers) {
    if (!number.empty()) invoice_numbers.push_back(number);
  }
  std::vector<std::string> bill_lines;
  for (const auto& line : facts.bill_lines) bill_lines.push_back(FormatBillLine(line));
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
      {"no_invoice", Join(invoice_numbers, ", ")},
      {"rincian", Join(bill_lines, "\n")},
      {"diskon", RupiahOrEmpty(facts.discount)},
      {"ppn", Tax(facts.tax_added, facts.tax_included)},
  };
  if (facts.pay_link) values[domain::kPayLinkPlaceholder] = *facts.pay_link;
  if (facts.reason) {
    values[domain::kReasonPlaceholder] = facts.reason->empty() ? "-" : *facts.reason;
  }
  return values;
}

std::string Render(const std::string& text, const PlaceholderValues& values,
                   const std::string& field) {
  std::vector<std::string> kept;
  // Lines were left out since the last kept one: a blank line after them may be doubled.
  bool left_out = false;
  size_t line_start = 0;
  while (line_start <= text.size()) {
    size_t line_end = text.find('\n', line_start);
    if (line_end == std::string::npos) line_end = text.size();
    std::string line;
    bool has_placeholder = false;
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
      line.append(text, pos, open - pos);
      line += value->second;
      has_placeholder = true;
      all_empty = all_empty && value->second.empty();
      pos = close + 1;
    }
    line.append(text, pos, line_end - pos);
    line_start = line_end + 1;
    if (has_placeholder && all_empty) {
      left_out = true;
      continue;
    }
    if (left_out && IsBlank(line) && (kept.empty() || IsBlank(kept.back()))) continue;
    kept.push_back(std::move(line));
    left_out = false;
  }
  if (left_out && !kept.empty() && IsBlank(kept.back())) kept.pop_back();
  return Join(kept, "\n");
}

std::vector<std::string> EmptyPlaceholders(const std::string& text,
                                           const PlaceholderValues& values) {
  std::vector<std::string> empty;
  size_t pos = 0;
  while (true) {
    size_t open = text.find('{', pos);
    if (open == std::string::npos) break;
    size_t close = text.find('}', open);
    if (close == std::string::npos) break;
    std::string name = text.substr(open + 1, close - open - 1);
    auto value = values.find(name);
    if (value != values.end() && value->second.empty() &&
        std::find(empty.begin(), empty.end(), name) == empty.end()) {
      empty.push_back(std::move(name));
    }
    pos = close + 1;
  }
  return empty;
}

}  // namespace billing::messaging
