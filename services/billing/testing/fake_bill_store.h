// The transactions' bill-run rows in memory, with the database's rules: one internet bill per
// (customer, period), and a bill-run row per period whose `created` adds up over reruns.
#pragma once

#include <map>
#include <utility>

#include "bill_store.h"

namespace billing::bills::testing {

class FakeBillStore final : public BillStore {
 public:
  struct Run {
    int64_t created = 0;
    int64_t skipped = 0;
    std::string run_by;
    int times = 0;  // RecordBillRun calls for the period
  };

  std::map<std::pair<int64_t, std::string>, NewTransaction> bills;  // by (customer, period)
  std::map<std::string, Run> runs;                                  // by period
  int insert_calls = 0;
  int imports = 0;  // InsertImportedBills calls

  int64_t InsertBills(const std::vector<NewTransaction>& batch, const rpc::Caller&) override {
    ++insert_calls;
    int64_t created = 0;
    for (const auto& bill : batch) {
      if (bills.emplace(std::make_pair(bill.customer_id, bill.period), bill).second) ++created;
    }
    return created;
  }

  int64_t InsertImportedBills(const std::vector<NewTransaction>& batch,
                              const rpc::Caller& actor) override {
    ++imports;
    return InsertBills(batch, actor);
  }

  void RecordBillRun(const std::string& period, int64_t created, int64_t skipped,
                     const rpc::Caller& actor) override {
    Run& run = runs[period];
    run.created += created;
    run.skipped = skipped;
    run.run_by = actor.username;
    ++run.times;
  }

  bool BillRunDone(const std::string& period) override { return runs.count(period) > 0; }

  std::set<int64_t> WithInternetBills(const std::vector<int64_t>& customer_ids) override {
    std::set<int64_t> found;
    for (int64_t id : customer_ids) {
      for (const auto& [key, bill] : bills) {
        if (key.first == id) found.insert(id);
      }
    }
    return found;
  }
};

}  // namespace billing::bills::testing
