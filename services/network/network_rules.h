// Validation and merging of routers and the isolir policy; masking of router secrets; who
// isolated a customer; the retry back-off. Pure functions, tested without a database.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "network_driver.h"

namespace billing::network {

// What staff see instead of a stored password or RADIUS secret; sending it back keeps the
// stored one.
inline constexpr const char* kMaskedSecret = "********";

struct PolicyData {
  bool auto_isolir = false;
  int grace_days = 3;
  int check_minutes = 60;
  bool notify_whatsapp = true;
  std::string isolir_pool = "isolir";
  std::string isolir_address_list = "isolir";

  bool operator==(const PolicyData&) const = default;
};

struct PolicyPatch {
  std::optional<bool> auto_isolir;
  std::optional<int> grace_days;
  std::optional<int> check_minutes;
  std::optional<bool> notify_whatsapp;
  std::optional<std::string> isolir_pool;
  std::optional<std::string> isolir_address_list;
};

// Throws errors::Error(invalid_argument) with every field problem.
PolicyData MergePolicy(const PolicyData& before, const PolicyPatch& patch);

struct RouterData {
  std::string name;
  std::string kind = "routeros";
  std::string host;
  int port = 0;
  bool tls = false;
  std::string username;
  std::string password;
  std::string secret;
  std::string isolir_mode = "profile";
  std::string isolir_profile = "isolir";
  bool enabled = true;

  bool operator==(const RouterData&) const = default;
};

struct RouterPatch {
  std::optional<std::string> name;
  std::optional<std::string> kind;
  std::optional<std::string> host;
  std::optional<int> port;
  std::optional<bool> tls;
  std::optional<std::string> username;
  std::optional<std::string> password;  // kMaskedSecret = keep
  std::optional<std::string> secret;    // kMaskedSecret = keep
  std::optional<std::string> isolir_mode;
  std::optional<std::string> isolir_profile;
  std::optional<bool> enabled;
};

// Applies the patch (a default RouterData when creating): the port defaults by kind and TLS,
// RouterOS needs a username and password, RADIUS a shared secret. When an update changes the
// host, port, TLS or kind, kMaskedSecret no longer keeps the stored password/secret: the one the
// router's kind uses must be given again (else invalid_argument naming it), the other is
// dropped. Throws invalid_argument.
RouterData MergeRouter(const RouterData& before, const RouterPatch& patch, bool creating);

// The audit view (secrets only as "changed") and the difference between two versions.
nlohmann::json AuditFields(const RouterData& data);
nlohmann::json AuditDiff(const RouterData& before, const RouterData& after);
nlohmann::json AuditFields(const PolicyData& data);
nlohmann::json AuditDiff(const PolicyData& before, const PolicyData& after);

// kMaskedSecret for a stored secret, "" for none.
std::string Masked(const std::string& secret);

// Why a status changed, when the network service knows it; also what the mirror row says.
struct StatusOrigin {
  std::string isolated_by;  // "auto" | "manual" | ""
  std::string reason;

  bool operator==(const StatusOrigin&) const = default;
};

// Who isolated and why, as the mirror row should say after `status` is written over a row whose
// status was `before_status` and whose reasons were `before` (no row: nullopt). `origin`
// explains a status change; without one, a status that changed is a staff edit (counted as
// manual) and an unchanged one keeps its reasons. Only an isolated customer has an isolator.
StatusOrigin OriginAfterWrite(const std::optional<std::string>& before_status,
                              const StatusOrigin& before, const std::string& status,
                              const std::optional<StatusOrigin>& origin);

// A customer's state on one router as staff see it: "ok" when the router has what it should
// (`in_step`), else "failed" once an attempt failed, else "pending".
std::string LinkState(bool in_step, int attempts);

// Whether two versions of a subscriber look the same to a router (else its version moves).
bool SameOnRouters(const Subscriber& a, const Subscriber& b);

// The wait before the next attempt on a router after a failure: a link never recorded waits
// `base`; one that failed `previous_attempts` times before (0 after a success) waits `base`
// doubled that many times (at most kMaxRetryDoublings), never more than `ceiling`.
inline constexpr int kMaxRetryDoublings = 30;
std::chrono::milliseconds RetryDelay(std::optional<int> previous_attempts,
                                     std::chrono::milliseconds base,
                                     std::chrono::milliseconds ceiling);
// RetryDelay for 0..kMaxRetryDoublings previous attempts, in milliseconds (index = attempts).
std::vector<int64_t> RetryDelaysMs(std::chrono::milliseconds base,
                                   std::chrono::milliseconds ceiling);

}  // namespace billing::network
