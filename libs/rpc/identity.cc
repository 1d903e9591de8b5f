// Signs and verifies the per-call service identity token (HMAC-SHA256, constant-time check).
#include "rpc/identity.h"

#include <array>
#include <stdexcept>

#include <nlohmann/json.hpp>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/params.h>

namespace billing::rpc {
namespace {

constexpr std::string_view kVersion = "v1.";
constexpr size_t kMaxTokenBytes = 4096;
constexpr int64_t kMaxClockSkewSeconds = 30;
constexpr int64_t kMaxLifetimeSeconds = 300;
constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

std::string Base64Url(std::string_view data) {
  std::string out;
  out.reserve((data.size() + 2) / 3 * 4);
  uint32_t buffer = 0;
  int bits = 0;
  for (unsigned char c : data) {
    buffer = (buffer << 8) | c;
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out.push_back(kAlphabet[(buffer >> bits) & 0x3f]);
    }
  }
  if (bits > 0) out.push_back(kAlphabet[(buffer << (6 - bits)) & 0x3f]);
  return out;
}

std::optional<std::string> FromBase64Url(std::string_view text) {
  std::string out;
  uint32_t buffer = 0;
  int bits = 0;
  for (char c : text) {
    int value = -1;
    if (c >= 'A' && c <= 'Z') value = c - 'A';
    if (c >= 'a' && c <= 'z') value = c - 'a' + 26;
    if (c >= '0' && c <= '9') value = c - '0' + 52;
    if (c == '-') value = 62;
    if (c == '_') value = 63;
    if (value < 0) return std::nullopt;
    buffer = (buffer << 6) | static_cast<uint32_t>(value);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((buffer >> bits) & 0xff));
    }
  }
  return out;
}

// HMAC-SHA256 with the key schedule kept per thread: OpenSSL 3's one-shot HMAC() looks the
// algorithm up and expands the key on every call, which was most of the cost of signing and
// checking the identity of every gRPC call. Re-initialising a context with no key reuses the
// expanded one.
class ThreadHmac final {
 public:
  ThreadHmac() = default;
  ThreadHmac(const ThreadHmac&) = delete;
  ThreadHmac& operator=(const ThreadHmac&) = delete;
  ~ThreadHmac() {
    EVP_MAC_CTX_free(context_);
    EVP_MAC_free(mac_);
  }

  // False when OpenSSL refused (the caller then uses the one-shot HMAC).
  bool Compute(std::string_view key, std::string_view message, std::string* out) {
    if (context_ == nullptr || key != key_) {
      if (!Reset(key)) return false;
    } else if (EVP_MAC_init(context_, nullptr, 0, nullptr) != 1) {
      return false;
    }
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    size_t length = 0;
    if (EVP_MAC_update(context_, reinterpret_cast<const unsigned char*>(message.data()),
                       message.size()) != 1 ||
        EVP_MAC_final(context_, digest.data(), &length, digest.size()) != 1) {
      return false;
    }
    out->assign(reinterpret_cast<const char*>(digest.data()), length);
    return true;
  }

 private:
  bool Reset(std::string_view key) {
    EVP_MAC_CTX_free(context_);
    context_ = nullptr;
    key_.clear();
    if (mac_ == nullptr) mac_ = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
    if (mac_ == nullptr) return false;
    context_ = EVP_MAC_CTX_new(mac_);
    if (context_ == nullptr) return false;
    char digest_name[] = "SHA256";
    OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string("digest", digest_name, 0),
                           OSSL_PARAM_construct_end()};
    static const unsigned char kEmpty = 0;
    const auto* bytes = key.empty() ? &kEmpty : reinterpret_cast<const unsigned char*>(key.data());
    if (EVP_MAC_init(context_, bytes, key.size(), params) != 1) {
      EVP_MAC_CTX_free(context_);
      context_ = nullptr;
      return false;
    }
    key_ = key;
    return true;
  }

  EVP_MAC* mac_ = nullptr;
  EVP_MAC_CTX* context_ = nullptr;
  std::string key_;
};

std::string Mac(std::string_view key, std::string_view message) {
  thread_local ThreadHmac hmac;
  std::string out;
  if (hmac.Compute(key, message, &out)) return out;
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(message.data()), message.size(), digest.data(),
       &length);
  return std::string(reinterpret_cast<const char*>(digest.data()), length);
}

