// Bill run: batch-in from the customer stream, batch-out to PostgreSQL (ON CONFLICT skip).
#include "bill_run.h"

#include <map>
#include <set>

#include "errors/error.h"
#include "i18n/messages.h"
#include "settings_document.h"

namespace billing::bills {

std::string BillDescription(const customer::v1::Customer& customer, const domain::Period& period) {
  std::string text = i18n::kInternetBillDescription + period.ToString();
  if (!customer.package_name().empty()) text += " (" + customer.package_name() + ")";
  return text;
}

std::string PackageLabel(const customer::v1::Customer& customer, const std::string& period) {
  std::string label =
      customer.package_name().empty() ? i18n::kLinePackage : customer.package_name();
  return period.empty() ? label : label + " " + period;
}

Discount StandingDiscount(const customer::v1::Customer& customer) {
  Discount discount;
  discount.type = ParseDiscountType(customer.discount_type()).value_or(Discount::Type::kNone);
  discount.value = discount.type == Discount::Type::kNone ? 0 : customer.discount_value();
  return CheckDiscount(discount) == nullptr ? discount : Discount{};
}

namespace {

// `first_bill`: the customer has no internet bill yet (the installation fee is charged).
NewTransaction BillFor(const customer::v1::Customer& customer, const domain::Period& period,
                       const BillTerms& terms, bool first_bill) {
  NewTransaction bill;
  bill.customer_id = customer.id();
  bill.customer_name = customer.name();
  bill.customer_phone = customer.phone();
  bill.type = "internet";
  bill.period = period.ToString();
  bill.description = BillDescription(customer, period);
  bill.due_date =
      period.DueDate(customer.due_day() >= 1 && customer.due_day() <= 28 ? customer.due_day() : 10);
  BillInput input;
  input.package_label = PackageLabel(customer, bill.period);
  input.package_price = customer.monthly_fee();
  input.period = bill.period;
  input.installed_at = customer.installed_at();
  input.installation_fee = first_bill ? customer.installation_fee() : 0;
  input.discount = StandingDiscount(customer);
  ComposedBill composed = ComposeBill(input, terms);
  bill.lines = std::move(composed.lines);
  bill.amount = composed.amount;
  bill.tax_amount = composed.tax_amount;
  bill.discount_amount = composed.discount_amount;
  return bill;
}

}  // namespace

BillRunResult BillRun::Run(const domain::Period& period, const rpc::Caller& actor) {
  BillRunResult result;
  result.period = period.ToString();
  int64_t seen = 0;
  const BillTerms terms = BillTermsOf(settings_.Load());
  customers_.ForEachBillable(actor, [&](const std::vector<customer::v1::Customer>& batch) {
    // Only customers with an installation fee need to know whether this is their first bill.
    std::vector<int64_t> with_fee;
    for (const auto& customer : batch) {
      if (customer.installation_fee() > 0) with_fee.push_back(customer.id());
    }
    std::set<int64_t> billed = transactions_.WithInternetBills(with_fee);
    std::vector<NewTransaction> bills;
    bills.reserve(batch.size());
    for (const auto& customer : batch) {
      ++seen;
      if (customer.monthly_fee() <= 0) continue;
      bool first_bill = customer.installation_fee() > 0 && billed.count(customer.id()) == 0;
      bills.push_back(BillFor(customer, period, terms, first_bill));
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
  // Arrears are old months at the customer's fee: no first-month pro rata, no installation fee,
  // but the customer's discount and PPN as a bill run would have.
  BillTerms terms = BillTermsOf(settings_.Load());
  terms.prorata_first_month = false;
  std::vector<NewTransaction> bills;
  for (const auto& item : arrears) {
    auto found = customers.find(item.customer_id);
    if (found == customers.end() || found->second.type() != customer::v1::CUSTOMER_TYPE_INTERNET) {
      throw errors::InvalidArgument(i18n::kCustomerNotFound);
    }
    if (found->second.monthly_fee() <= 0) continue;  // nothing to bill, as in the bill run
    for (const auto& period : item.periods) {
      bills.push_back(BillFor(found->second, period, terms, false));
    }
  }
  return transactions_.InsertImportedBills(bills, actor);
}

}  // namespace billing::bills
