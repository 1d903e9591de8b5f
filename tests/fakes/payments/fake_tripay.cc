// FakeTripay; what it checks and answers is described in fake_tripay.h.
#include "fakes/payments/fake_tripay.h"

#include "providers/signatures.h"

namespace billing::testing::payments {
namespace {

using nlohmann::json;

FakeReply Refusal(int status, const std::string& message) {
  return JsonReply(status, {{"success", false}, {"message", message}});
}

bool IsInteger(const std::string& text) {
  return !text.empty() && text.size() < 16 &&
         text.find_first_not_of("0123456789") == std::string::npos;
}

json TransactionJson(const TripayTransaction& t, const std::string& base_url) {
  return {{"reference", t.reference},
          {"merchant_ref", t.merchant_ref},
          {"payment_selection_type", "static"},
          {"payment_method", t.method},
          {"payment_name", t.method},
          {"amount", t.amount + t.fee_customer},
          {"fee_merchant", 0},
          {"fee_customer", t.fee_customer},
          {"total_fee", t.fee_customer},
          {"amount_received", t.amount},
          {"checkout_url", base_url + "/checkout/" + t.reference},
          {"status", t.status},
          {"callback_url", t.callback_url},
          {"expired_time", t.expired_time},
          {"paid_at", t.paid_at == 0 ? json(nullptr) : json(t.paid_at)}};
}

}  // namespace

FakeTripay::FakeTripay(std::string api_key, std::string private_key, std::string merchant_code)
    : api_key_(std::move(api_key)),
      private_key_(std::move(private_key)),
      merchant_code_(std::move(merchant_code)) {
  server_.SetHandler([this](const FakeRequest& request) { return Handle(request); });
}

void FakeTripay::SetCustomerFee(int64_t fee) {
  std::lock_guard lock(mutex_);
  fee_customer_ = fee;
}

std::optional<TripayTransaction> FakeTripay::FindByMerchantRef(
    const std::string& merchant_ref) const {
  std::lock_guard lock(mutex_);
  for (const auto& t : transactions_) {
    if (t.merchant_ref == merchant_ref) return t;
  }
  return std::nullopt;
}

std::vector<TripayTransaction> FakeTripay::Transactions() const {
  std::lock_guard lock(mutex_);
  return transactions_;
}

void FakeTripay::PayBeforeAnsweringNextCreate(const CallbackOptions& options) {
  std::lock_guard lock(mutex_);
  pay_before_answer_ = options;
}

void FakeTripay::PayEarly() {
  std::optional<std::pair<std::string, CallbackOptions>> early;
  {
    std::lock_guard lock(mutex_);
    early.swap(early_payment_);
  }
  if (early) Pay(early->first, early->second);
}

FakeReply FakeTripay::Handle(const FakeRequest& request) {
  if (request.path.rfind("/checkout/", 0) == 0) return Checkout(request);
  if (HeaderOf(request, "authorization") != "Bearer " + api_key_) {
    return Refusal(401, "Invalid API Key");
  }
  if (request.method == "POST" && request.path == "/transaction/create") {
    FakeReply reply = Create(request);
    PayEarly();
    return reply;
  }
  if (request.method == "GET" && request.path == "/transaction/detail") return Detail(request);
  return Refusal(404, "Not found");
}

FakeReply FakeTripay::Create(const FakeRequest& request) {
  auto form = request.Form();
  for (const char* field : {"method", "merchant_ref", "amount", "customer_name", "customer_email",
                            "customer_phone", "signature"}) {
    if (form[field].empty()) return Refusal(400, std::string("The ") + field + " is required");
  }
  if (!IsInteger(form["amount"])) return Refusal(400, "The amount must be an integer");
  const std::string expected =
      payment::HmacSha256Hex(private_key_, merchant_code_ + form["merchant_ref"] + form["amount"]);
  if (!payment::ConstantTimeEquals(form["signature"], expected)) {
    return Refusal(400, "Invalid signature");
  }
  int64_t items_total = 0;
  for (int i = 0; form.count("order_items[" + std::to_string(i) + "][price]") > 0; ++i) {
    const std::string prefix = "order_items[" + std::to_string(i) + "]";
    if (!IsInteger(form[prefix + "[price]"]) || !IsInteger(form[prefix + "[quantity]"]) ||
        form[prefix + "[name]"].empty()) {
      return Refusal(400, "Invalid order_items");
    }
    items_total += std::stoll(form[prefix + "[price]"]) * std::stoll(form[prefix + "[quantity]"]);
  }
  const int64_t amount = std::stoll(form["amount"]);
  if (items_total != amount) return Refusal(400, "Total amount of order items does not match");
  std::lock_guard lock(mutex_);
  TripayTransaction t;
  t.reference = "DEV-T" + merchant_code_ + std::to_string(100000 + ++sequence_);
  t.merchant_ref = form["merchant_ref"];
  t.method = form["method"];
  t.amount = amount;
  t.fee_customer = fee_customer_;
  t.callback_url = form["callback_url"];
  t.return_url = form["return_url"];
  t.expired_time =
      IsInteger(form["expired_time"]) ? std::stoll(form["expired_time"]) : UnixNow() + 24 * 3600;
  transactions_.push_back(t);
  if (pay_before_answer_) {
    early_payment_.emplace(t.reference, *pay_before_answer_);
    pay_before_answer_.reset();
  }
  return JsonReply(
      200, {{"success", true}, {"message", ""}, {"data", TransactionJson(t, server_.BaseUrl())}});
}

FakeReply FakeTripay::Checkout(const FakeRequest& request) {
  std::string rest = request.path.substr(std::string("/checkout/").size());
  const bool pay =
      request.method == "POST" && rest.size() > 4 && rest.compare(rest.size() - 4, 4, "/pay") == 0;
  if (pay) rest.resize(rest.size() - 4);
  std::optional<TripayTransaction> found;
  {
    std::lock_guard lock(mutex_);
    for (const auto& t : transactions_) {
      if (t.reference == rest) found = t;
    }
  }
  FakeReply page;
  page.content_type = "text/html; charset=utf-8";
  if (!found) {
    page.status = 404;
    page.body =
        "<!doctype html><link rel=icon href=\"data:,\"><title>Tripay</title><p>Transaksi tidak "
        "ditemukan</p>";
    return page;
  }
  if (pay) {
    if (found->status == "UNPAID") Pay(found->reference);
    // Back to the merchant, as Tripay's checkout does after a payment.
    page.body =
        "<!doctype html><link rel=icon href=\"data:,\"><title>Tripay</title><p id=done>Pembayaran "
        "berhasil</p>"
        "<script>location.href = " +
        json(found->return_url).dump() + ";</script>";
    return page;
  }
  const std::string amount = std::to_string(found->amount + found->fee_customer);
  page.body =
      "<!doctype html><link rel=icon href=\"data:,\"><title>Tripay Checkout</title><h1>Tripay "
      "(sandbox palsu)</h1>"
      "<p>" +
      found->merchant_ref + ": Rp <span id=amount>" + amount +
      "</span></p>"
      "<form method=post action=\"/checkout/" +
      found->reference + "/pay\"><button id=pay type=submit>Bayar</button></form>";
  return page;
}

FakeReply FakeTripay::Detail(const FakeRequest& request) const {
  const std::string reference = request.QueryParams()["reference"];
  std::lock_guard lock(mutex_);
  for (const auto& t : transactions_) {
    if (t.reference == reference) {
      return JsonReply(200, {{"success", true},
                             {"message", "Transaction found"},
                             {"data", TransactionJson(t, server_.BaseUrl())}});
    }
  }
  return Refusal(404, "Transaction not found");
}

Callback FakeTripay::BuildCallback(const std::string& reference, const std::string& status,
                                   const CallbackOptions& options) const {
  std::lock_guard lock(mutex_);
  Callback callback;
  for (const auto& t : transactions_) {
    if (t.reference != reference) continue;
    json body = {{"reference", t.reference},
                 {"merchant_ref", t.merchant_ref},
                 {"payment_method", t.method},
                 {"payment_method_code", t.method},
                 {"total_amount", t.amount + t.fee_customer},
                 {"fee_merchant", 0},
                 {"fee_customer", t.fee_customer},
                 {"total_fee", t.fee_customer},
                 {"amount_received", t.amount},
                 {"is_closed_payment", 1},
                 {"status", status},
                 {"paid_at", status == "PAID" ? json(UnixNow()) : json(nullptr)},
                 {"note", nullptr}};
    callback.url = t.callback_url;
    callback.body = body.dump();
    const std::string signature = payment::HmacSha256Hex(private_key_, callback.body);
    if (options.tampered) {
      body["total_amount"] = t.amount + t.fee_customer - 1000;
      callback.body = body.dump();
    }
    callback.headers = {{"Content-Type", "application/json"},
                        {"X-Callback-Event", "payment_status"}};
    if (!options.unsigned_callback) callback.headers["X-Callback-Signature"] = signature;
  }
  return callback;
}

std::vector<int> FakeTripay::Transition(const std::string& reference, const std::string& status,
                                        const CallbackOptions& options) {
  if (options.change_state) {
    std::lock_guard lock(mutex_);
    for (auto& t : transactions_) {
      if (t.reference != reference) continue;
      t.status = status;
      if (status == "PAID") t.paid_at = UnixNow();
    }
  }
  return Deliver(BuildCallback(reference, status, options), options);
}

std::vector<int> FakeTripay::Pay(const std::string& reference, const CallbackOptions& options) {
  return Transition(reference, "PAID", options);
}
std::vector<int> FakeTripay::Expire(const std::string& reference, const CallbackOptions& options) {
  return Transition(reference, "EXPIRED", options);
}
std::vector<int> FakeTripay::Fail(const std::string& reference, const CallbackOptions& options) {
  return Transition(reference, "FAILED", options);
}
std::vector<int> FakeTripay::Refund(const std::string& reference, const CallbackOptions& options) {
  return Transition(reference, "REFUND", options);
}

}  // namespace billing::testing::payments
