// Service identity: the signed `x-identity` token every gRPC call carries and every service
// verifies. HMAC-SHA256 under the suite key SERVICE_KEY; see docs/security.md.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace billing::rpc {

inline constexpr const char* kIdentityMetadata = "x-identity";
// A token is made per call, so it needs to outlive only the call's start (and gRPC's retries).
inline constexpr std::chrono::seconds kIdentityLifetime{60};
// The suite key must hold at least this many bytes (up.sh makes 64 hex characters).
inline constexpr size_t kMinServiceKeyBytes = 32;

// What a token asserts: which service sent the call and, when the call acts for a person,
// the user the gateway verified (user_id 0: a service's own call, e.g. a scheduler).
struct IdentityClaims {
  std::string service;
  int64_t issued_at = 0;   // Unix seconds
  int64_t expires_at = 0;  // Unix seconds
  int64_t user_id = 0;
  std::string username;
  std::string role;
  std::string request_id;
  std::string client_ip;
};

// "v1.<base64url JSON claims>.<base64url HMAC-SHA256(key, "v1.<claims>")>".
std::string SignIdentity(const IdentityClaims& claims, std::string_view key);

// The claims if `token` is well formed, signed with `key` and valid at `now` (issued no later
// than a small clock skew ahead, not expired, lifetime at most a few minutes); else nullopt.
// The signature is compared in constant time before the claims are parsed.
std::optional<IdentityClaims> VerifyIdentity(std::string_view token, std::string_view key,
                                             std::chrono::system_clock::time_point now);

// This process's own identity: its service name and the suite key. Installed once by main()
// (service::Main, the gateway) before any thread starts; the key is never logged.
// Throws std::invalid_argument if the name is empty or the key shorter than allowed.
void InstallServiceIdentity(std::string service, std::string key);
bool HasServiceIdentity();
const std::string& ServiceName();

// A fresh token for a call made now by this process, acting for the given user (if any).
std::string IssueIdentity(int64_t user_id, const std::string& username, const std::string& role,
                          const std::string& request_id, const std::string& client_ip);
// Verifies against this process's key at the current time.
std::optional<IdentityClaims> VerifyIncomingIdentity(std::string_view token);

}  // namespace billing::rpc
