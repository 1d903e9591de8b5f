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

// Every kind has these.
inline constexpr std::array<const char*, 10> kCommonPlaceholders = {
    "nama",  "username",    "password",  "paket",      "periode",
    "total", "jatuh_tempo", "tunggakan", "nama_usaha", "rekening"};

// The network notices (isolir / reconnect) also have the reason.
inline constexpr const char* kReasonPlaceholder = "alasan";

inline bool IsNoticeKind(std::string_view kind) { return kind == "isolir" || kind == "reconnect"; }

inline std::vector<std::string> TemplatePlaceholders(std::string_view kind) {
  std::vector<std::string> names(kCommonPlaceholders.begin(), kCommonPlaceholders.end());
  if (IsNoticeKind(kind)) names.emplace_back(kReasonPlaceholder);
  return names;
}

}  // namespace billing::domain
