// Issues and checks the HS256 JWTs that carry a user's id, name, role and token version.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "domain/clock.h"
#include "domain/role.h"

namespace billing::auth {

struct TokenClaims {
  int64_t user_id = 0;
  std::string username;
  domain::Role role = domain::Role::kStaff;
  int64_t token_version = 0;
  std::string token_id;
  std::chrono::system_clock::time_point expires_at;
};

struct IssuedToken {
  std::string token;
  TokenClaims claims;
};

class TokenIssuer final {
 public:
  TokenIssuer(std::string secret, std::chrono::seconds ttl, const domain::Clock& clock);

  IssuedToken Issue(int64_t user_id, const std::string& username, domain::Role role,
                    int64_t token_version) const;
  // Checks algorithm (HS256 only), signature, expiry and claim types; throws
  // errors::Error(unauthenticated) for anything else.
  TokenClaims Decode(const std::string& token) const;

 private:
  std::string secret_;
  std::chrono::seconds ttl_;
  const domain::Clock& clock_;
};

}  // namespace billing::auth
