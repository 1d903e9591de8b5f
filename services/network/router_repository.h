// The routers: their settings (audited), what was last heard from each, and the audit row of a
// reconciler pass.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "db/pool.h"
#include "network_records.h"
#include "rpc/caller.h"

namespace billing::network {

class RouterRepository {
 public:
  virtual ~RouterRepository() = default;
  virtual std::vector<RouterRecord> Routers() = 0;
  virtual std::optional<RouterRecord> Router(int64_t id) = 0;
  // Throws already_exists for a name in use.
  virtual RouterRecord CreateRouter(const RouterData& data, const rpc::Caller& actor) = 0;
  // A changed router re-verifies every customer on it. Throws not_found, already_exists.
  virtual RouterRecord UpdateRouter(int64_t id,
                                    const std::function<RouterData(const RouterData&)>& merge,
                                    const rpc::Caller& actor) = 0;
  virtual void DeleteRouter(int64_t id, const rpc::Caller& actor) = 0;
  // `reachable` nullopt: the router was not heard either way (its reachability stays as it was).
  virtual void RecordContact(int64_t router_id, std::optional<bool> reachable,
                             const std::string& error, bool synced) = 0;
  // The audit row of one pass over the router.
  virtual void RecordApplyEvent(const RouterRecord& router, int64_t applied, int64_t failed) = 0;
};

class SqlRouterRepository final : public RouterRepository {
 public:
  explicit SqlRouterRepository(db::Pool& pool) : pool_(pool) {}
  std::vector<RouterRecord> Routers() override;
  std::optional<RouterRecord> Router(int64_t id) override;
  RouterRecord CreateRouter(const RouterData& data, const rpc::Caller& actor) override;
  RouterRecord UpdateRouter(int64_t id, const std::function<RouterData(const RouterData&)>& merge,
                            const rpc::Caller& actor) override;
  void DeleteRouter(int64_t id, const rpc::Caller& actor) override;
  void RecordContact(int64_t router_id, std::optional<bool> reachable, const std::string& error,
                     bool synced) override;
  void RecordApplyEvent(const RouterRecord& router, int64_t applied, int64_t failed) override;

 private:
  db::Pool& pool_;
};

}  // namespace billing::network
