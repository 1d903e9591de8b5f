// Bill run: batch-in from the customer stream, batch-out to PostgreSQL (ON CONFLICT skip).
#include "bill_run.h"

#include <map>

#include "errors/error.h"
#include "i18n/messages.h"

namespace billing::bills {

std::string BillDescription(const customer::v1::Customer& customer, const domain::Period& period) {
  std::string text = i18n::kInternetBillDescription + period.ToString();
  if (!customer.package_name().empty()) text += " (" + customer.package_name() + ")";
  return text;
}

namespace {

NewTransaction BillFor(const customer::v1::Customer& customer, const domain::Period& period) {
  NewTransaction bill;
  bill.customer_id = customer.id();
  bill.customer_name = customer.name();
  bill.customer_phone = customer.phone();
  bill.type = "internet";
  bill.period = period.ToString();
  bill.description = BillDescription(customer, period);
  bill.amount = customer.monthly_fee();
  bill.due_date =
      period.DueDate(customer.due_day() >= 1 && customer.due_day() <= 28 ? customer.due_day() : 10);
  return bill;
}

}  // namespace

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
      bills.push_back(BillFor(customer, period));
    }
    result.created += transactions_.InsertBills(bills, actor);
  });
  result.skipped = seen - result.created;
  transactions_.RecordBillRun(result.period, result.created, result.skipped, actor);
  return result;
}

int64_t BillRun::ImportArrears(const std::vector<ImportedArrears>& arrears,
                               const rpc::Caller& actor) {
  std::vector<int64_t> ids;
  ids.reserve(arrears.size());
  for (const auto& item : arrears) ids.push_back(item.customer_id);
  std::map<int64_t, customer::v1::Customer> customers;
  for (auto& customer : customers_.FindMany(ids, actor)) customers.emplace(customer.id(), customer);
  std::vector<NewTransaction> bills;
  for (const auto& item : arrears) {
    auto found = customers.find(item.customer_id);
    if (found == customers.end() || found->second.type() != customer::v1::CUSTOMER_TYPE_INTERNET) {
      throw errors::InvalidArgument(i18n::kCustomerNotFound);
    }
    if (found->second.monthly_fee() <= 0) continue;  // nothing to bill, as in the bill run
    for (const auto& period : item.periods) bills.push_back(BillFor(found->second, period));
  }
  return transactions_.InsertImportedBills(bills, actor);
}

}  // namespace billing::bills
