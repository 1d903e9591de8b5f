// The PostgreSQL PortalStore (schema "payment"): all SQL of personal links, sign-in codes,
// portal sessions and the shared rate-limit counters.
#pragma once

#include "db/pool.h"
#include "portal_store.h"

namespace billing::payment {

class PortalRepository final : public PortalStore {
 public:
  explicit PortalRepository(db::Pool& pool) : pool_(pool) {}

  std::optional<PortalLinkRecord> LinkOf(int64_t customer_id) override;
  PortalLinkRecord AddLink(const PortalLinkRecord& link) override;
  std::optional<int64_t> CustomerOfLink(const std::string& token_hash) override;
  void RevokeLink(int64_t customer_id, const rpc::Caller& actor) override;
  void PutCode(const PortalCode& code) override;
  std::optional<PortalCode> EditCode(int64_t customer_id, const std::string& phone,
                                     const std::function<bool(PortalCode&)>& edit) override;
  void AddSession(const PortalSessionRecord& session) override;
  std::optional<PortalSessionRecord> Session(const std::string& token_hash) override;
  void DeleteSession(const std::string& token_hash) override;
  RateHit Hit(const std::string& key, PortalTime now, std::chrono::seconds window) override;
  void Prune(PortalTime now, PortalTime codes_before, PortalTime limits_before) override;

 private:
  db::Pool& pool_;
};

}  // namespace billing::payment
