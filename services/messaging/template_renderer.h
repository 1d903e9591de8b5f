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
// set, otherwise a line with its amount: a package or whole bill ("Internet Paket 10 Mbps 2026-10
// = Rp 150.000"), an installation fee, a discount ("Diskon 10% = -Rp 15.000"), PPN.
struct BillLine {
  std::string label;
  int64_t qty = 0;
  int64_t unit_price = 0;  // Rupiah, with qty (the line then costs qty x unit_price)
  int64_t amount = 0;      // Rupiah, without qty; negative for a discount
  std::string note;        // after the label in parentheses: "pro rata 11/30 hari"
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
  int64_t discount = 0;                      // Rupiah taken off the bills concerned: {diskon}
  // PPN of the bills concerned: {ppn}. Added to their amounts, or already inside their prices.
  int64_t tax_added = 0;
  int64_t tax_included = 0;
};

using PlaceholderValues = std::map<std::string, std::string>;

// {nama}, {username}, {password}, {paket}, {periode}, {total}, {jatuh_tempo}, {tunggakan},
// {nama_usaha}, {rekening}, {no_invoice} (joined with ", "), {rincian} (one bill line a line),
// {diskon} and {ppn} ("" when 0; PPN that is all included in the prices says so:
// "Rp 16.500 (sudah termasuk)"), {link_bayar} when the facts have a pay link, formatted for
// people (Rupiah, Indonesian dates), and {alasan} when the facts have a reason ("-" when it is
// empty).
PlaceholderValues ValuesFor(const MessageFacts& facts);

// "2 x LPG 3 kg @ Rp 22.000 = Rp 44.000", "Internet Paket 10 Mbps 2026-11 (pro rata 11/30 hari)
// = Rp 55.000" or "Diskon 10% = -Rp 15.000".
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
