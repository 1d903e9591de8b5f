// All SQL for transactions: create, read, list, mark paid, delete, bulk bill inserts.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "bill_store.h"
#include "db/pool.h"
#include "new_transaction.h"
#include "rpc/caller.h"

namespace billing::bills {

struct TransactionRecord {
  int64_t id = 0;
  int64_t customer_id = 0;
  std::string customer_name;
  std::string customer_phone;
  std::string type;
  std::string period;
  std::string description;
  nlohmann::json items = nlohmann::json::array();
  int64_t amount = 0;
  std::string due_date;
  std::string status;
  std::string paid_at;
  int64_t paid_amount = 0;
  std::string payment_method;
  std::string paid_by;
  std::string created_by;
  std::string created_at;
  std::string payment_reference;                   // an online payment's provider reference
  std::string invoice_no;                          // allocated by the insert (migration 0006)
  nlohmann::json lines = nlohmann::json::array();  // never empty (LinesOfOldBill)
  int64_t tax_amount = 0;
  int64_t discount_amount = 0;
  std::string nik;  // the buyer's NIK on a sale of subsidised LPG, else empty
};

struct TransactionFilter {
  std::string status;
  std::string type;
  std::string period;
  std::string q;
  int64_t customer_id = 0;
  int limit = 50;
  int offset = 0;
};

struct TransactionPage {
  std::vector<TransactionRecord> items;
  int64_t total = 0;
};

struct Payment {
  std::string method;
  std::optional<int64_t> amount;   // default: the transaction's amount
  std::string paid_at;             // RFC 3339 / YYYY-MM-DD, empty = now
  std::string reference;           // the provider's reference of an online payment
  bool amount_must_match = false;  // the bill's amount must equal `amount`
};

struct OnlinePaymentResult {
  bool marked = false;  // false: the bill was already paid (at the counter or online)
  TransactionRecord transaction;
};

class TransactionRepository final : public BillStore {
 public:
  explicit TransactionRepository(db::Pool& pool);

  // Throws already_exists when the customer already has an internet bill for the period.
  // `default_zone` is the time zone of an empty period or due date when the settings name none.
  TransactionRecord Create(const NewTransaction& transaction, const rpc::Caller& actor,
                           const std::string& default_zone);
  std::optional<TransactionRecord> Find(int64_t id);
  TransactionPage List(const TransactionFilter& filter);
  // Exactly one payment per transaction: a concurrent or repeated call gets
  // failed_precondition (409) and changes nothing.
  TransactionRecord MarkPaid(int64_t id, const Payment& payment, const rpc::Caller& actor);
  // The same payment (audit row, outbox event) for the payment service: the bill's amount must
  // equal `payment.amount` (failed_precondition otherwise, nothing changes); a bill already paid
  // is returned unchanged with marked = false, so a repeated call is harmless.
  OnlinePaymentResult MarkPaidOnline(int64_t id, const Payment& payment, const rpc::Caller& actor);
  // Unpaid: anyone; paid: admins only (permission_denied otherwise).
  void Delete(int64_t id, const rpc::Caller& actor);

  // BillStore: ON CONFLICT skips the bills that exist.
  int64_t InsertBills(const std::vector<NewTransaction>& bills, const rpc::Caller& actor) override;
  int64_t InsertImportedBills(const std::vector<NewTransaction>& bills,
                              const rpc::Caller& actor) override;
  void RecordBillRun(const std::string& period, int64_t created, int64_t skipped,
                     const rpc::Caller& actor) override;
  bool BillRunDone(const std::string& period) override;
  std::set<int64_t> WithInternetBills(const std::vector<int64_t>& customer_ids) override;

 private:
  // MarkPaid's one update with its audit row; nullopt when no unpaid row (of the amount) matched.
  std::optional<TransactionRecord> TryMarkPaid(pqxx::work& txn, int64_t id, const Payment& payment,
                                               const rpc::Caller& actor);

  db::Pool& pool_;
};

}  // namespace billing::bills
