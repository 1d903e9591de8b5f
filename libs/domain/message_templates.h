// The message kinds that have a template and the {placeholders} each template may use: billing
// validates templates with them and serves them to the web, messaging fills them in.
#pragma once

#include <array>
#include <string>
#include <string_view>
#include <vector>

namespace billing::domain {

// The keys of settings.templates, in the order of messaging's MessageKind.
inline constexpr std::array<const char*, 6> kTemplateKinds = {
    "internet_bill", "gas_invoice", "reminder", "receipt", "isolir", "reconnect"};

// Every kind has these. {no_invoice}, {rincian}, {diskon} and {ppn} describe the bills a message
// is about (their invoice numbers; one line per bill line: package, item, installation fee,
// discount, PPN; the discounts' sum; the PPN's sum); each is empty when there is none.
inline constexpr std::array<const char*, 14> kCommonPlaceholders = {
    "nama",      "username",   "password", "paket",      "periode", "total",  "jatuh_tempo",
    "tunggakan", "nama_usaha", "rekening", "no_invoice", "rincian", "diskon", "ppn"};

// The network notices (isolir / reconnect) also have the reason.
inline constexpr const char* kReasonPlaceholder = "alasan";

// The customer's online pay / Cek Tagihan link (from the payment service): the kinds that ask
// for money have it. Like every line whose placeholders all come out empty, a line that holds
// only it is dropped when online payment is off.
inline constexpr const char* kPayLinkPlaceholder = "link_bayar";

inline bool IsNoticeKind(std::string_view kind) { return kind == "isolir" || kind == "reconnect"; }

inline bool HasPayLink(std::string_view kind) {
  return kind == "internet_bill" || kind == "gas_invoice" || kind == "reminder" || kind == "isolir";
}

inline std::vector<std::string> TemplatePlaceholders(std::string_view kind) {
  std::vector<std::string> names(kCommonPlaceholders.begin(), kCommonPlaceholders.end());
  if (IsNoticeKind(kind)) names.emplace_back(kReasonPlaceholder);
  if (HasPayLink(kind)) names.emplace_back(kPayLinkPlaceholder);
  return names;
}

}  // namespace billing::domain
