// The monthly bill run: one internet bill per active customer and period, idempotent.
#pragma once

#include <string>

#include "bill_store.h"
#include "customer_directory.h"
#include "domain/period.h"

namespace billing::bills {

struct BillRunResult {
  std::string period;
  int64_t created = 0;
  int64_t skipped = 0;  // already billed, or no fee to bill
};

class BillRun final {
 public:
  BillRun(CustomerDirectory& customers, BillStore& transactions)
      : customers_(customers), transactions_(transactions) {}

  // Streams the billable customers in batches and inserts their bills in batches; a second
  // run for the same period creates nothing.
  BillRunResult Run(const domain::Period& period, const rpc::Caller& actor);

 private:
  CustomerDirectory& customers_;
  BillStore& transactions_;
};

// The description printed on an internet bill.
std::string BillDescription(const customer::v1::Customer& customer, const domain::Period& period);

}  // namespace billing::bills
