// RadiusDriver: decides when a session must end and maps the NAS's answer to NetworkError.
#include "radius/radius_driver.h"

#include <string>
#include <utility>

#include "i18n/messages.h"
#include "radius/disconnect_client.h"

namespace billing::network {
namespace {

class RadiusSession final : public RouterSession {
 public:
  RadiusSession(radius::DisconnectClient client, std::string endpoint)
      : client_(std::move(client)), endpoint_(std::move(endpoint)) {}

  void Apply(const Subscriber& desired, const std::optional<Applied>& previous) override {
    if (!NeedsDisconnect(desired, previous)) return;
    // The session on the NAS carries the name the customer logged in with: the applied one.
    const std::string& username =
        previous->username.empty() ? desired.username : previous->username;
    if (username.empty()) return;
    radius::DisconnectResult result;
    try {
      result = client_.Send({radius::Attribute::Text(radius::attribute::kUserName, username)});
    } catch (const radius::DisconnectError& error) {
      throw NetworkError(std::string(i18n::kRadiusSendFailed) + error.what(), true);
    }
    contacted_ = result.outcome == radius::DisconnectOutcome::kAck ||
                 result.outcome == radius::DisconnectOutcome::kNak || contacted_;
    switch (result.outcome) {
      case radius::DisconnectOutcome::kAck:
        return;
      case radius::DisconnectOutcome::kNak:
        // No session to end (the customer is offline) is as good as ended.
        if (result.error_cause == radius::error_cause::kSessionContextNotFound) return;
        throw NetworkError(std::string(i18n::kRadiusDisconnectRejected) +
                               (result.error_cause ? std::to_string(*result.error_cause) : "-") +
                               ")",
                           false);
      case radius::DisconnectOutcome::kBadAuthenticator:
        throw NetworkError(i18n::kRadiusBadSecret, true);
      case radius::DisconnectOutcome::kTimeout:
        throw NetworkError(std::string(i18n::kRadiusNoAnswer) + endpoint_, true);
    }
  }

  bool contacted() const override { return contacted_; }

 private:
  radius::DisconnectClient client_;
  std::string endpoint_;
  bool contacted_ = false;
};

}  // namespace

bool NeedsDisconnect(const Subscriber& desired, const std::optional<Applied>& previous) {
  if (!previous) return false;  // never applied: no session of ours to end
  return previous->status != desired.status || previous->profile != desired.profile ||
         (desired.deleted && !previous->deleted) || previous->username != desired.username;
}

RadiusDriver::RadiusDriver(RadiusDriverOptions options) : options_(std::move(options)) {}

std::unique_ptr<RouterSession> RadiusDriver::Open(const RouterConfig& router) {
  if (router.secret.empty()) throw NetworkError(i18n::kRadiusSecretMissing, true);
  radius::DisconnectOptions options;
  options.host = router.host;
  options.port = router.port > 0 ? router.port : 3799;
  options.secret = router.secret;
  options.timeout = options_.timeout.value_or(
      std::chrono::milliseconds(router.timeout_ms > 0 ? router.timeout_ms : 3000));
  options.attempts = options_.attempts;
  const std::string endpoint = radius::DescribeEndpoint(options.host, options.port);
  try {
    return std::make_unique<RadiusSession>(radius::DisconnectClient(std::move(options)), endpoint);
  } catch (const radius::DisconnectError&) {
    throw NetworkError(i18n::kRadiusHostUnresolved + router.host, true);
  } catch (const std::invalid_argument& error) {
    throw NetworkError(std::string(i18n::kRadiusSendFailed) + error.what(), true);
  }
}

}  // namespace billing::network
