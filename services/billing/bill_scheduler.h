// Runs the monthly bill run by itself on the bill-run day from the settings.
#pragma once

#include "bill_run.h"
#include "domain/clock.h"
#include "service/periodic_task.h"
#include "settings_source.h"

namespace billing::bills {

class BillScheduler final {
 public:
  BillScheduler(BillRun& bill_run, BillStore& transactions, SettingsSource& settings,
                const domain::Clock& clock, std::chrono::seconds interval);
  ~BillScheduler();  // Stop()

  // Checks at once and then every interval, on its own thread.
  void Start();
  void Stop();

  // One check: when auto_run is on, today (in the billing time zone) is on or after run_day and
  // this period has no bill run yet, runs it as the system. Returns whether it ran.
  bool Tick();

 private:
  BillRun& bill_run_;
  BillStore& transactions_;
  SettingsSource& settings_;
  const domain::Clock& clock_;
  service::PeriodicTask task_;  // last: stops before the members it uses go away
};

}  // namespace billing::bills
