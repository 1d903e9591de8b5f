// Message kinds, the placeholder values of one message and template rendering (pure).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace billing::messaging {

enum class MessageKind { kInternetBill, kGasInvoice, kReminder, kReceipt, kIsolir, kReconnect };

// The network notices (isolir / reconnect): about the connection, not about bills.
bool IsNotice(MessageKind kind);

std::optional<MessageKind> ParseKind(const std::string& name);
const char* KindName(MessageKind kind);  // also the key of its text in settings.templates

// One line of {rincian}: an item bought ("2 x LPG 3 kg @ Rp 22.000 = Rp 44.000") when `qty` is
// set, otherwise a whole bill ("Internet Paket 10 Mbps 2026-10 = Rp 150.000").
struct BillLine {
  std::string label;
  int64_t qty = 0;
  int64_t unit_price = 0;  // Rupiah, with qty
  int64_t amount = 0;      // Rupiah, without qty
};

// What a message is about, already gathered from the customer and billing services.
struct MessageFacts {
  std::string customer_name;
  std::string pppoe_username;
  std::string pppoe_password;
  std::string package_name;
  std::vector<std::string> periods;  // YYYY-MM of the bills concerned
  int64_t total = 0;                 // Rupiah of the bills concerned
  std::string due_date;              // YYYY-MM-DD, the earliest of the bills concerned
  int64_t total_owed = 0;            // every unpaid bill of the customer (tunggakan)
  std::string business_name;
  nlohmann::json bank_accounts = nlohmann::json::array();  // [{bank, number, holder}]
  std::optional<std::string> reason;  // set for network notices only: gives {alasan}
  // Set for the kinds that ask for money (domain::HasPayLink): gives {link_bayar}, the
  // customer's pay / Cek Tagihan link ("" when there is none).
  std::optional<std::string> pay_link;
  std::vector<std::string> invoice_numbers;  // of the bills concerned: {no_invoice}
  std::vector<BillLine> bill_lines;          // of the bills concerned: {rincian}
};

using PlaceholderValues = std::map<std::string, std::string>;

// {nama}, {username}, {password}, {paket}, {periode}, {total}, {jatuh_tempo}, {tunggakan},
// {nama_usaha}, {rekening}, {no_invoice} (joined with ", "), {rincian} (one bill line a line),
// {link_bayar} when the facts have a pay link, formatted for people (Rupiah, Indonesian dates),
// and {alasan} when the facts have a reason ("-" when it is empty).
PlaceholderValues ValuesFor(const MessageFacts& facts);

// "2 x LPG 3 kg @ Rp 22.000 = Rp 44.000" or "Internet Paket 10 Mbps 2026-10 = Rp 150.000".
std::string FormatBillLine(const BillLine& line);

// "2026-10-15" -> "15 Oktober 2026"; anything else is returned unchanged.
std::string FormatDate(const std::string& date);

// Replaces every {name}. An unknown or unclosed placeholder throws invalid_argument with
// `field` (e.g. "templates.reminder") as the field in error. A line whose placeholders all come
// out empty is left out with its line break ("Transfer ke {rekening}" without a bank account,
// "Bayar online: {link_bayar}" while online payment is off), so no sentence is left dangling; a
// line without placeholders always stays. A blank line that the lines left out would leave
// next to another blank line, or at the start or end of the message, goes with them.
std::string Render(const std::string& text, const PlaceholderValues& values,
                   const std::string& field);

// The placeholders `text` uses whose value is empty, in the order they first appear, each once
// (what a preview warns staff of). Unknown and unclosed placeholders are skipped: Render
// reports them.
std::vector<std::string> EmptyPlaceholders(const std::string& text,
                                           const PlaceholderValues& values);

}  // namespace billing::messaging
