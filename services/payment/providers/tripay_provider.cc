// Tripay closed payment; the documented endpoints and fields are listed in tripay_provider.h.
#include "providers/tripay_provider.h"

#include "errors/error.h"
#include "http/url_encoding.h"
#include "providers/provider_call.h"
#include "providers/signatures.h"

namespace billing::payment {
namespace {

using nlohmann::json;

constexpr char kName[] = "Tripay";

std::optional<PaymentStatus> ParseStatus(const std::string& status) {
  if (status == "UNPAID") return PaymentStatus::kPending;
  if (status == "PAID") return PaymentStatus::kPaid;
  if (status == "EXPIRED") return PaymentStatus::kExpired;
  if (status == "FAILED") return PaymentStatus::kFailed;
  if (status == "REFUND") return PaymentStatus::kRefunded;
  return std::nullopt;
}

// Reads {reference, merchant_ref, <amount_key>, status, paid_at}; nullopt names what is wrong.
std::optional<PaymentState> ReadState(const json& data, const char* amount_key,
                                      std::string* problem) {
  PaymentState state;
  state.provider_reference = StringField(data, "reference");
  state.merchant_ref = StringField(data, "merchant_ref");
  if (data.contains("paid_at")) state.paid_at = FromUnixSeconds(data["paid_at"]);
  return CompleteState(std::move(state), ParseStatus(StringField(data, "status")), data, amount_key,
                       problem);
}

}  // namespace

TripayProvider::TripayProvider(TripayConfig config, http::HttpTransport& transport)
    : config_(std::move(config)),
      base_url_(
          ChooseBaseUrl(config_.base_url, config_.mode, kTripaySandboxUrl, kTripayProductionUrl)),
      transport_(transport) {}

CreatedPayment TripayProvider::Create(const CreatePaymentRequest& request) {
  const std::string amount = std::to_string(request.amount);
  std::vector<std::pair<std::string, std::string>> fields = {
      {"method", config_.method},
      {"merchant_ref", request.merchant_ref},
      {"amount", amount},
      {"customer_name", request.customer_name},
      {"customer_email", config_.customer_email},
      {"customer_phone", request.customer_phone},
  };
  for (size_t i = 0; i < request.items.size(); ++i) {
    const std::string prefix = "order_items[" + std::to_string(i) + "]";
    fields.emplace_back(prefix + "[sku]", request.merchant_ref + "-" + std::to_string(i + 1));
    fields.emplace_back(prefix + "[name]", request.items[i].name);
    fields.emplace_back(prefix + "[price]", std::to_string(request.items[i].price));
    fields.emplace_back(prefix + "[quantity]", std::to_string(request.items[i].quantity));
  }
  fields.emplace_back("return_url", request.return_url);
  fields.emplace_back("callback_url", request.callback_url);
  fields.emplace_back("expired_time", std::to_string(ToUnixSeconds(request.expires_at)));
  fields.emplace_back(
      "signature",
      HmacSha256Hex(config_.private_key, config_.merchant_code + request.merchant_ref + amount));
  http::HttpRequest call;
  call.url = base_url_ + "/transaction/create";
  call.headers = {{"Authorization", "Bearer " + config_.api_key},
                  {"Content-Type", "application/x-www-form-urlencoded"},
                  {"Accept", "application/json"}};
  call.body = http::FormBody(fields);
  JsonAnswer answer = CallJson(transport_, call, kName);
  const json& data = answer.body.contains("data") ? answer.body["data"] : json::object();
  if (answer.status >= 300 || answer.body.value("success", json(false)) != json(true) ||
      !data.is_object()) {
    ThrowRefused(kName, answer.status, StringField(answer.body, "message"));
  }
  CreatedPayment created;
  created.provider_reference = StringField(data, "reference");
  created.pay_url = StringField(data, "checkout_url");
  auto charged = data.contains("amount") ? ParseRupiah(data["amount"]) : std::nullopt;
  auto expires =
      data.contains("expired_time") ? FromUnixSeconds(data["expired_time"]) : std::nullopt;
  if (created.provider_reference.empty() || created.pay_url.empty() || !charged) {
    throw errors::Unavailable("Tripay answered without reference, checkout_url or amount");
  }
  created.amount_charged = *charged;
  created.expires_at = expires.value_or(request.expires_at);
  return created;
}

PaymentState TripayProvider::Status(const std::string& /*merchant_ref*/,
                                    const std::string& provider_reference) {
  http::HttpRequest call;
  call.method = "GET";
  call.url = base_url_ + "/transaction/detail?reference=" + http::UrlEncode(provider_reference);
  call.headers = {{"Authorization", "Bearer " + config_.api_key}, {"Accept", "application/json"}};
  JsonAnswer answer = CallJson(transport_, call, kName);
  if (answer.status == 404) throw errors::NotFound("Tripay does not know this payment");
  const json& data = answer.body.contains("data") ? answer.body["data"] : json::object();
  if (answer.status >= 300 || answer.body.value("success", json(false)) != json(true) ||
      !data.is_object()) {
    ThrowRefused(kName, answer.status, StringField(answer.body, "message"));
  }
  std::string problem;
  auto state = ReadState(data, "amount", &problem);
  return RequireState(std::move(state), problem, "Tripay's transaction detail");
}

CallbackVerdict TripayProvider::VerifyCallback(const CallbackRequest& callback) const {
  CallbackVerdict verdict;
  auto event = callback.headers.find("x-callback-event");
  auto signature = callback.headers.find("x-callback-signature");
  if (signature == callback.headers.end() ||
      !ConstantTimeEquals(signature->second, HmacSha256Hex(config_.private_key, callback.body))) {
    verdict.refusal = "missing or wrong X-Callback-Signature";
    return verdict;
  }
  if (event == callback.headers.end() || event->second != "payment_status") {
    verdict.refusal = "X-Callback-Event is not payment_status";
    return verdict;
  }
  json body = json::parse(callback.body, nullptr, false);
  if (!body.is_object()) {
    verdict.refusal = "body is not a JSON object";
    return verdict;
  }
  verdict.event = ReadState(body, "total_amount", &verdict.refusal);
  return verdict;
}

}  // namespace billing::payment
