// Settings validation: a schema of allowed keys and checks, walked over the merged document.
#include "settings_document.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <memory>

#include <google/protobuf/util/json_util.h>

#include "domain/message_templates.h"
#include "domain/period.h"
#include "i18n/messages.h"

namespace billing::bills {
namespace {

using nlohmann::json;
using Check = std::function<const char*(const json&)>;  // message or nullptr when fine

constexpr const char* kSecretMask = "***";
// Dotted paths of the secrets: masked for people, revealed only to the service that uses them
// (the path's first segment is the section of the service that uses it, MaskSecrets).
const std::vector<std::string> kSecretPaths = {"whatsapp.token",
                                               "payment.tripay.api_key",
                                               "payment.tripay.private_key",
                                               "payment.midtrans.server_key",
                                               "payment.xendit.secret_key",
                                               "payment.xendit.callback_token"};

bool IsSecret(const std::string& path) {
  return std::find(kSecretPaths.begin(), kSecretPaths.end(), path) != kSecretPaths.end();
}

json::json_pointer PointerOf(const std::string& path) {
  std::string pointer = "/" + path;
  std::replace(pointer.begin(), pointer.end(), '.', '/');
  return json::json_pointer(pointer);
}

Check Text(size_t max_length) {
  return [max_length](const json& value) -> const char* {
    if (!value.is_string()) return i18n::kWrongType;
    const auto& text = value.get_ref<const std::string&>();
    if (text.size() > max_length) return i18n::kTextTooLong;
    for (unsigned char c : text) {
      if (c < 0x20 && c != '\n' && c != '\r' && c != '\t') return i18n::kWrongType;
    }
    return nullptr;
  };
}

Check Url() {
  return [](const json& value) -> const char* {
    if (!value.is_string()) return i18n::kWrongType;
    const auto& text = value.get_ref<const std::string&>();
    if (text.empty()) return nullptr;
    bool http = text.rfind("http://", 0) == 0 || text.rfind("https://", 0) == 0;
    if (!http || text.size() > 500 || text.find_first_of(" \n\r\t") != std::string::npos) {
      return i18n::kInvalidUrl;
    }
    return nullptr;
  };
}

// An absolute http(s) URL with a host and without query or fragment (the payment service
// appends paths to it).
Check BaseUrl() {
  return [](const json& value) -> const char* {
    if (const char* problem = Url()(value)) return problem;
    const auto& text = value.get_ref<const std::string&>();
    if (text.empty()) return nullptr;
    size_t host = text.find("://") + 3;
    if (host >= text.size() || text[host] == '/' || text.find_first_of("?#") != std::string::npos) {
      return i18n::kInvalidBaseUrl;
    }
    return nullptr;
  };
}

Check Integer(int64_t min, int64_t max) {
  return [min, max](const json& value) -> const char* {
    if (!value.is_number_integer()) return i18n::kWrongType;
    int64_t number = value.get<int64_t>();
    return number < min || number > max ? i18n::kOutOfRange : nullptr;
  };
}

Check Boolean() {
  return [](const json& value) -> const char* {
    return value.is_boolean() ? nullptr : i18n::kWrongType;
  };
}

Check OneOf(std::vector<std::string> choices) {
  return [choices](const json& value) -> const char* {
    if (!value.is_string()) return i18n::kWrongType;
    for (const auto& choice : choices) {
      if (value.get<std::string>() == choice) return nullptr;
    }
    return i18n::kInvalidChoice;
  };
}

// A percentage above 0 and at most 100 with at most two decimals (PPN 11, 11.5, 12).
Check TaxRate() {
  return [](const json& value) -> const char* {
    if (!value.is_number()) return i18n::kWrongType;
    double rate = value.get<double>();
    double hundredths = rate * 100;
    if (!(rate > 0 && rate <= 100) || std::abs(hundredths - std::round(hundredths)) > 1e-6) {
      return i18n::kInvalidTaxRate;
    }
    return nullptr;
  };
}

Check TimeZone() {
  return [](const json& value) -> const char* {
    if (!value.is_string()) return i18n::kWrongType;
    return domain::IsSupportedTimeZone(value.get<std::string>()) ? nullptr : i18n::kInvalidTimeZone;
  };
}

bool IsPlaceholderOf(const std::string& kind, const std::string& name) {
  const auto placeholders = TemplatePlaceholders(kind);
  return std::find(placeholders.begin(), placeholders.end(), name) != placeholders.end();
}

Check Template(const std::string& kind) {
  return [kind](const json& value) -> const char* {
    if (const char* problem = Text(2000)(value)) return problem;
    const auto& text = value.get_ref<const std::string&>();
    for (size_t open = text.find('{'); open != std::string::npos; open = text.find('{', open + 1)) {
      size_t close = text.find('}', open);
      if (close == std::string::npos) return i18n::kUnknownPlaceholder;
      if (!IsPlaceholderOf(kind, text.substr(open + 1, close - open - 1))) {
        return i18n::kUnknownPlaceholder;
      }
    }
    return nullptr;
  };
}

// invoice.pattern: printable text of at most 40 characters whose {...} are {YYYY}, {YY}, {MM}
// and exactly one {SEQ} or {SEQ:n} (n = 1..8), as migration 0006's trigger renders it.
Check InvoicePattern() {
  return [](const json& value) -> const char* {
    if (!value.is_string()) return i18n::kWrongType;
    const auto& text = value.get_ref<const std::string&>();
    if (text.size() > 40) return i18n::kTextTooLong;
    int sequences = 0;
    for (size_t i = 0; i < text.size(); ++i) {
      auto c = static_cast<unsigned char>(text[i]);
      if (c < 0x21 || c > 0x7e) return i18n::kInvalidInvoicePattern;  // ASCII, no spaces
      if (c == '}') return i18n::kInvalidInvoicePattern;
      if (c != '{') continue;
      size_t close = text.find('}', i);
      if (close == std::string::npos) return i18n::kInvalidInvoicePattern;
      std::string token = text.substr(i + 1, close - i - 1);
      bool sequence = token == "SEQ" || (token.size() == 5 && token.rfind("SEQ:", 0) == 0 &&
                                         token[4] >= '1' && token[4] <= '8');
      if (sequence) {
        ++sequences;
      } else if (token != "YYYY" && token != "YY" && token != "MM") {
        return i18n::kInvalidInvoicePattern;
      }
      i = close;
    }
    return sequences == 1 ? nullptr : i18n::kInvalidInvoicePattern;
  };
}

// whatsapp.cloud_templates: {kind: {name, language, parameters: [placeholder, ...]}}, the
// approved Cloud API template to use per message kind instead of free text.
Check CloudTemplates() {
  return [](const json& value) -> const char* {
    if (!value.is_object()) return i18n::kWrongType;
    for (const auto& [kind, entry] : value.items()) {
      if (std::find(domain::kTemplateKinds.begin(), domain::kTemplateKinds.end(), kind) ==
          domain::kTemplateKinds.end()) {
        return i18n::kUnknownKey;
      }
      if (!entry.is_object()) return i18n::kWrongType;
      for (const auto& [key, item] : entry.items()) {
        if (key == "name" || key == "language") {
          if (const char* problem = Text(key == "name" ? 512 : 16)(item)) return problem;
        } else if (key == "parameters") {
          if (!item.is_array() || item.size() > 20) return i18n::kWrongType;
          for (const auto& name : item) {
            if (!name.is_string()) return i18n::kWrongType;
            if (!IsPlaceholderOf(kind, name.get<std::string>())) return i18n::kUnknownPlaceholder;
          }
        } else {
          return i18n::kUnknownKey;
        }
      }
    }
    return nullptr;
  };
}

// A key of the document: a value with its check, or an object of further keys.
struct Node {
  Check check;
  std::shared_ptr<const std::map<std::string, Node>> children;
};
using Nodes = std::map<std::string, Node>;

Node Leaf(Check check) { return {std::move(check), nullptr}; }
Node Object(Nodes children) {
  return {nullptr, std::make_shared<const Nodes>(std::move(children))};
}
Node Object(const std::map<std::string, Check>& checks) {
  Nodes children;
  for (const auto& [key, check] : checks) children.emplace(key, Leaf(check));
  return Object(std::move(children));
}

std::map<std::string, Check> TemplateChecks() {
  std::map<std::string, Check> checks;
  for (const char* kind : domain::kTemplateKinds) checks.emplace(kind, Template(kind));
  return checks;
}

Node PaymentSchema() {
  return Object(Nodes{
      {"provider", Leaf(OneOf({"none", "tripay", "midtrans", "xendit"}))},
      {"mode", Leaf(OneOf({"sandbox", "production"}))},
      {"fee_mode", Leaf(OneOf({"absorbed", "customer"}))},
      {"customer_fee", Leaf(Integer(0, 100000))},
      {"public_url", Leaf(BaseUrl())},
      {"link_hours", Leaf(Integer(1, 168))},
      {"tripay", Object(std::map<std::string, Check>{{"api_base_url", BaseUrl()},
                                                     {"merchant_code", Text(64)},
                                                     {"api_key", Text(500)},
                                                     {"private_key", Text(500)},
                                                     {"method", Text(32)}})},
      {"midtrans",
       Object(std::map<std::string, Check>{
           {"snap_base_url", BaseUrl()}, {"core_base_url", BaseUrl()}, {"server_key", Text(500)}})},
      {"xendit",
       Object(std::map<std::string, Check>{
           {"api_base_url", BaseUrl()}, {"secret_key", Text(500)}, {"callback_token", Text(500)}})},
  });
}

const Nodes& Schema() {
  static const auto* kSchema = new Nodes{
      {"business",
       Object(std::map<std::string, Check>{
           {"name", Text(100)}, {"address", Text(300)}, {"phone", Text(30)}, {"logo_url", Url()}})},
      {"billing", Object(std::map<std::string, Check>{{"run_day", Integer(1, 28)},
                                                      {"grace_days", Integer(0, 60)},
                                                      {"timezone", TimeZone()},
                                                      {"auto_run", Boolean()},
                                                      {"prorata_first_month", Boolean()}})},
      {"templates", Object(TemplateChecks())},
      {"whatsapp", Object(std::map<std::string, Check>{
                       {"provider", OneOf({"none", "cloud", "gateway", "custom", "linked"})},
                       {"base_url", Url()},
                       {"token", Text(1000)},
                       {"phone_number_id", Text(64)},
                       {"api_version", Text(16)},
                       {"url_template", Text(1000)},
                       {"custom_method", OneOf({"GET", "POST"})},
                       {"cloud_templates", CloudTemplates()},
                       {"pace_ms", Integer(1500, 60000)},
                       {"reminder_days_before", Integer(0, 30)},
                       {"remind_overdue", Boolean()},
                       {"send_receipt", Boolean()}})},
      {"payment", PaymentSchema()},
      {"invoice", Object(std::map<std::string, Check>{{"pattern", InvoicePattern()}})},
      {"receipt", Object(std::map<std::string, Check>{{"width", OneOf({"58", "80"})},
                                                      {"footer", Text(120)},
                                                      {"auto_print", Boolean()}})},
      {"tax", Object(std::map<std::string, Check>{{"enabled", Boolean()},
                                                  {"rate", TaxRate()},
                                                  {"mode", OneOf({"added", "included"})},
                                                  {"on_gas", Boolean()},
                                                  {"label", Text(20)}})},
      {"shop", Object(std::map<std::string, Check>{{"nik_monthly_limit", Integer(0, 1000)}})},
  };
  return *kSchema;
}

// Merges `value` at `path` into `target` by `node`: objects key by key, values checked.
void MergeNode(const std::string& path, const Node& node, const json& value, json& target,
               errors::FieldErrors& fields) {
  if (node.children) {
    if (!value.is_object()) {
      fields.emplace(path, i18n::kWrongType);
      return;
    }
    for (const auto& [key, item] : value.items()) {
      auto child = node.children->find(key);
      if (child == node.children->end()) {
        fields.emplace(path + "." + key, i18n::kUnknownKey);
        continue;
      }
      MergeNode(path + "." + key, child->second, item, target[key], fields);
    }
    return;
  }
  if (IsSecret(path) && value == kSecretMask) return;  // shown masked, sent back unchanged
  if (const char* problem = node.check(value)) {
    fields.emplace(path, problem);
    return;
  }
  target = value;
}

// A provider other than "none" needs its keys and the public address (callbacks, links).
void CheckPaymentProvider(const json& payment, errors::FieldErrors& fields) {
  static const std::map<std::string, std::vector<std::string>> kRequired = {
      {"tripay", {"tripay.merchant_code", "tripay.api_key", "tripay.private_key"}},
      {"midtrans", {"midtrans.server_key"}},
      {"xendit", {"xendit.secret_key", "xendit.callback_token"}},
  };
  auto required = kRequired.find(payment.value("provider", "none"));
  if (required == kRequired.end()) return;
  auto missing = [&](const std::string& key) {
    auto pointer = PointerOf(key);
    return !payment.contains(pointer) || !payment[pointer].is_string() ||
           payment[pointer].get<std::string>().empty();
  };
  for (const auto& key : required->second) {
    if (missing(key)) fields.emplace("payment." + key, i18n::kPaymentKeyRequired);
  }
  if (missing("public_url")) fields.emplace("payment.public_url", i18n::kPaymentPublicUrlRequired);
}

void CheckBankAccounts(const json& accounts, errors::FieldErrors& fields) {
  if (!accounts.is_array()) {
    fields.emplace("bank_accounts", i18n::kWrongType);
    return;
  }
  if (accounts.size() > 10) fields.emplace("bank_accounts", i18n::kTooManyItems);
  for (size_t i = 0; i < accounts.size(); ++i) {
    std::string prefix = "bank_accounts." + std::to_string(i) + ".";
    const json& account = accounts[i];
    if (!account.is_object()) {
      fields.emplace("bank_accounts." + std::to_string(i), i18n::kWrongType);
      continue;
    }
    for (const auto& [key, value] : account.items()) {
      if (key != "bank" && key != "number" && key != "holder") {
        fields.emplace(prefix + key, i18n::kUnknownKey);
      } else if (const char* problem = Text(100)(value)) {
        fields.emplace(prefix + key, problem);
      } else if (value.get<std::string>().empty()) {
        fields.emplace(prefix + key, i18n::kFieldRequired);
      }
    }
    for (const char* key : {"bank", "number", "holder"}) {
      if (!account.contains(key)) fields.emplace(prefix + key, i18n::kFieldRequired);
    }
  }
}

}  // namespace

std::vector<std::string> TemplatePlaceholders(const std::string& kind) {
  return domain::TemplatePlaceholders(kind);
}

v1::Settings ToSettings(const json& document) {
  v1::Settings settings;
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = true;  // a key only an older version wrote (or a restore)
  auto status = google::protobuf::util::JsonStringToMessage(document.dump(), &settings, options);
  if (!status.ok()) {
    throw errors::Internal("settings document does not fit the Settings message: " +
                           std::string(status.message()));
  }
  return settings;
}

v1::SettingsSchema DescribeSettings() {
  v1::SettingsSchema schema;
  *schema.mutable_defaults() = ToSettings(DefaultSettings());
  for (const char* kind : domain::kTemplateKinds) {
    v1::TemplateKind* entry = schema.add_template_kinds();
    entry->set_kind(kind);
    for (const auto& name : TemplatePlaceholders(kind)) entry->add_placeholders(name);
  }
  for (const auto& zone : domain::SupportedTimeZones()) schema.add_time_zones(zone);
  return schema;
}

json OverDefaults(const json& stored) {
  json document = DefaultSettings();
  if (stored.is_object()) document.merge_patch(stored);
  return document;
}

const std::string& DefaultTimeZone() {
  static const std::string* kZone =
      new std::string(DefaultSettings()["billing"]["timezone"].get<std::string>());
  return *kZone;
}

json DefaultSettings() {
  return {
      {"business", {{"name", ""}, {"address", ""}, {"phone", ""}, {"logo_url", ""}}},
      {"bank_accounts", json::array()},
      {"billing",
       {{"run_day", 1},
        {"grace_days", 7},
        {"timezone", "Asia/Jakarta"},
        {"auto_run", true},
        {"prorata_first_month", false}}},
      {"templates",
       {{"internet_bill", i18n::kTemplateInternetBill},
        {"gas_invoice", i18n::kTemplateGasInvoice},
        {"reminder", i18n::kTemplateReminder},
        {"receipt", i18n::kTemplateReceipt},
        {"isolir", i18n::kTemplateIsolir},
        {"reconnect", i18n::kTemplateReconnect}}},
      {"whatsapp",
       {{"provider", "none"},
        {"base_url", ""},
        {"token", ""},
        {"phone_number_id", ""},
        {"api_version", "v21.0"},
        {"url_template", ""},
        {"custom_method", "GET"},
        {"cloud_templates", json::object()},
        {"pace_ms", 1500},
        {"reminder_days_before", 3},
        {"remind_overdue", true},
        {"send_receipt", true}}},
      {"payment",
       {{"provider", "none"},
        {"mode", "sandbox"},
        {"fee_mode", "absorbed"},
        {"customer_fee", 0},
        {"public_url", ""},
        {"link_hours", 24},
        {"tripay",
         {{"api_base_url", ""},
          {"merchant_code", ""},
          {"api_key", ""},
          {"private_key", ""},
          {"method", "QRIS"}}},
        {"midtrans", {{"snap_base_url", ""}, {"core_base_url", ""}, {"server_key", ""}}},
        {"xendit", {{"api_base_url", ""}, {"secret_key", ""}, {"callback_token", ""}}}}},
      {"invoice", {{"pattern", "INV/{YYYY}/{MM}/{SEQ:4}"}}},
      {"receipt",
       {{"width", "58"}, {"footer", i18n::kDefaultReceiptFooter}, {"auto_print", false}}},
      {"tax",
       {{"enabled", false}, {"rate", 11}, {"mode", "added"}, {"on_gas", false}, {"label", "PPN"}}},
      {"shop", {{"nik_monthly_limit", 0}}},
  };
}

BillTerms BillTermsOf(const json& document) {
  BillTerms terms;
  static const json* kDefaults = new json(DefaultSettings());
  json billing = (*kDefaults)["billing"];
  json tax = (*kDefaults)["tax"];
  if (document.contains("billing") && document["billing"].is_object()) {
    billing.merge_patch(document["billing"]);
  }
  if (document.contains("tax") && document["tax"].is_object()) tax.merge_patch(document["tax"]);
  terms.prorata_first_month = billing.value("prorata_first_month", false);
  terms.tax.enabled = tax.value("enabled", false);
  terms.tax.rate_bp = std::llround(tax.value("rate", 0.0) * 100);
  terms.tax.included = tax.value("mode", "added") == "included";
  terms.tax.on_gas = tax.value("on_gas", false);
  terms.tax.label = tax.value("label", "PPN");
  if (terms.tax.label.empty()) terms.tax.label = "PPN";
  return terms;
}

BillTerms BillTermsOf(const v1::Settings& settings) {
  BillTerms terms;
  terms.prorata_first_month = settings.billing().prorata_first_month();
  terms.tax.enabled = settings.tax().enabled();
  terms.tax.rate_bp = std::llround(settings.tax().rate() * 100);
  terms.tax.included = settings.tax().mode() == "included";
  terms.tax.on_gas = settings.tax().on_gas();
  if (!settings.tax().label().empty()) terms.tax.label = settings.tax().label();
  return terms;
}

json MergeSettings(const json& current, const json& patch) {
  errors::FieldErrors fields;
  if (!patch.is_object()) throw errors::InvalidArgument(i18n::kJsonObjectExpected);
  json merged = current;
  for (const auto& [section, value] : patch.items()) {
    if (section == "bank_accounts") {
      CheckBankAccounts(value, fields);
      merged[section] = value;
      continue;
    }
    auto schema = Schema().find(section);
    if (schema == Schema().end()) {
      fields.emplace(section, i18n::kUnknownKey);
      continue;
    }
    MergeNode(section, schema->second, value, merged[section], fields);
  }
  if (patch.contains("payment") && merged["payment"].is_object()) {
    json& public_url = merged["payment"]["public_url"];
    if (public_url.is_string()) {
      std::string url = public_url.get<std::string>();
      while (!url.empty() && url.back() == '/') url.pop_back();
      public_url = url;
    }
    if (fields.empty()) CheckPaymentProvider(merged["payment"], fields);
  }
  if (!fields.empty()) throw errors::InvalidArgument(i18n::kValidationFailed, fields);
  return merged;
}

json MaskSecrets(json document, const std::string& reveal_section) {
  for (const auto& path : kSecretPaths) {
    if (!reveal_section.empty() && path.rfind(reveal_section + ".", 0) == 0) continue;
    auto pointer = PointerOf(path);
    if (!document.contains(pointer)) continue;
    json& value = document[pointer];
    if (value.is_string() && !value.get<std::string>().empty()) value = kSecretMask;
  }
  return document;
}

}  // namespace billing::bills
