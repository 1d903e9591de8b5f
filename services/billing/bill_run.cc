// Bill run: batch-in from the customer stream, batch-out to PostgreSQL (ON CONFLICT skip).
#include "bill_run.h"

#include "i18n/messages.h"

namespace billing::bills {

std::string BillDescription(const customer::v1::Customer& customer, const domain::Period& period) {
  std::string text = i18n::kInternetBillDescription + period.ToString();
  if (!customer.package_name().empty()) text += " (" + customer.package_name() + ")";
  return text;
}

BillRunResult BillRun::Run(const domain::Period& period, const rpc::Caller& actor) {
  BillRunResult result;
  result.period = period.ToString();
  int64_t seen = 0;
  customers_.ForEachBillable(actor, [&](const std::vector<customer::v1::Customer>& batch) {
    std::vector<NewTransaction> bills;
    bills.reserve(batch.size());
    for (const auto& customer : batch) {
      ++seen;
      if (customer.monthly_fee() <= 0) continue;
      NewTransaction bill;
      bill.customer_id = customer.id();
      bill.customer_name = customer.name();
      bill.customer_phone = customer.phone();
      bill.type = "internet";
      bill.period = result.period;
      bill.description = BillDescription(customer, period);
      bill.amount = customer.monthly_fee();
      bill.due_date = period.DueDate(
          customer.due_day() >= 1 && customer.due_day() <= 28 ? customer.due_day() : 10);
      bills.push_back(std::move(bill));
    }
    result.created += transactions_.InsertBills(bills, actor);
  });
  result.skipped = seen - result.created;
  transactions_.RecordBillRun(result.period, result.created, result.skipped, actor);
  return result;
}

}  // namespace billing::bills
