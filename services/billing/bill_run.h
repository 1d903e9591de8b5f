// The monthly bill run: one internet bill per active customer and period, idempotent.
#pragma once

#include <string>
#include <vector>

#include "bill_lines.h"
#include "bill_store.h"
#include "customer_directory.h"
#include "domain/period.h"
#include "settings_source.h"

namespace billing::bills {

// The unpaid periods an import brought along for one of its new customers.
struct ImportedArrears {
  int64_t customer_id = 0;
  std::vector<domain::Period> periods;
};

struct BillRunResult {
  std::string period;
  int64_t created = 0;
  int64_t skipped = 0;  // already billed, or no fee to bill
};

class BillRun final {
 public:
  BillRun(CustomerDirectory& customers, BillStore& transactions, SettingsSource& settings)
      : customers_(customers), transactions_(transactions), settings_(settings) {}

  // Streams the billable customers in batches and inserts their bills in batches; a second
  // run for the same period creates nothing.
  BillRunResult Run(const domain::Period& period, const rpc::Caller& actor);
  // One unpaid internet bill per imported period, at the customer's fee, in one transaction
  // with one audit row; a period already billed is skipped. Returns how many were created.
  int64_t ImportArrears(const std::vector<ImportedArrears>& arrears, const rpc::Caller& actor);

 private:
  CustomerDirectory& customers_;
  BillStore& transactions_;
  SettingsSource& settings_;
};

// The description printed on an internet bill.
std::string BillDescription(const customer::v1::Customer& customer, const domain::Period& period);
// The package line's label: "Paket 10 Mbps 2026-11" ("Paket internet 2026-11" without one).
std::string PackageLabel(const customer::v1::Customer& customer, const std::string& period);
// The customer's standing discount (none when it is not a valid one).
Discount StandingDiscount(const customer::v1::Customer& customer);

}  // namespace billing::bills
