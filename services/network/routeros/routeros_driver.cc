#include "routeros/routeros_driver.h"

#include <cerrno>
#include <string>
#include <utility>
#include <vector>

#include "i18n/messages.h"

namespace billing::network::routeros {
namespace {

using Kind = ConnectionError::Kind;

// Why the connection failed, in words for staff (the detail may be technical English).
std::string Reason(const ConnectionError& e) {
  switch (e.kind()) {
    case Kind::kTimeout:
      return i18n::kRouterNoReply;
    case Kind::kClosed:
      return i18n::kRouterClosedConnection;
    case Kind::kFatal:
      return std::string(i18n::kRouterEndedSession) + (e.detail().empty() ? "" : ": " + e.detail());
    case Kind::kTls:
      return std::string(i18n::kRouterTlsFailed) + " (" + e.detail() + ")";
    case Kind::kProtocol:
      return i18n::kRouterBadReply;
    case Kind::kResolve:
      return std::string(i18n::kRouterUnknownHost) + " (" + e.detail() + ")";
    case Kind::kConnect:
      if (e.sys_errno() == ECONNREFUSED) return i18n::kRouterConnectionRefused;
      if (e.sys_errno() == EHOSTUNREACH || e.sys_errno() == ENETUNREACH) {
        return std::string(i18n::kRouterHostUnreachable) + " (" + e.detail() + ")";
      }
      return std::string(i18n::kRouterSocketError) + " (" + e.detail() + ")";
    case Kind::kLoginRejected:
      return e.detail();
    case Kind::kIo:
      return std::string(i18n::kRouterSocketError) + " (" + e.detail() + ")";
  }
  return e.detail();
}

NetworkError OpenError(const ConnectionError& e) {
  if (e.kind() == Kind::kLoginRejected) {
    return NetworkError(i18n::kRouterLoginRejected + e.detail(), true);
  }
  return NetworkError(i18n::kRouterUnreachable + Reason(e), true);
}

bool IsTrue(const std::string& value) { return value == "true" || value == "yes"; }

std::string Field(const Row& row, const std::string& name) {
  const auto it = row.find(name);
  return it == row.end() ? std::string() : it->second;
}

// What the secret should look like for the subscriber's status on this router.
struct Wanted {
  std::string profile;
  bool disabled = false;
};

Wanted WantedFor(const Subscriber& desired, const RouterConfig& router) {
  const std::string package_profile = desired.profile.empty() ? "default" : desired.profile;
  if (desired.status == "active") return {package_profile, false};
  if (desired.status == "isolated") {
    if (router.isolir_mode == "disable") return {package_profile, true};
    return {router.isolir_profile.empty() ? "isolir" : router.isolir_profile, false};
  }
  return {package_profile, true};  // inactive (and anything unknown): no access
}

std::string CommentFor(int64_t customer_id) { return kCommentPrefix + std::to_string(customer_id); }

// A secret another customer of ours owns (marked with their billing comment).
bool OwnedByOther(const Row& secret, int64_t customer_id) {
  const std::string comment = Field(secret, "comment");
  return comment.starts_with(kCommentPrefix) && comment != CommentFor(customer_id);
}

}  // namespace

std::unique_ptr<RouterSession> RouterOsDriver::Open(const RouterConfig& router) {
  ConnectOptions options;
  options.host = router.host;
  options.tls = router.tls;
  options.port = router.port > 0 ? router.port : (router.tls ? 8729 : 8728);
  options.timeout_ms = router.timeout_ms > 0 ? router.timeout_ms : 5000;
  try {
    auto connection = ApiConnection::Connect(options);
    connection->Login(router.username, router.password);
    return std::make_unique<RouterOsSession>(router, std::move(connection));
  } catch (const ConnectionError& e) {
    throw OpenError(e);
  }
}

RouterOsSession::RouterOsSession(RouterConfig router, std::unique_ptr<ApiConnection> connection)
    : router_(std::move(router)), connection_(std::move(connection)) {
  router_.password.clear();  // not needed any more; keep it out of memory dumps
  router_.secret.clear();
}

void RouterOsSession::Apply(const Subscriber& desired, const std::optional<Applied>& previous) {
  if (!connection_->usable()) {
    throw NetworkError(std::string(i18n::kRouterConnectionLost) + i18n::kRouterClosedConnection,
                       true);
  }
  try {
    ApplyUnchecked(desired, previous);
  } catch (const TrapError& e) {
    std::string text = i18n::kRouterCommandRejected + e.message();
    text += (e.message().empty() ? "" : " ") + ("(" + e.command() + ")");
    throw NetworkError(text, false);
  } catch (const ConnectionError& e) {
    throw NetworkError(i18n::kRouterConnectionLost + Reason(e), true);
  }
}

void RouterOsSession::ApplyUnchecked(const Subscriber& desired,
                                     const std::optional<Applied>& previous) {
  if (desired.username.empty()) throw NetworkError(i18n::kRouterNoUsername, false);
  const int64_t customer = desired.customer_id;

  // Renamed: the old name's secret and sessions go.
  if (previous && !previous->username.empty() && previous->username != desired.username) {
    RemoveSecret(previous->username, customer);
  }
  if (desired.deleted) {
    RemoveSecret(desired.username, customer);
    return;
  }

  const std::vector<Row> found =
      connection_->Run("/ppp/secret/print", {"?name=" + desired.username});
  const Wanted wanted = WantedFor(desired, router_);
  const std::string comment = CommentFor(customer);
  bool kick =
      previous && (previous->status != desired.status || previous->profile != desired.profile);

  if (found.empty()) {
    connection_->Run(
        "/ppp/secret/add",
        {"=name=" + desired.username, "=password=" + desired.password, "=service=pppoe",
         "=profile=" + wanted.profile, std::string("=disabled=") + (wanted.disabled ? "yes" : "no"),
         "=comment=" + comment});
  } else {
    const Row& secret = found.front();
    std::vector<std::string> changes;
    // Without the "sensitive" policy the router does not show passwords: set it to be sure.
    const auto password = secret.find("password");
    if (password == secret.end() || password->second != desired.password) {
      changes.push_back("=password=" + desired.password);
    }
    if (Field(secret, "service") != "pppoe") changes.emplace_back("=service=pppoe");
    if (Field(secret, "profile") != wanted.profile) {
      changes.push_back("=profile=" + wanted.profile);
      kick = true;  // the session still runs with the old profile
    }
    const bool disabled = IsTrue(Field(secret, "disabled"));
    if (disabled != wanted.disabled) {
      changes.push_back(std::string("=disabled=") + (wanted.disabled ? "yes" : "no"));
      if (wanted.disabled) kick = true;  // disabling a secret leaves its session up
    }
    if (Field(secret, "comment") != comment) changes.push_back("=comment=" + comment);
    if (!changes.empty()) {
      changes.insert(changes.begin(), "=.id=" + Field(secret, ".id"));
      connection_->Run("/ppp/secret/set", changes);
    }
  }
  if (kick) Kick(desired.username);
}

void RouterOsSession::RemoveSecret(const std::string& username, int64_t customer_id) {
  const std::vector<Row> found = connection_->Run("/ppp/secret/print", {"?name=" + username});
  for (const Row& secret : found) {
    // Another customer of ours took this name meanwhile (swapped usernames): leave it.
    if (OwnedByOther(secret, customer_id)) return;
  }
  for (const Row& secret : found) {
    connection_->Run("/ppp/secret/remove", {"=.id=" + Field(secret, ".id")});
  }
  Kick(username);
}

void RouterOsSession::Kick(const std::string& username) {
  const std::vector<Row> sessions = connection_->Run("/ppp/active/print", {"?name=" + username});
  for (const Row& session : sessions) {
    try {
      connection_->Run("/ppp/active/remove", {"=.id=" + Field(session, ".id")});
    } catch (const TrapError& e) {
      // The session ended between print and remove: what we wanted anyway.
      if (e.message().find("no such item") == std::string::npos) throw;
    }
  }
}

RouterInventory RouterOsSession::ReadInventory() {
  RouterInventory inventory;
  try {
    for (const Row& row : connection_->Run("/ppp/secret/print", {})) {
      inventory.secrets.push_back({Field(row, "name"), Field(row, "password"),
                                   Field(row, "profile"), Field(row, "comment"),
                                   Field(row, "service"), IsTrue(Field(row, "disabled"))});
    }
    for (const Row& row : connection_->Run("/ppp/profile/print", {})) {
      inventory.profiles.push_back({Field(row, "name"), Field(row, "rate-limit")});
    }
  } catch (const TrapError& e) {
    throw NetworkError(i18n::kRouterCommandRejected + e.message(), false);
  } catch (const ConnectionError& e) {
    throw NetworkError(i18n::kRouterConnectionLost + Reason(e), true);
  }
  return inventory;
}

}  // namespace billing::network::routeros
