// Xendit Invoice; the documented endpoints and fields are listed in xendit_provider.h.
#include "providers/xendit_provider.h"

#include "errors/error.h"
#include "http/url_encoding.h"
#include "providers/provider_call.h"
#include "providers/signatures.h"

namespace billing::payment {
namespace {

using nlohmann::json;

constexpr char kName[] = "Xendit";

std::optional<PaymentStatus> ParseStatus(const std::string& status) {
  if (status == "PENDING") return PaymentStatus::kPending;
  if (status == "PAID" || status == "SETTLED") return PaymentStatus::kPaid;
  if (status == "EXPIRED") return PaymentStatus::kExpired;
  return std::nullopt;
}

std::optional<PaymentState> ReadState(const json& body, std::string* problem) {
  PaymentState state;
  state.provider_reference = StringField(body, "id");
  state.merchant_ref = StringField(body, "external_id");
  state.paid_at = ParseTimestamp(StringField(body, "paid_at"));
  return CompleteState(std::move(state), ParseStatus(StringField(body, "status")), body,
                       body.contains("paid_amount") ? "paid_amount" : "amount", problem);
}

// The customer as Xendit takes it; a customer whose phone is still to be filled in goes
// without mobile_number (Xendit refuses an empty one).
json CustomerOf(const CreatePaymentRequest& request) {
  json customer = {{"given_names", request.customer_name}};
  const std::string& phone = request.customer_phone;
  if (!phone.empty()) customer["mobile_number"] = phone[0] == '+' ? phone : "+" + phone;
  return customer;
}

}  // namespace

XenditProvider::XenditProvider(XenditConfig config, http::HttpTransport& transport,
                               const domain::Clock& clock)
    : config_(std::move(config)),
      base_url_(ChooseBaseUrl(config_.base_url, config_.mode, kXenditUrl, kXenditUrl)),
      transport_(transport),
      clock_(clock) {}

CreatedPayment XenditProvider::Create(const CreatePaymentRequest& request) {
  const int64_t fee = CustomerFee(config_.fee_mode, config_.customer_fee);
  const int64_t amount = request.amount + fee;
  json items = json::array();
  for (const auto& item : request.items) {
    items.push_back({{"name", item.name}, {"quantity", item.quantity}, {"price", item.price}});
  }
  const auto seconds = std::max<int64_t>(
      1, std::chrono::ceil<std::chrono::seconds>(request.expires_at - clock_.Now()).count());
  json body = {
      {"external_id", request.merchant_ref},
      {"amount", amount},
      {"description", request.items.empty() ? request.merchant_ref : request.items[0].name},
      {"invoice_duration", seconds},
      {"customer", CustomerOf(request)},
      {"success_redirect_url", request.return_url},
      {"failure_redirect_url", request.return_url},
      {"currency", "IDR"},
      {"items", items}};
  if (fee > 0) {
    body["fees"] = json::array({{{"type", "Biaya admin"}, {"value", fee}}});
  }
  http::HttpRequest call;
  call.url = base_url_ + "/v2/invoices";
  call.headers = {{"Authorization", "Basic " + Base64(config_.secret_key + ":")},
                  {"Content-Type", "application/json"},
                  {"Accept", "application/json"}};
  call.body = body.dump();
  JsonAnswer answer = CallJson(transport_, call, kName);
  if (answer.status >= 300) ThrowRefused(kName, answer.status, StringField(answer.body, "message"));
  CreatedPayment created;
  created.provider_reference = StringField(answer.body, "id");
  created.pay_url = StringField(answer.body, "invoice_url");
  auto charged = answer.body.contains("amount") ? ParseRupiah(answer.body["amount"]) : std::nullopt;
  if (created.provider_reference.empty() || created.pay_url.empty() || !charged) {
    throw errors::Unavailable("Xendit answered without id, invoice_url or amount");
  }
  created.amount_charged = *charged;
  created.expires_at =
      ParseTimestamp(StringField(answer.body, "expiry_date")).value_or(request.expires_at);
  return created;
}

PaymentState XenditProvider::Status(const std::string& /*merchant_ref*/,
                                    const std::string& provider_reference) {
  http::HttpRequest call;
  call.method = "GET";
  call.url = base_url_ + "/v2/invoices/" + http::UrlEncode(provider_reference);
  call.headers = {{"Authorization", "Basic " + Base64(config_.secret_key + ":")},
                  {"Accept", "application/json"}};
  JsonAnswer answer = CallJson(transport_, call, kName);
  if (answer.status == 404) throw errors::NotFound("Xendit does not know this invoice");
  if (answer.status >= 300) ThrowRefused(kName, answer.status, StringField(answer.body, "message"));
  std::string problem;
  auto state = ReadState(answer.body, &problem);
  return RequireState(std::move(state), problem, "Xendit's invoice");
}

CallbackVerdict XenditProvider::VerifyCallback(const CallbackRequest& callback) const {
  CallbackVerdict verdict;
  auto token = callback.headers.find("x-callback-token");
  if (token == callback.headers.end() ||
      !ConstantTimeEquals(token->second, config_.callback_token)) {
    verdict.refusal = "missing or wrong x-callback-token";
    return verdict;
  }
  json body = json::parse(callback.body, nullptr, false);
  if (!body.is_object()) {
    verdict.refusal = "body is not a JSON object";
    return verdict;
  }
  verdict.event = ReadState(body, &verdict.refusal);
  return verdict;
}

}  // namespace billing::payment
