// FakeMidtrans; what it checks and answers is described in fake_midtrans.h.
#include "fakes/payments/fake_midtrans.h"

#include "providers/provider_call.h"
#include "providers/signatures.h"

namespace billing::testing::payments {
namespace {

using nlohmann::json;

FakeReply Refusal(int status, const std::string& message) {
  return JsonReply(status, {{"error_messages", json::array({message})}});
}

std::string Decimal(int64_t amount) { return std::to_string(amount) + ".00"; }

std::string WibNow() {
  std::string text = payment::FormatWib(std::chrono::system_clock::now());
  return text.substr(0, text.size() - 6);  // without " +0700"
}

json TransactionJson(const MidtransTransaction& t, const std::string& server_key) {
  const std::string code = MidtransStatusCode(t.transaction_status);
  json body = {{"status_code", code},
               {"status_message", "Success, transaction is found"},
               {"transaction_id", t.transaction_id},
               {"order_id", t.order_id},
               {"merchant_id", "G000000000"},
               {"gross_amount", Decimal(t.gross_amount)},
               {"currency", "IDR"},
               {"payment_type", "qris"},
               {"transaction_time", WibNow()},
               {"transaction_status", t.transaction_status},
               {"fraud_status", t.fraud_status},
               {"signature_key",
                payment::Sha512Hex(t.order_id + code + Decimal(t.gross_amount) + server_key)}};
  if (!t.settlement_time.empty()) body["settlement_time"] = t.settlement_time;
  return body;
}

}  // namespace

std::string MidtransStatusCode(const std::string& transaction_status) {
  if (transaction_status == "settlement" || transaction_status == "capture") return "200";
  if (transaction_status == "pending") return "201";
  return "202";
}

FakeMidtrans::FakeMidtrans(std::string server_key) : server_key_(std::move(server_key)) {
  server_.SetHandler([this](const FakeRequest& request) { return Handle(request); });
}

void FakeMidtrans::SetNotificationUrl(const std::string& url) {
  std::lock_guard lock(mutex_);
  notification_url_ = url;
}

std::optional<MidtransTransaction> FakeMidtrans::Find(const std::string& order_id) const {
  std::lock_guard lock(mutex_);
  for (const auto& t : transactions_) {
    if (t.order_id == order_id) return t;
  }
  return std::nullopt;
}

std::vector<MidtransTransaction> FakeMidtrans::Transactions() const {
  std::lock_guard lock(mutex_);
  return transactions_;
}

void FakeMidtrans::PayBeforeAnsweringNextCreate(const CallbackOptions& options) {
  std::lock_guard lock(mutex_);
  pay_before_answer_ = options;
}

void FakeMidtrans::PayEarly() {
  std::optional<std::pair<std::string, CallbackOptions>> early;
  {
    std::lock_guard lock(mutex_);
    early.swap(early_payment_);
  }
  if (early) Pay(early->first, early->second);
}

FakeReply FakeMidtrans::Handle(const FakeRequest& request) {
  if (HeaderOf(request, "authorization") != BasicAuth(server_key_)) {
    return Refusal(401,
                   "Access denied due to unauthorized transaction, please check client or server "
                   "key");
  }
  if (request.method == "POST" && request.path == "/snap/v1/transactions") {
    FakeReply reply = Create(request);
    PayEarly();
    return reply;
  }
  const std::string prefix = "/v2/";
  const std::string suffix = "/status";
  if (request.method == "GET" && request.path.starts_with(prefix) &&
      request.path.ends_with(suffix) && request.path.size() > prefix.size() + suffix.size()) {
    return Status(UrlDecode(
        request.path.substr(prefix.size(), request.path.size() - prefix.size() - suffix.size())));
  }
  return Refusal(404, "The requested resource is not found");
}

FakeReply FakeMidtrans::Create(const FakeRequest& request) {
  json body = json::parse(request.body, nullptr, false);
  if (!body.is_object() || !body.contains("transaction_details") ||
      !body["transaction_details"].is_object()) {
    return Refusal(400, "transaction_details is required");
  }
  const json& details = body["transaction_details"];
  const std::string order_id = payment::StringField(details, "order_id");
  auto gross = details.contains("gross_amount") ? payment::ParseRupiah(details["gross_amount"])
                                                : std::nullopt;
  if (order_id.empty()) return Refusal(400, "transaction_details.order_id is required");
  if (!gross || *gross < 1) return Refusal(400, "transaction_details.gross_amount is invalid");
  if (body.contains("item_details")) {
    int64_t total = 0;
    for (const auto& item : body["item_details"]) {
      if (!item.is_object() || !item.value("price", json()).is_number_integer() ||
          !item.value("quantity", json()).is_number_integer()) {
        return Refusal(400, "item_details is invalid");
      }
      total += item["price"].get<int64_t>() * item["quantity"].get<int64_t>();
    }
    if (total != *gross) {
      return Refusal(400,
                     "transaction_details.gross_amount is not equal to the sum of "
                     "item_details");
    }
  }
  std::lock_guard lock(mutex_);
  for (const auto& t : transactions_) {
    if (t.order_id == order_id) return Refusal(400, "transaction_details.order_id sudah digunakan");
  }
  MidtransTransaction t;
  ++sequence_;
  t.order_id = order_id;
  t.token = "snap-token-" + std::to_string(sequence_);
  t.transaction_id = "midtrans-tx-" + std::to_string(sequence_);
  t.gross_amount = *gross;
  const std::string override_url = HeaderOf(request, "x-override-notification");
  t.notification_url = override_url.empty() ? notification_url_ : override_url;
  transactions_.push_back(t);
  if (pay_before_answer_) {
    early_payment_.emplace(t.order_id, *pay_before_answer_);
    pay_before_answer_.reset();
  }
  return JsonReply(
      201, {{"token", t.token}, {"redirect_url", server_.BaseUrl() + "/snap/v2/vtweb/" + t.token}});
}

FakeReply FakeMidtrans::Status(const std::string& order_id) const {
  std::lock_guard lock(mutex_);
  for (const auto& t : transactions_) {
    if (t.order_id == order_id) return JsonReply(200, TransactionJson(t, server_key_));
  }
  return JsonReply(404, {{"status_code", "404"}, {"status_message", "Transaction doesn't exist."}});
}

Callback FakeMidtrans::BuildCallback(const std::string& order_id,
                                     const std::string& transaction_status,
                                     const CallbackOptions& options) const {
  std::lock_guard lock(mutex_);
  Callback callback;
  for (auto t : transactions_) {
    if (t.order_id != order_id) continue;
    t.transaction_status = transaction_status;
    if (transaction_status == "settlement" && t.settlement_time.empty()) {
      t.settlement_time = WibNow();
    }
    json body = TransactionJson(t, server_key_);
    body["status_message"] = "midtrans payment notification";
    if (options.tampered) body["gross_amount"] = Decimal(t.gross_amount - 1000);
    if (options.unsigned_callback) body.erase("signature_key");
    callback.url = t.notification_url;
    callback.body = body.dump();
    callback.headers = {{"Content-Type", "application/json"}};
  }
  return callback;
}

std::vector<int> FakeMidtrans::Transition(const std::string& order_id, const std::string& status,
                                          const CallbackOptions& options) {
  if (options.change_state) {
    std::lock_guard lock(mutex_);
    for (auto& t : transactions_) {
      if (t.order_id != order_id) continue;
      t.transaction_status = status;
      if (status == "settlement") t.settlement_time = WibNow();
    }
  }
  return Deliver(BuildCallback(order_id, status, options), options);
}

std::vector<int> FakeMidtrans::Pay(const std::string& order_id, const CallbackOptions& options) {
  return Transition(order_id, "settlement", options);
}
std::vector<int> FakeMidtrans::Expire(const std::string& order_id, const CallbackOptions& options) {
  return Transition(order_id, "expire", options);
}
std::vector<int> FakeMidtrans::Cancel(const std::string& order_id, const CallbackOptions& options) {
  return Transition(order_id, "cancel", options);
}
std::vector<int> FakeMidtrans::Deny(const std::string& order_id, const CallbackOptions& options) {
  return Transition(order_id, "deny", options);
}

}  // namespace billing::testing::payments
