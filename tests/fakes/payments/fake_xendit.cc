// FakeXendit; what it checks and answers is described in fake_xendit.h.
#include "fakes/payments/fake_xendit.h"

#include <cstdio>

#include "domain/clock.h"
#include "providers/provider_call.h"

namespace billing::testing::payments {
namespace {

using nlohmann::json;

FakeReply Refusal(int status, const std::string& code, const std::string& message) {
  return JsonReply(status, {{"error_code", code}, {"message", message}});
}

std::string IsoIn(std::chrono::seconds from_now) {
  std::string text = domain::FormatRfc3339(std::chrono::system_clock::now() + from_now);
  return text.substr(0, text.size() - 1) + ".000Z";  // Xendit writes milliseconds
}

json InvoiceJson(const XenditInvoice& invoice, const std::string& base_url) {
  json body = {{"id", invoice.id},
               {"external_id", invoice.external_id},
               {"user_id", "5f0000000000000000000001"},
               {"status", invoice.status},
               {"merchant_name", "Fake ISP"},
               {"amount", invoice.amount},
               {"description", invoice.description},
               {"invoice_url", base_url + "/web/" + invoice.id},
               {"expiry_date", invoice.expiry_date},
               {"currency", "IDR"},
               {"created", IsoIn(std::chrono::seconds(0))},
               {"updated", IsoIn(std::chrono::seconds(0))}};
  if (!invoice.paid_at.empty()) {
    body["paid_amount"] = invoice.amount;
    body["paid_at"] = invoice.paid_at;
    body["payment_method"] = "QR_CODE";
    body["payment_channel"] = "QRIS";
  }
  return body;
}

}  // namespace

FakeXendit::FakeXendit(std::string secret_key, std::string callback_token)
    : secret_key_(std::move(secret_key)), callback_token_(std::move(callback_token)) {
  server_.SetHandler([this](const FakeRequest& request) { return Handle(request); });
}

void FakeXendit::SetCallbackUrl(const std::string& url) {
  std::lock_guard lock(mutex_);
  callback_url_ = url;
}

std::optional<XenditInvoice> FakeXendit::FindByExternalId(const std::string& external_id) const {
  std::lock_guard lock(mutex_);
  for (const auto& invoice : invoices_) {
    if (invoice.external_id == external_id) return invoice;
  }
  return std::nullopt;
}

std::vector<XenditInvoice> FakeXendit::Invoices() const {
  std::lock_guard lock(mutex_);
  return invoices_;
}

void FakeXendit::PayBeforeAnsweringNextCreate(const CallbackOptions& options) {
  std::lock_guard lock(mutex_);
  pay_before_answer_ = options;
}

void FakeXendit::PayEarly() {
  std::optional<std::pair<std::string, CallbackOptions>> early;
  {
    std::lock_guard lock(mutex_);
    early.swap(early_payment_);
  }
  if (early) Pay(early->first, early->second);
}

FakeReply FakeXendit::Handle(const FakeRequest& request) {
  if (HeaderOf(request, "authorization") != BasicAuth(secret_key_)) {
    return Refusal(401, "INVALID_API_KEY", "API key is not authorized for this API service");
  }
  if (request.method == "POST" && request.path == "/v2/invoices") {
    FakeReply reply = Create(request);
    PayEarly();
    return reply;
  }
  const std::string prefix = "/v2/invoices/";
  if (request.method == "GET" && request.path.starts_with(prefix) &&
      request.path.size() > prefix.size()) {
    return Get(UrlDecode(request.path.substr(prefix.size())));
  }
  return Refusal(404, "NOT_FOUND", "The requested resource was not found");
}

FakeReply FakeXendit::Create(const FakeRequest& request) {
  json body = json::parse(request.body, nullptr, false);
  if (!body.is_object()) return Refusal(400, "API_VALIDATION_ERROR", "Invalid JSON");
  const std::string external_id = payment::StringField(body, "external_id");
  auto amount = body.contains("amount") ? payment::ParseRupiah(body["amount"]) : std::nullopt;
  if (external_id.empty()) {
    return Refusal(400, "API_VALIDATION_ERROR", "\"external_id\" is required");
  }
  if (!amount || *amount < 1) {
    return Refusal(400, "API_VALIDATION_ERROR", "\"amount\" must be a positive number");
  }
  int64_t duration = 86400;
  if (body.contains("invoice_duration") && body["invoice_duration"].is_number_integer()) {
    duration = body["invoice_duration"].get<int64_t>();
  }
  std::lock_guard lock(mutex_);
  XenditInvoice invoice;
  char id[32];
  std::snprintf(id, sizeof(id), "64a0%020d", ++sequence_);
  invoice.id = id;
  invoice.external_id = external_id;
  invoice.amount = *amount;
  invoice.description = payment::StringField(body, "description");
  invoice.expiry_date = IsoIn(std::chrono::seconds(duration));
  invoices_.push_back(invoice);
  if (pay_before_answer_) {
    early_payment_.emplace(invoice.id, *pay_before_answer_);
    pay_before_answer_.reset();
  }
  return JsonReply(200, InvoiceJson(invoice, server_.BaseUrl()));
}

FakeReply FakeXendit::Get(const std::string& id) const {
  std::lock_guard lock(mutex_);
  for (const auto& invoice : invoices_) {
    if (invoice.id == id) return JsonReply(200, InvoiceJson(invoice, server_.BaseUrl()));
  }
  return Refusal(404, "INVOICE_NOT_FOUND_ERROR", "Invoice not found");
}

Callback FakeXendit::BuildCallback(const std::string& id, const std::string& status,
                                   const CallbackOptions& options) const {
  std::lock_guard lock(mutex_);
  Callback callback;
  for (auto invoice : invoices_) {
    if (invoice.id != id) continue;
    invoice.status = status;
    if ((status == "PAID" || status == "SETTLED") && invoice.paid_at.empty()) {
      invoice.paid_at = IsoIn(std::chrono::seconds(0));
    }
    json body = InvoiceJson(invoice, server_.BaseUrl());
    body.erase("invoice_url");
    body.erase("expiry_date");
    body["is_high"] = false;
    callback.url = callback_url_;
    callback.body = body.dump();
    callback.headers = {{"Content-Type", "application/json"}};
    if (!options.unsigned_callback) {
      callback.headers["x-callback-token"] = callback_token_ + (options.tampered ? "x" : "");
    }
  }
  return callback;
}

std::vector<int> FakeXendit::Transition(const std::string& id, const std::string& status,
                                        const CallbackOptions& options) {
  if (options.change_state) {
    std::lock_guard lock(mutex_);
    for (auto& invoice : invoices_) {
      if (invoice.id != id) continue;
      invoice.status = status;
      if (invoice.paid_at.empty() && status != "EXPIRED") {
        invoice.paid_at = IsoIn(std::chrono::seconds(0));
      }
    }
  }
  return Deliver(BuildCallback(id, status, options), options);
}

std::vector<int> FakeXendit::Pay(const std::string& id, const CallbackOptions& options) {
  return Transition(id, "PAID", options);
}
std::vector<int> FakeXendit::Settle(const std::string& id, const CallbackOptions& options) {
  return Transition(id, "SETTLED", options);
}
std::vector<int> FakeXendit::Expire(const std::string& id, const CallbackOptions& options) {
  return Transition(id, "EXPIRED", options);
}

}  // namespace billing::testing::payments
