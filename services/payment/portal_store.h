// PortalStore: the portal's personal links, sign-in codes, sessions and shared rate-limit
// counters, behind a narrow interface (PostgreSQL in portal_repository.h, in memory in
// testing/fake_portal_store.h). Tokens and codes reach it only as SHA-256 hashes.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "rpc/caller.h"

namespace billing::payment {

using PortalTime = std::chrono::system_clock::time_point;

// A customer's personal link: the token is derived from `nonce` with a key kept outside the
// database; `token_hash` finds the customer when the link is opened.
struct PortalLinkRecord {
  int64_t customer_id = 0;
  std::string nonce;
  std::string token_hash;
  PortalTime created_at;

  bool operator==(const PortalLinkRecord&) const = default;
};

// The last sign-in code asked for one customer number and phone.
struct PortalCode {
  int64_t customer_id = 0;
  std::string phone;  // normalised "62..."
  std::string code_hash;
  bool deliverable = false;  // the pair belongs together and the code was sent
  int tries = 0;             // wrong codes entered
  bool voided = false;       // too many wrong tries
  PortalTime created_at;
  PortalTime expires_at;
  std::optional<PortalTime> used_at;

  bool operator==(const PortalCode&) const = default;
};

struct PortalSessionRecord {
  std::string token_hash;
  int64_t customer_id = 0;
  PortalTime created_at;
  PortalTime expires_at;

  bool operator==(const PortalSessionRecord&) const = default;
};

// A fixed-window counter after one more hit.
struct RateHit {
  int hits = 0;  // in the current window, this one included
  PortalTime window_start;
};

class PortalStore {
 public:
  virtual ~PortalStore() = default;

  virtual std::optional<PortalLinkRecord> LinkOf(int64_t customer_id) = 0;
  // Stores `link` unless the customer has one already; returns the one that is stored (a
  // concurrent first request wins, the other gets its link).
  virtual PortalLinkRecord AddLink(const PortalLinkRecord& link) = 0;
  virtual std::optional<int64_t> CustomerOfLink(const std::string& token_hash) = 0;
  // Deletes the customer's link and ends their portal sessions, with the audit row of `actor`.
  virtual void RevokeLink(int64_t customer_id, const rpc::Caller& actor) = 0;

  // Replaces the code of (customer_id, phone), tries reset.
  virtual void PutCode(const PortalCode& code) = 0;
  // Locks the code of (customer_id, phone) and lets `edit` change the locked copy; writes it
  // when `edit` returns true. Returns the copy as `edit` left it; nullopt when there is none.
  // `edit` may run more than once (a retried transaction).
  virtual std::optional<PortalCode> EditCode(int64_t customer_id, const std::string& phone,
                                             const std::function<bool(PortalCode&)>& edit) = 0;

  virtual void AddSession(const PortalSessionRecord& session) = 0;
  virtual std::optional<PortalSessionRecord> Session(const std::string& token_hash) = 0;
  virtual void DeleteSession(const std::string& token_hash) = 0;

  // Counts one hit on `key`: a window older than `window` starts again at `now`.
  virtual RateHit Hit(const std::string& key, PortalTime now, std::chrono::seconds window) = 0;

  // Deletes expired sessions, codes expired before `codes_before` and counters whose window
  // began before `limits_before`.
  virtual void Prune(PortalTime now, PortalTime codes_before, PortalTime limits_before) = 0;
};

}  // namespace billing::payment
