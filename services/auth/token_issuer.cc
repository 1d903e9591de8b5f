// JWT encoding/decoding with cpp-jwt; everything suspicious is "unauthenticated".
#include "token_issuer.h"

#include <cstdio>

#include <jwt/jwt.hpp>
#include <openssl/rand.h>

#include "errors/error.h"
#include "i18n/messages.h"

namespace billing::auth {
namespace {

std::string RandomTokenId() {
  unsigned char bytes[16];
  if (RAND_bytes(bytes, sizeof(bytes)) != 1) throw std::runtime_error("no randomness");
  std::string hex;
  char buf[3];
  for (unsigned char b : bytes) {
    std::snprintf(buf, sizeof(buf), "%02x", b);
    hex += buf;
  }
  return hex;
}

errors::Error Invalid() { return errors::Unauthenticated(i18n::kSessionInvalid); }

}  // namespace

TokenIssuer::TokenIssuer(std::string secret, std::chrono::seconds ttl, const domain::Clock& clock)
    : secret_(std::move(secret)), ttl_(ttl), clock_(clock) {}

IssuedToken TokenIssuer::Issue(int64_t user_id, const std::string& username, domain::Role role,
                               int64_t token_version) const {
  auto now = std::chrono::time_point_cast<std::chrono::seconds>(clock_.Now());
  IssuedToken issued;
  issued.claims = {user_id, username, role, token_version, RandomTokenId(), now + ttl_};
  jwt::jwt_object object{jwt::params::algorithm("HS256"), jwt::params::secret(secret_)};
  object.add_claim("sub", std::to_string(user_id));
  object.add_claim("username", username);
  object.add_claim("role", std::string(domain::RoleName(role)));
  object.add_claim("ver", token_version);
  object.add_claim("jti", issued.claims.token_id);
  object.add_claim("iat", static_cast<int64_t>(now.time_since_epoch().count()));
  object.add_claim("exp", static_cast<int64_t>(std::chrono::time_point_cast<std::chrono::seconds>(
                                                   issued.claims.expires_at)
                                                   .time_since_epoch()
                                                   .count()));
  issued.token = object.signature();
  return issued;
}

TokenClaims TokenIssuer::Decode(const std::string& token) const {
  if (token.empty() || token.size() > 4096) throw Invalid();
  // Only base64url segments joined by dots reach the decoder: cpp-jwt 1.4's base64 decoder
  // indexes a 256-entry table with any byte and reads out of bounds on bytes >= 0x80 (found by
  // the UBSan build of TokenIssuerTest.RejectsGarbage).
  for (unsigned char c : token) {
    bool base64url = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                     c == '-' || c == '_';
    if (!base64url && c != '.') throw Invalid();
  }
  TokenClaims claims;
  try {
    std::error_code ec;
    auto object = jwt::decode(token, jwt::params::algorithms({"HS256"}), ec,
                              jwt::params::secret(secret_), jwt::params::verify(true));
    if (ec || object.header().algo() != jwt::algorithm::HS256) throw Invalid();
    const auto& payload = object.payload();
    for (const char* name : {"sub", "username", "role", "ver", "jti", "exp"}) {
      if (!payload.has_claim(name)) throw Invalid();
    }
    claims.user_id = std::stoll(payload.get_claim_value<std::string>("sub"));
    claims.username = payload.get_claim_value<std::string>("username");
    auto role = domain::ParseRole(payload.get_claim_value<std::string>("role"));
    if (!role) throw Invalid();
    claims.role = *role;
    claims.token_version = payload.get_claim_value<int64_t>("ver");
    claims.token_id = payload.get_claim_value<std::string>("jti");
    claims.expires_at = std::chrono::system_clock::time_point(
        std::chrono::seconds(payload.get_claim_value<int64_t>("exp")));
  } catch (const errors::Error&) {
    throw;
  } catch (const std::exception&) {
    throw Invalid();
  }
  if (claims.user_id <= 0 || claims.expires_at <= clock_.Now()) throw Invalid();
  return claims;
}

}  // namespace billing::auth
