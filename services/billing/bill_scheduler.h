// Runs the monthly bill run by itself on the bill-run day from the settings.
#pragma once

#include "bill_run.h"
#include "domain/clock.h"
#include "service/periodic_task.h"
#include "settings_repository.h"

namespace billing::bills {

class BillScheduler final {
 public:
  BillScheduler(BillRun& bill_run, TransactionRepository& transactions,
                SettingsRepository& settings, const domain::Clock& clock,
                std::chrono::seconds interval);

  // One check: when auto_run is on, today is on or after run_day and this period has no bill
  // run yet, runs it as the system. Returns whether it ran. Public for tests.
  bool Tick();

 private:
  BillRun& bill_run_;
  TransactionRepository& transactions_;
  SettingsRepository& settings_;
  const domain::Clock& clock_;
  service::PeriodicTask task_;  // last: stops before the members it uses go away
};

}  // namespace billing::bills
