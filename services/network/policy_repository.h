// The isolir policy (one row): its settings and the record of the scheduled check.
#pragma once

#include <cstdint>
#include <functional>

#include "db/pool.h"
#include "network_records.h"
#include "rpc/caller.h"

namespace billing::network {

class PolicyRepository {
 public:
  virtual ~PolicyRepository() = default;
  virtual PolicyRecord Policy() = 0;
  // `merge` turns the stored settings into the new ones; a change is audited.
  virtual PolicyData UpdatePolicy(const std::function<PolicyData(const PolicyData&)>& merge,
                                  const rpc::Caller& actor) = 0;
  // Claims the scheduled isolir check when it is due (auto isolir on, check_minutes passed):
  // exactly one replica gets true per period.
  virtual bool ClaimScheduledCheck() = 0;
  virtual void RecordCheck(int64_t checked, int64_t isolated) = 0;
};

class SqlPolicyRepository final : public PolicyRepository {
 public:
  explicit SqlPolicyRepository(db::Pool& pool) : pool_(pool) {}
  PolicyRecord Policy() override;
  PolicyData UpdatePolicy(const std::function<PolicyData(const PolicyData&)>& merge,
                          const rpc::Caller& actor) override;
  bool ClaimScheduledCheck() override;
  void RecordCheck(int64_t checked, int64_t isolated) override;

 private:
  db::Pool& pool_;
};

}  // namespace billing::network
