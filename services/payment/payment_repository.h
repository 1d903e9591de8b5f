// The PostgreSQL PaymentStore (schema "payment"): all SQL of payment attempts and callbacks.
#pragma once

#include "db/pool.h"
#include "payment_store.h"

namespace billing::payment {

class PaymentRepository final : public PaymentStore {
 public:
  explicit PaymentRepository(db::Pool& pool) : pool_(pool) {}

  Attempt Insert(const NewAttempt& attempt) override;
  std::optional<Attempt> Find(const std::string& merchant_ref) override;
  std::vector<Attempt> Pending(int64_t customer_id) override;
  std::vector<Attempt> ForBill(int64_t bill_id) override;
  std::vector<Attempt> NeedingCheck() override;
  AttemptPage List(const AttemptFilter& filter, int limit, int offset) override;
  Attempt Settle(const Settlement& settlement, const rpc::Caller& by) override;
  std::vector<Attempt> Open() override;
  std::optional<Attempt> Update(
      const std::string& merchant_ref,
      const std::function<std::optional<AttemptEvent>(Attempt&)>& edit) override;
  void MarkChecked(const std::string& merchant_ref, TimePoint at) override;
  void RecordCallback(const ReceivedCallback& callback) override;
  void PruneRefusedCallbacks(TimePoint before) override;

 private:
  db::Pool& pool_;
};

}  // namespace billing::payment
