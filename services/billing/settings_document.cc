// Settings validation: a schema of allowed keys and checks, walked over the merged document.
#include "settings_document.h"

#include <algorithm>
#include <functional>
#include <map>

#include <google/protobuf/util/json_util.h>

#include "domain/message_templates.h"
#include "domain/period.h"
#include "i18n/messages.h"

namespace billing::bills {
namespace {

using nlohmann::json;
using Check = std::function<const char*(const json&)>;  // message or nullptr when fine

constexpr const char* kSecretMask = "***";
const std::vector<std::string> kSecretPaths = {"whatsapp.token"};

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

std::map<std::string, Check> TemplateChecks() {
  std::map<std::string, Check> checks;
  for (const char* kind : domain::kTemplateKinds) checks.emplace(kind, Template(kind));
  return checks;
}

const std::map<std::string, std::map<std::string, Check>>& Schema() {
  static const auto* kSchema = new std::map<std::string, std::map<std::string, Check>>{
      {"business",
       {{"name", Text(100)}, {"address", Text(300)}, {"phone", Text(30)}, {"logo_url", Url()}}},
      {"billing",
       {{"run_day", Integer(1, 28)},
        {"grace_days", Integer(0, 60)},
        {"timezone", TimeZone()},
        {"auto_run", Boolean()}}},
      {"templates", TemplateChecks()},
      {"whatsapp",
       {{"provider", OneOf({"none", "cloud", "gateway", "custom"})},
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
        {"send_receipt", Boolean()}}},
  };
  return *kSchema;
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
       {{"run_day", 1}, {"grace_days", 7}, {"timezone", "Asia/Jakarta"}, {"auto_run", true}}},
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
  };
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
    if (!value.is_object()) {
      fields.emplace(section, i18n::kWrongType);
      continue;
    }
    for (const auto& [key, item] : value.items()) {
      std::string path = section + "." + key;
      auto check = schema->second.find(key);
      if (check == schema->second.end()) {
        fields.emplace(path, i18n::kUnknownKey);
        continue;
      }
      bool is_secret =
          std::find(kSecretPaths.begin(), kSecretPaths.end(), path) != kSecretPaths.end();
      if (is_secret && item == kSecretMask) continue;  // shown masked, sent back unchanged
      if (const char* problem = check->second(item)) {
        fields.emplace(path, problem);
        continue;
      }
      merged[section][key] = item;
    }
  }
  if (!fields.empty()) throw errors::InvalidArgument(i18n::kValidationFailed, fields);
  return merged;
}

json MaskSecrets(json document) {
  for (const auto& path : kSecretPaths) {
    auto dot = path.find('.');
    json& value = document[path.substr(0, dot)][path.substr(dot + 1)];
    if (value.is_string() && !value.get<std::string>().empty()) value = kSecretMask;
  }
  return document;
}

}  // namespace billing::bills