std::string String(const nlohmann::json& object, const char* name) {
  auto it = object.find(name);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

int64_t Number(const nlohmann::json& object, const char* name) {
  auto it = object.find(name);
  return it != object.end() && it->is_number_integer() ? it->get<int64_t>() : 0;
}

struct ProcessIdentity {
  std::string service;
  std::string key;
};

ProcessIdentity& Process() {
  static ProcessIdentity identity;
  return identity;
}

int64_t UnixSeconds(std::chrono::system_clock::time_point time) {
  return std::chrono::duration_cast<std::chrono::seconds>(time.time_since_epoch()).count();
}

}  // namespace

std::string SignIdentity(const IdentityClaims& claims, std::string_view key) {
  nlohmann::json payload = {{"svc", claims.service},    {"iat", claims.issued_at},
                            {"exp", claims.expires_at}, {"uid", claims.user_id},
                            {"usr", claims.username},   {"role", claims.role},
                            {"rid", claims.request_id}, {"ip", claims.client_ip}};
  std::string signed_part = std::string(kVersion) + Base64Url(payload.dump());
  return signed_part + "." + Base64Url(Mac(key, signed_part));
}

std::optional<IdentityClaims> VerifyIdentity(std::string_view token, std::string_view key,
                                             std::chrono::system_clock::time_point now) {
  if (key.size() < kMinServiceKeyBytes || token.size() > kMaxTokenBytes) return std::nullopt;
  if (token.substr(0, kVersion.size()) != kVersion) return std::nullopt;
  size_t dot = token.rfind('.');
  if (dot < kVersion.size()) return std::nullopt;
  std::string_view signed_part = token.substr(0, dot);
  auto signature = FromBase64Url(token.substr(dot + 1));
  std::string expected = Mac(key, signed_part);
  if (!signature || signature->size() != expected.size() ||
      CRYPTO_memcmp(signature->data(), expected.data(), expected.size()) != 0) {
    return std::nullopt;
  }
  auto json = FromBase64Url(signed_part.substr(kVersion.size()));
  if (!json) return std::nullopt;
  nlohmann::json payload = nlohmann::json::parse(*json, nullptr, false);
  if (payload.is_discarded() || !payload.is_object()) return std::nullopt;
  IdentityClaims claims;
  claims.service = String(payload, "svc");
  claims.issued_at = Number(payload, "iat");
  claims.expires_at = Number(payload, "exp");
  claims.user_id = Number(payload, "uid");
  claims.username = String(payload, "usr");
  claims.role = String(payload, "role");
  claims.request_id = String(payload, "rid");
  claims.client_ip = String(payload, "ip");
  int64_t now_seconds = UnixSeconds(now);
  if (claims.service.empty() || claims.issued_at > now_seconds + kMaxClockSkewSeconds ||
      claims.expires_at <= now_seconds || claims.expires_at <= claims.issued_at ||
      claims.expires_at - claims.issued_at > kMaxLifetimeSeconds) {
    return std::nullopt;
  }
  return claims;
}

void InstallServiceIdentity(std::string service, std::string key) {
  if (service.empty()) throw std::invalid_argument("service identity needs a service name");
  if (key.size() < kMinServiceKeyBytes) {
    throw std::invalid_argument("SERVICE_KEY must be at least 32 characters");
  }
  Process() = {std::move(service), std::move(key)};
}

bool HasServiceIdentity() { return !Process().key.empty(); }

const std::string& ServiceName() { return Process().service; }

std::string IssueIdentity(int64_t user_id, const std::string& username, const std::string& role,
                          const std::string& request_id, const std::string& client_ip) {
  const ProcessIdentity& self = Process();
  if (self.key.empty()) throw std::logic_error("no service identity installed (SERVICE_KEY)");
  int64_t now = UnixSeconds(std::chrono::system_clock::now());
  IdentityClaims claims{self.service, now,      now + kIdentityLifetime.count(),
                        user_id,      username, role,
                        request_id,   client_ip};
  return SignIdentity(claims, self.key);
}

std::optional<IdentityClaims> VerifyIncomingIdentity(std::string_view token) {
  const ProcessIdentity& self = Process();
  if (self.key.empty()) return std::nullopt;
  return VerifyIdentity(token, self.key, std::chrono::system_clock::now());
}

}  // namespace billing::rpc
