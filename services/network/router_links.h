// What was applied to each router for each subscriber (links): the reconciler's due work and
// its results, the "sync now" reset, and the views staff see of a customer's state on the
// routers.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "db/pool.h"
#include "network_records.h"
#include "rpc/caller.h"

namespace billing::network {

class RouterLinks {
 public:
  virtual ~RouterLinks() = default;
  // Up to `limit` subscribers whose state on `router_id` is behind and due.
  virtual std::vector<Work> DueWork(int64_t router_id, int limit) = 0;
  virtual void RecordApplied(int64_t router_id, const Work& work) = 0;
  // The next attempt waits RetryDelay(previous attempts, retry_base, retry_ceiling).
  virtual void RecordFailed(int64_t router_id, int64_t customer_id, const std::string& error,
                            std::chrono::milliseconds retry_base,
                            std::chrono::milliseconds retry_ceiling) = 0;
  // Every link re-verified at the next pass (the "sync now" button). Returns the subscribers.
  virtual int64_t VerifyAll(const rpc::Caller& actor) = 0;

  // --- views ---
  virtual std::optional<CustomerNetworkView> CustomerNetwork(int64_t customer_id) = 0;
  virtual std::vector<CustomerNetworkView> Problems(int limit, int offset, int64_t* total) = 0;
  virtual void Counts(int64_t* pending, int64_t* failed) = 0;
};

class SqlRouterLinks final : public RouterLinks {
 public:
  explicit SqlRouterLinks(db::Pool& pool) : pool_(pool) {}
  std::vector<Work> DueWork(int64_t router_id, int limit) override;
  void RecordApplied(int64_t router_id, const Work& work) override;
  void RecordFailed(int64_t router_id, int64_t customer_id, const std::string& error,
                    std::chrono::milliseconds retry_base,
                    std::chrono::milliseconds retry_ceiling) override;
  int64_t VerifyAll(const rpc::Caller& actor) override;
  std::optional<CustomerNetworkView> CustomerNetwork(int64_t customer_id) override;
  std::vector<CustomerNetworkView> Problems(int limit, int offset, int64_t* total) override;
  void Counts(int64_t* pending, int64_t* failed) override;

 private:
  db::Pool& pool_;
};

}  // namespace billing::network
