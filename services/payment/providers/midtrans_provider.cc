// Midtrans Snap; the documented endpoints and fields are listed in midtrans_provider.h.
#include "providers/midtrans_provider.h"

#include "errors/error.h"
#include "http/url_encoding.h"
#include "providers/provider_call.h"
#include "providers/signatures.h"

namespace billing::payment {
namespace {

using nlohmann::json;

constexpr char kName[] = "Midtrans";
constexpr int kWibMinutes = 7 * 60;

std::optional<PaymentStatus> ParseStatus(const std::string& status, const std::string& fraud) {
  if (status == "settlement") return PaymentStatus::kPaid;
  if (status == "capture") {
    if (fraud == "accept") return PaymentStatus::kPaid;
    if (fraud == "challenge") return PaymentStatus::kPending;
    return std::nullopt;
  }
  if (status == "pending") return PaymentStatus::kPending;
  if (status == "expire") return PaymentStatus::kExpired;
  if (status == "cancel" || status == "deny" || status == "failure") return PaymentStatus::kFailed;
  if (status == "refund" || status == "partial_refund") return PaymentStatus::kRefunded;
  return std::nullopt;
}

std::optional<PaymentState> ReadState(const json& body, std::string* problem) {
  PaymentState state;
  state.merchant_ref = StringField(body, "order_id");
  state.provider_reference = StringField(body, "transaction_id");
  std::string paid_at = StringField(body, "settlement_time");
  if (paid_at.empty()) paid_at = StringField(body, "transaction_time");
  state.paid_at = ParseTimestamp(paid_at, kWibMinutes);
  return CompleteState(
      std::move(state),
      ParseStatus(StringField(body, "transaction_status"), StringField(body, "fraud_status")), body,
      "gross_amount", problem);
}

std::string ErrorMessages(const json& body) {
  std::string out;
  if (body.contains("error_messages") && body["error_messages"].is_array()) {
    for (const auto& message : body["error_messages"]) {
      if (message.is_string()) out += (out.empty() ? "" : "; ") + message.get<std::string>();
    }
  }
  return out.empty() ? StringField(body, "status_message") : out;
}

}  // namespace

MidtransProvider::MidtransProvider(MidtransConfig config, http::HttpTransport& transport,
                                   const domain::Clock& clock)
    : config_(std::move(config)),
      snap_url_(ChooseBaseUrl(config_.snap_base_url, config_.mode, kMidtransSnapSandboxUrl,
                              kMidtransSnapProductionUrl)),
      core_url_(ChooseBaseUrl(config_.core_base_url, config_.mode, kMidtransCoreSandboxUrl,
                              kMidtransCoreProductionUrl)),
      transport_(transport),
      clock_(clock) {}

CreatedPayment MidtransProvider::Create(const CreatePaymentRequest& request) {
  const int64_t fee = CustomerFee(config_.fee_mode, config_.customer_fee);
  const int64_t gross = request.amount + fee;
  json items = json::array();
  for (size_t i = 0; i < request.items.size(); ++i) {
    items.push_back({{"id", request.merchant_ref + "-" + std::to_string(i + 1)},
                     {"price", request.items[i].price},
                     {"quantity", request.items[i].quantity},
                     {"name", request.items[i].name.substr(0, 50)}});
  }
  if (fee > 0) {
    items.push_back({{"id", "fee"}, {"price", fee}, {"quantity", 1}, {"name", "Biaya admin"}});
  }
  const TimePoint now = clock_.Now();
  const auto minutes = std::max<int64_t>(
      1, std::chrono::ceil<std::chrono::minutes>(request.expires_at - now).count());
  json body = {
      {"transaction_details", {{"order_id", request.merchant_ref}, {"gross_amount", gross}}},
      {"item_details", items},
      {"customer_details",
       {{"first_name", request.customer_name}, {"phone", request.customer_phone}}},
      {"callbacks", {{"finish", request.return_url}}},
      {"expiry", {{"start_time", FormatWib(now)}, {"unit", "minute"}, {"duration", minutes}}}};
  http::HttpRequest call;
  call.url = snap_url_ + "/snap/v1/transactions";
  call.headers = {{"Authorization", "Basic " + Base64(config_.server_key + ":")},
                  {"Content-Type", "application/json"},
                  {"Accept", "application/json"},
                  {"X-Override-Notification", request.callback_url}};
  call.body = body.dump();
  JsonAnswer answer = CallJson(transport_, call, kName);
  if (answer.status != 200 && answer.status != 201) {
    ThrowRefused(kName, answer.status, ErrorMessages(answer.body));
  }
  CreatedPayment created;
  created.provider_reference = StringField(answer.body, "token");
  created.pay_url = StringField(answer.body, "redirect_url");
  if (created.provider_reference.empty() || created.pay_url.empty()) {
    throw errors::Unavailable("Midtrans answered without token or redirect_url");
  }
  created.amount_charged = gross;
  created.expires_at = now + std::chrono::minutes(minutes);
  return created;
}

PaymentState MidtransProvider::Status(const std::string& merchant_ref,
                                      const std::string& /*provider_reference*/) {
  http::HttpRequest call;
  call.method = "GET";
  call.url = core_url_ + "/v2/" + http::UrlEncode(merchant_ref) + "/status";
  call.headers = {{"Authorization", "Basic " + Base64(config_.server_key + ":")},
                  {"Accept", "application/json"}};
  JsonAnswer answer = CallJson(transport_, call, kName);
  const std::string status_code = StringField(answer.body, "status_code");
  if (answer.status == 404 || status_code == "404") {
    throw errors::NotFound("Midtrans does not know this payment");
  }
  if (answer.status >= 300 || status_code.empty() || status_code[0] == '4') {
    ThrowRefused(kName, answer.status, ErrorMessages(answer.body));
  }
  std::string problem;
  auto state = ReadState(answer.body, &problem);
  return RequireState(std::move(state), problem, "Midtrans's transaction status");
}

CallbackVerdict MidtransProvider::VerifyCallback(const CallbackRequest& callback) const {
  // The signature travels inside the body, so the body is parsed, but nothing but the four
  // signed strings is read before the signature holds.
  CallbackVerdict verdict;
  json body = json::parse(callback.body, nullptr, false);
  if (!body.is_object()) {
    verdict.refusal = "body is not a JSON object";
    return verdict;
  }
  const std::string signature = StringField(body, "signature_key");
  const std::string expected =
      Sha512Hex(StringField(body, "order_id") + StringField(body, "status_code") +
                StringField(body, "gross_amount") + config_.server_key);
  if (!ConstantTimeEquals(signature, expected)) {
    verdict.refusal = "missing or wrong signature_key";
    return verdict;
  }
  verdict.event = ReadState(body, &verdict.refusal);
  return verdict;
}

}  // namespace billing::payment
