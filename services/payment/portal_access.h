// PortalAccess: who may see a customer's portal. Personal links (one per customer, reused,
// revocable), 6-digit sign-in codes sent by WhatsApp, portal sessions (30 minutes, not
// renewed) and the rate limits shared by every replica. Over a PortalStore, the customer and
// billing services, the code sender, a clock and a source of random bytes.
//
// A personal link's token is HMAC-SHA256(link_key, nonce) (24 bytes, base64url): the database
// keeps the random nonce and the token's SHA-256 only, so the link can be handed out again
// without storing it, and a copy of the database alone opens nothing. Codes are stored as an
// HMAC under the same key, session tokens as their SHA-256.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>

#include "domain/clock.h"
#include "portal_clients.h"
#include "portal_store.h"
#include "rpc/caller.h"

namespace billing::payment {

// The per-address limits are generous: a whole RT/RW Net often reaches the portal from one
// public address (the router masquerades), so on bill day many customers share it. Guessing is
// stopped elsewhere: a code voids after `tries_per_code`, a link token has 192 bits.
struct PortalLimits {
  std::chrono::seconds window{std::chrono::minutes(15)};
  int codes_per_number = 3;
  int codes_per_address = 30;
  int verifies_per_address = 60;
  int links_per_address = 300;
  int pays_per_session = 10;
  int tries_per_code = 5;
  std::chrono::seconds code_lifetime{std::chrono::minutes(5)};
  std::chrono::seconds resend_after{std::chrono::seconds(60)};
  std::chrono::seconds session_lifetime{std::chrono::minutes(30)};
};

struct PortalAccessOptions {
  std::string link_key;  // secret, at least 32 bytes; changing it ends every personal link
  PortalLimits limits;
};

// `n` random bytes from a CSPRNG.
using RandomBytes = std::function<std::string(size_t n)>;
// OpenSSL's RAND_bytes; throws errors::Error(internal) when it fails.
std::string OpenSslRandomBytes(size_t n);

struct CodeAnswer {
  int resend_after = 0;  // seconds
  int expires_in = 0;    // seconds
};

struct IssuedSession {
  std::string token;
  PortalTime expires_at;
};

// The signed-in customer of a portal call.
struct PortalVisitor {
  int64_t customer_id = 0;
  std::string session_hash;
};

class PortalAccess final {
 public:
  // Throws std::invalid_argument when `options.link_key` is shorter than 32 bytes.
  PortalAccess(PortalStore& store, PortalCustomers& customers, PortalBilling& billing,
               PortalCodeSender& sender, const domain::Clock& clock, PortalAccessOptions options,
               RandomBytes random = OpenSslRandomBytes);

  // The customer's personal portal address (their link made on first use, then reused), opening
  // `bill_id` when > 0; "" when billing's payment.public_url is empty. Throws errors::Error:
  // invalid_argument (no customer id), not_found (no such customer).
  std::string LinkUrl(int64_t customer_id, int64_t bill_id);
  // Ends the customer's link and portal sessions; the next LinkUrl makes a new link.
  void RevokeLink(int64_t customer_id, const rpc::Caller& staff);

  // The same answer whether or not the number and phone belong together. Throws errors::Error:
  // invalid_argument (fields customer_number / phone), resource_exhausted (+ retry_after).
  CodeAnswer RequestCode(const std::string& customer_number, const std::string& phone,
                         const std::string& client_address);
  // Throws errors::Error: invalid_argument (fields.code: wrong, or no code), failed_precondition
  // (expired or used), resource_exhausted (+ retry_after: the code is void, or the address asked
  // too often).
  IssuedSession VerifyCode(const std::string& customer_number, const std::string& phone,
                           const std::string& code, const std::string& client_address);
  // Throws errors::Error: not_found (unknown, revoked or malformed), resource_exhausted.
  IssuedSession OpenLink(const std::string& token, const std::string& client_address);
  void Logout(const std::string& session);

  // The session's customer. Throws errors::Error(unauthenticated) when the session is missing,
  // expired or revoked.
  PortalVisitor Resolve(const std::string& session);
  // Counts one request on `key`; throws errors::Error(resource_exhausted, retry_after) past
  // `limit` within the window.
  void Throttle(const std::string& key, int limit);

  // Deletes what has expired (sessions, old codes, old counters); for a periodic task.
  void Prune();

  const PortalLimits& limits() const { return options_.limits; }

 private:
  std::string LinkToken(const std::string& nonce) const;
  std::string CodeHash(int64_t customer_id, const std::string& code) const;
  IssuedSession NewSession(int64_t customer_id);

  PortalStore& store_;
  PortalCustomers& customers_;
  PortalBilling& billing_;
  PortalCodeSender& sender_;
  const domain::Clock& clock_;
  PortalAccessOptions options_;
  RandomBytes random_;
};

}  // namespace billing::payment
