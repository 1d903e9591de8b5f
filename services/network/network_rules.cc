// Router and policy validation; messages from the Indonesian catalogue.
#include "network_rules.h"

#include <algorithm>
#include <cctype>

#include "domain/text.h"
#include "errors/error.h"
#include "events/outbox.h"
#include "i18n/messages.h"

namespace billing::network {
namespace {

using domain::Trim;

constexpr int kRouterOsPort = 8728;
constexpr int kRouterOsTlsPort = 8729;
constexpr int kRadiusCoaPort = 3799;  // RFC 5176

bool HasControl(const std::string& text) {
  return std::any_of(text.begin(), text.end(),
                     [](unsigned char c) { return c < 0x20 || c == 0x7F; });
}

// A name RouterOS/RADIUS accepts for profiles, pools and address lists: 1..60 printable
// characters (or empty where allowed).
bool IsName(const std::string& text, bool allow_empty) {
  if (text.empty()) return allow_empty;
  return text.size() <= 60 && !HasControl(text);
}

// IPv4, IPv6 (without brackets) or a DNS name: letters, digits, '-', '.', ':' and '_' only.
bool IsHost(const std::string& host) {
  if (host.empty() || host.size() > 253) return false;
  return std::all_of(host.begin(), host.end(), [](unsigned char c) {
    return std::isalnum(c) || c == '-' || c == '.' || c == ':' || c == '_';
  });
}

// Where the stored password/secret would be sent: host, port, TLS and kind.
bool DestinationChanged(const RouterData& before, const RouterData& after) {
  return before.host != after.host || before.port != after.port || before.tls != after.tls ||
         before.kind != after.kind;
}

void ThrowIfAny(const errors::FieldErrors& fields) {
  if (!fields.empty()) throw errors::InvalidArgument(i18n::kValidationFailed, fields);
}

}  // namespace

PolicyData MergePolicy(const PolicyData& before, const PolicyPatch& patch) {
  errors::FieldErrors fields;
  PolicyData data = before;
  if (patch.auto_isolir) data.auto_isolir = *patch.auto_isolir;
  if (patch.notify_whatsapp) data.notify_whatsapp = *patch.notify_whatsapp;
  if (patch.grace_days) data.grace_days = *patch.grace_days;
  if (data.grace_days < 0 || data.grace_days > 60) {
    fields.emplace("grace_days", i18n::kInvalidGraceDays);
  }
  if (patch.check_minutes) data.check_minutes = *patch.check_minutes;
  if (data.check_minutes < 5 || data.check_minutes > 1440) {
    fields.emplace("check_minutes", i18n::kInvalidCheckMinutes);
  }
  if (patch.isolir_pool) data.isolir_pool = Trim(*patch.isolir_pool);
  if (!IsName(data.isolir_pool, false)) fields.emplace("isolir_pool", i18n::kInvalidProfileName);
  if (patch.isolir_address_list) data.isolir_address_list = Trim(*patch.isolir_address_list);
  if (!IsName(data.isolir_address_list, false)) {
    fields.emplace("isolir_address_list", i18n::kInvalidProfileName);
  }
  ThrowIfAny(fields);
  return data;
}

RouterData MergeRouter(const RouterData& before, const RouterPatch& patch, bool creating) {
  errors::FieldErrors fields;
  RouterData data = before;
  if (patch.name) data.name = Trim(*patch.name);
  if (data.name.empty()) {
    fields.emplace("name", i18n::kFieldRequired);
  } else if (data.name.size() > 60 || HasControl(data.name)) {
    fields.emplace("name", i18n::kMaxChars60);
  }
  if (patch.kind) data.kind = *patch.kind;
  bool radius = data.kind == "radius";
  if (data.kind != "routeros" && !radius) fields.emplace("kind", i18n::kInvalidRouterKind);
  if (patch.host) data.host = Trim(*patch.host);
  if (!IsHost(data.host)) fields.emplace("host", i18n::kInvalidHost);
  if (patch.tls) data.tls = *patch.tls;
  if (radius && data.tls) fields.emplace("tls", i18n::kTlsRouterOsOnly);
  if (patch.port) {
    data.port = *patch.port;
  } else if (creating || (patch.kind && *patch.kind != before.kind) ||
             (patch.tls && *patch.tls != before.tls)) {
    data.port = radius ? kRadiusCoaPort : (data.tls ? kRouterOsTlsPort : kRouterOsPort);
  }
  if (data.port < 1 || data.port > 65535) fields.emplace("port", i18n::kInvalidPort);
  if (patch.username) data.username = Trim(*patch.username);
  bool fresh_password = patch.password && *patch.password != kMaskedSecret;
  bool fresh_secret = patch.secret && *patch.secret != kMaskedSecret;
  if (fresh_password) data.password = *patch.password;
  if (fresh_secret) data.secret = *patch.secret;
  if (!creating && DestinationChanged(before, data)) {
    // The stored credentials belong to the old destination: never send them to the new one.
    // The one the new kind uses must come with this request; the other is dropped.
    if (!fresh_password) data.password.clear();
    if (!fresh_secret) data.secret.clear();
    if (radius && !fresh_secret) fields.emplace("secret", i18n::kRouterSecretAgain);
    if (!radius && !fresh_password) fields.emplace("password", i18n::kRouterPasswordAgain);
  }
  if (radius) {
    if (data.secret.empty()) fields.emplace("secret", i18n::kRadiusSecretRequired);
  } else {
    if (data.username.empty()) fields.emplace("username", i18n::kFieldRequired);
    if (data.password.empty()) fields.emplace("password", i18n::kFieldRequired);
  }
  if (data.username.size() > 100 || HasControl(data.username)) {
    fields.emplace("username", i18n::kControlCharacters);
  }
  if (data.password.size() > 200 || HasControl(data.password)) {
    fields.emplace("password", i18n::kControlCharacters);
  }
  if (data.secret.size() > 200 || HasControl(data.secret)) {
    fields.emplace("secret", i18n::kControlCharacters);
  }
  if (patch.isolir_mode) data.isolir_mode = *patch.isolir_mode;
  if (data.isolir_mode != "profile" && data.isolir_mode != "disable") {
    fields.emplace("isolir_mode", i18n::kInvalidIsolirMode);
  }
  if (patch.isolir_profile) data.isolir_profile = Trim(*patch.isolir_profile);
  if (!IsName(data.isolir_profile, data.isolir_mode == "disable" || radius)) {
    fields.emplace("isolir_profile", i18n::kInvalidProfileName);
  }
  if (patch.enabled) data.enabled = *patch.enabled;
  ThrowIfAny(fields);
  return data;
}

nlohmann::json AuditFields(const RouterData& data) {
  return {{"name", data.name},
          {"kind", data.kind},
          {"host", data.host},
          {"port", data.port},
          {"tls", data.tls},
          {"username", data.username},
          {"password", Masked(data.password)},
          {"secret", Masked(data.secret)},
          {"isolir_mode", data.isolir_mode},
          {"isolir_profile", data.isolir_profile},
          {"enabled", data.enabled}};
}

nlohmann::json AuditFields(const PolicyData& data) {
  return {{"auto_isolir", data.auto_isolir},     {"grace_days", data.grace_days},
          {"check_minutes", data.check_minutes}, {"notify_whatsapp", data.notify_whatsapp},
          {"isolir_pool", data.isolir_pool},     {"isolir_address_list", data.isolir_address_list}};
}

nlohmann::json AuditDiff(const RouterData& before, const RouterData& after) {
  nlohmann::json diff = events::Diff(AuditFields(before), AuditFields(after));
  // A changed secret shows as changed, never as its value.
  if (before.password != after.password) diff["password"] = {{"changed", true}};
  if (before.secret != after.secret) diff["secret"] = {{"changed", true}};
  return diff;
}

nlohmann::json AuditDiff(const PolicyData& before, const PolicyData& after) {
  return events::Diff(AuditFields(before), AuditFields(after));
}

std::string Masked(const std::string& secret) { return secret.empty() ? "" : kMaskedSecret; }

StatusOrigin OriginAfterWrite(const std::optional<std::string>& before_status,
                              const StatusOrigin& before, const std::string& status,
                              const std::optional<StatusOrigin>& origin) {
  bool status_changed = !before_status || *before_status != status;
  StatusOrigin after = before_status ? before : StatusOrigin{};
  if (status_changed || origin) {
    after.isolated_by = status != "isolated" ? "" : (origin ? origin->isolated_by : "manual");
    if (after.isolated_by.empty() && status == "isolated") after.isolated_by = "manual";
    after.reason = origin ? origin->reason : "";
  }
  return after;
}

std::string LinkState(bool in_step, int attempts) {
  if (in_step) return "ok";
  return attempts > 0 ? "failed" : "pending";
}

bool SameOnRouters(const Subscriber& a, const Subscriber& b) {
  return a.username == b.username && a.password == b.password && a.profile == b.profile &&
         a.rate_limit == b.rate_limit && a.status == b.status && a.deleted == b.deleted;
}

std::chrono::milliseconds RetryDelay(std::optional<int> previous_attempts,
                                     std::chrono::milliseconds base,
                                     std::chrono::milliseconds ceiling) {
  if (!previous_attempts) return base;
  int doublings = std::clamp(*previous_attempts, 0, kMaxRetryDoublings);
  // base <= ceiling: doubling stops once past the ceiling (no overflow); otherwise the ceiling.
  int64_t delay = base.count();
  for (int i = 0; i < doublings && delay < ceiling.count(); ++i) delay *= 2;
  return std::chrono::milliseconds(std::min(delay, static_cast<int64_t>(ceiling.count())));
}

std::vector<int64_t> RetryDelaysMs(std::chrono::milliseconds base,
                                   std::chrono::milliseconds ceiling) {
  std::vector<int64_t> delays;
  delays.reserve(kMaxRetryDoublings + 1);
  for (int attempts = 0; attempts <= kMaxRetryDoublings; ++attempts) {
    delays.push_back(static_cast<int64_t>(RetryDelay(attempts, base, ceiling).count()));
  }
  return delays;
}

}  // namespace billing::network
