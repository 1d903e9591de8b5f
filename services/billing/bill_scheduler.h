// Runs the monthly bill run by itself on the bill-run day from the settings.
#pragma once

#include <condition_variable>
#include <mutex>
#include <thread>

#include "bill_run.h"
#include "domain/clock.h"
#include "settings_repository.h"

namespace billing::bills {

class BillScheduler final {
 public:
  BillScheduler(BillRun& bill_run, TransactionRepository& transactions,
                SettingsRepository& settings, const domain::Clock& clock,
                std::chrono::seconds interval);
  ~BillScheduler();  // stops and joins

  // One check: when auto_run is on, today is on or after run_day and this period has no bill
  // run yet, runs it as the system. Returns whether it ran. Public for tests.
  bool Tick();

 private:
  void Loop();

  BillRun& bill_run_;
  TransactionRepository& transactions_;
  SettingsRepository& settings_;
  const domain::Clock& clock_;
  std::chrono::seconds interval_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace billing::bills
