// The subscriber mirror: every internet customer as the routers should see them, with who
// isolated them and why. A write that changes what the routers see moves the row's version and
// makes its links due now.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "db/pool.h"
#include "network_records.h"

namespace billing::network {

class SubscriberMirror {
 public:
  virtual ~SubscriberMirror() = default;
  virtual std::optional<SubscriberRecord> FindSubscriber(int64_t customer_id) = 0;
  // Inserts or updates the mirror row; when anything the routers see changed, bumps its version
  // and makes its links due now. `origin` explains a status change (none: a staff edit through
  // the customer form, counted as manual; see OriginAfterWrite). Returns true when the version
  // moved.
  virtual bool Upsert(const SubscriberRecord& record,
                      const std::optional<StatusOrigin>& origin) = 0;
  // Many customers at once, as Upsert without an origin would write them one by one, in one
  // transaction: each of `records` is written; each of `ids` without a record (no longer an
  // internet customer, or unknown) is marked deleted when mirrored. Returns how many versions
  // moved.
  virtual int64_t RefreshMany(const std::vector<int64_t>& ids,
                              const std::vector<SubscriberRecord>& records) = 0;
  // Marks every live mirror row whose customer is not in `live_ids` as deleted.
  virtual int64_t MarkMissingDeleted(const std::vector<int64_t>& live_ids) = 0;
  // No automatic isolir for `days` days after `today` (YYYY-MM-DD).
  virtual void SetExemptUntil(int64_t customer_id, const std::string& today, int days) = 0;
};

class SqlSubscriberMirror final : public SubscriberMirror {
 public:
  explicit SqlSubscriberMirror(db::Pool& pool) : pool_(pool) {}
  std::optional<SubscriberRecord> FindSubscriber(int64_t customer_id) override;
  bool Upsert(const SubscriberRecord& record, const std::optional<StatusOrigin>& origin) override;
  int64_t RefreshMany(const std::vector<int64_t>& ids,
                      const std::vector<SubscriberRecord>& records) override;
  int64_t MarkMissingDeleted(const std::vector<int64_t>& live_ids) override;
  void SetExemptUntil(int64_t customer_id, const std::string& today, int days) override;

 private:
  db::Pool& pool_;
};

}  // namespace billing::network
