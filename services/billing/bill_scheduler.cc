// Bill-run scheduler: one check per interval; a failed check is logged and retried next time.
#include "bill_scheduler.h"

#include <nlohmann/json.hpp>

#include "domain/period.h"
#include "i18n/messages.h"
#include "log/log.h"

namespace billing::bills {

BillScheduler::BillScheduler(BillRun& bill_run, BillStore& transactions, SettingsSource& settings,
                             const domain::Clock& clock, std::chrono::seconds interval)
    : bill_run_(bill_run),
      transactions_(transactions),
      settings_(settings),
      clock_(clock),
      task_("scheduled bill run", interval, [this] { Tick(); }) {}

BillScheduler::~BillScheduler() { Stop(); }

void BillScheduler::Start() { task_.Start(); }

void BillScheduler::Stop() { task_.Stop(); }

bool BillScheduler::Tick() {
  const v1::BillingPolicy billing = settings_.Load().billing();
  if (!billing.auto_run()) return false;
  const std::string& zone = billing.timezone();
  auto now = clock_.Now();  // read once: the date and the period must agree around midnight
  std::string today = domain::DateAt(now, zone);
  int day = std::stoi(today.substr(8, 2));
  domain::Period period = domain::PeriodAt(now, zone);
  if (day < billing.run_day() || transactions_.BillRunDone(period.ToString())) return false;
  rpc::Caller system;
  system.username = i18n::kSystemActor;
  BillRunResult result = bill_run_.Run(period, system);
  log::Info("scheduled bill run", {{"period", result.period}, {"created", result.created}});
  return true;
}

}  // namespace billing::bills
