// wa-link's send answers (docs/wa-link.md, "Answers") mapped to the queue's outcomes.
#include "providers/linked_provider.h"

#include <utility>

#include "i18n/messages.h"
#include "i18n/wa_link_messages.h"

namespace billing::messaging {
namespace {

// wa-link's English `message`, for the stored reason after the Indonesian text.
std::string WithMessage(const std::string& text, const nlohmann::json& answer) {
  if (answer.is_object() && answer.contains("message") && answer["message"].is_string()) {
    std::string message = answer["message"].get<std::string>();
    if (!message.empty()) return text + " (" + message + ")";
  }
  return text;
}

SendResult Result(SendResult::Outcome outcome, const std::string& reason) {
  SendResult result;
  result.outcome = outcome;
  result.reason = ClipReason(reason);
  return result;
}

}  // namespace

std::string SendKey(int64_t message_id) { return "msg-" + std::to_string(message_id); }

LinkedProvider::LinkedProvider(WaLinkConfig config) : config_(std::move(config)) {}

HttpRequest LinkedProvider::BuildRequest(const OutgoingMessage& message) const {
  return WaLinkClient::SendRequest(config_, message.to, message.body, SendKey(message.id));
}

SendResult LinkedProvider::ParseResponse(const HttpResult& result) const {
  nlohmann::json answer = nlohmann::json::parse(result.body, nullptr, false);
  using Outcome = SendResult::Outcome;
  switch (result.status) {
    case 200: {
      if (answer.is_object() && answer.contains("id") && answer["id"].is_string() &&
          !answer["id"].get<std::string>().empty()) {
        SendResult sent;
        sent.outcome = Outcome::kSent;
        sent.provider_message_id = answer["id"].get<std::string>();
        return sent;
      }
      // Taken with an answer we do not understand: it may have gone out, so never retry.
      return Result(Outcome::kPermanent, i18n::kProviderUnexpectedAnswer + result.body);
    }
    case 400:
      return Result(Outcome::kPermanent, WithMessage(i18n::kWaLinkBadRequest, answer));
    case 401:  // a configuration mistake, not the message's fault: it waits for the fix
      return Result(Outcome::kRetry, i18n::kWaLinkRefusedSecret);
    case 409:
      return Result(Outcome::kRetry, i18n::kWaLinkNotLinked);
    case 422:
      return Result(Outcome::kPermanent, i18n::kWaLinkNotOnWhatsapp);
    case 429:
      return Result(Outcome::kRetry, i18n::kWaLinkRateLimited);
    case 502:
      return Result(Outcome::kRetry, WithMessage(i18n::kWaLinkSendFailed, answer));
    case 0:
      return Result(Outcome::kRetry,
                    std::string(i18n::kWaLinkUnreachable) + " (" + result.transport_error + ")");
    default:
      return ClassifyFailure(
          result, answer.is_object() && answer.contains("message") && answer["message"].is_string()
                      ? answer["message"].get<std::string>()
                      : result.body);
  }
}

ConnectionCheck LinkedProvider::Check(HttpTransport& transport) const {
  LinkStatus status = WaLinkClient(config_, transport).Status();
  if (status.Connected()) return {true, ""};
  return {false, LinkDetail(status)};
}

bool LinkedProvider::Ready(HttpTransport& transport) const {
  return WaLinkClient(config_, transport).Status().Connected();
}

}  // namespace billing::messaging
