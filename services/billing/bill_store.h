// What the bill run and its scheduler need from the transactions: the bill-run rows only.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "new_transaction.h"
#include "rpc/caller.h"

namespace billing::bills {

class BillStore {
 public:
  virtual ~BillStore() = default;
  // Inserts internet bills, skipping those that exist; returns how many were created.
  virtual int64_t InsertBills(const std::vector<NewTransaction>& bills,
                              const rpc::Caller& actor) = 0;
  // Inserts an import's unpaid bills in one transaction with one audit row, skipping those
  // that exist; returns how many were created.
  virtual int64_t InsertImportedBills(const std::vector<NewTransaction>& bills,
                                      const rpc::Caller& actor) = 0;
  // Adds `created` to the period's bill-run row (made on the first run) and audits the run.
  virtual void RecordBillRun(const std::string& period, int64_t created, int64_t skipped,
                             const rpc::Caller& actor) = 0;
  virtual bool BillRunDone(const std::string& period) = 0;
  // Those of `customer_ids` that have an internet bill already (their first bill is behind
  // them: no installation fee).
  virtual std::set<int64_t> WithInternetBills(const std::vector<int64_t>& customer_ids) = 0;
};

}  // namespace billing::bills
