// The PortalStore in memory, for tests: the same answers as the PostgreSQL one, and a look at
// every value it was handed (to show that no clear token or code reaches it).
#pragma once

#include <map>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "portal_store.h"

namespace billing::payment::testing {

class FakePortalStore final : public PortalStore {
 public:
  std::optional<PortalLinkRecord> LinkOf(int64_t customer_id) override {
    std::lock_guard lock(mutex_);
    auto found = links_.find(customer_id);
    if (found == links_.end()) return std::nullopt;
    return found->second;
  }
  PortalLinkRecord AddLink(const PortalLinkRecord& link) override {
    std::lock_guard lock(mutex_);
    Seen(link.nonce);
    Seen(link.token_hash);
    return links_.emplace(link.customer_id, link).first->second;
  }
  std::optional<int64_t> CustomerOfLink(const std::string& token_hash) override {
    std::lock_guard lock(mutex_);
    for (const auto& [id, link] : links_) {
      if (link.token_hash == token_hash) return id;
    }
    return std::nullopt;
  }
  void RevokeLink(int64_t customer_id, const rpc::Caller& actor) override {
    std::lock_guard lock(mutex_);
    links_.erase(customer_id);
    std::erase_if(sessions_,
                  [&](const auto& entry) { return entry.second.customer_id == customer_id; });
    revoked_by_.push_back(actor.username);
  }
  void PutCode(const PortalCode& code) override {
    std::lock_guard lock(mutex_);
    Seen(code.code_hash);
    PortalCode stored = code;
    stored.tries = 0;
    stored.voided = false;
    stored.used_at.reset();
    codes_[{code.customer_id, code.phone}] = stored;
  }
  std::optional<PortalCode> EditCode(int64_t customer_id, const std::string& phone,
                                     const std::function<bool(PortalCode&)>& edit) override {
    std::lock_guard lock(mutex_);
    auto found = codes_.find({customer_id, phone});
    if (found == codes_.end()) return std::nullopt;
    PortalCode copy = found->second;
    if (edit(copy)) found->second = copy;
    return copy;
  }
  void AddSession(const PortalSessionRecord& session) override {
    std::lock_guard lock(mutex_);
    Seen(session.token_hash);
    sessions_[session.token_hash] = session;
  }
  std::optional<PortalSessionRecord> Session(const std::string& token_hash) override {
    std::lock_guard lock(mutex_);
    auto found = sessions_.find(token_hash);
    if (found == sessions_.end()) return std::nullopt;
    return found->second;
  }
  void DeleteSession(const std::string& token_hash) override {
    std::lock_guard lock(mutex_);
    sessions_.erase(token_hash);
  }
  RateHit Hit(const std::string& key, PortalTime now, std::chrono::seconds window) override {
    std::lock_guard lock(mutex_);
    auto [entry, fresh] = limits_.try_emplace(key, RateHit{0, now});
    if (!fresh && entry->second.window_start <= now - window) entry->second = RateHit{0, now};
    ++entry->second.hits;
    return entry->second;
  }
  void Prune(PortalTime now, PortalTime codes_before, PortalTime limits_before) override {
    std::lock_guard lock(mutex_);
    std::erase_if(sessions_, [&](const auto& e) { return e.second.expires_at <= now; });
    std::erase_if(codes_, [&](const auto& e) { return e.second.expires_at < codes_before; });
    std::erase_if(limits_, [&](const auto& e) { return e.second.window_start < limits_before; });
  }

  // Every string the store was handed, in order.
  std::vector<std::string> SeenValues() const {
    std::lock_guard lock(mutex_);
    return seen_;
  }
  std::optional<PortalCode> Code(int64_t customer_id, const std::string& phone) const {
    std::lock_guard lock(mutex_);
    auto found = codes_.find({customer_id, phone});
    if (found == codes_.end()) return std::nullopt;
    return found->second;
  }
  size_t SessionCount() const {
    std::lock_guard lock(mutex_);
    return sessions_.size();
  }
  std::vector<std::string> RevokedBy() const {
    std::lock_guard lock(mutex_);
    return revoked_by_;
  }

 private:
  void Seen(const std::string& value) { seen_.push_back(value); }

  mutable std::mutex mutex_;
  std::map<int64_t, PortalLinkRecord> links_;
  std::map<std::pair<int64_t, std::string>, PortalCode> codes_;
  std::map<std::string, PortalSessionRecord> sessions_;
  std::map<std::string, RateHit> limits_;
  std::vector<std::string> seen_;
  std::vector<std::string> revoked_by_;
};

}  // namespace billing::payment::testing
