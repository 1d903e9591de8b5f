// The owner's own WhatsApp through the wa-link sidecar (a linked device): POST {WA_LINK_URL}/send
// with the shared secret and the message's idempotency key.
#pragma once

#include "providers/provider.h"
#include "wa_link_client.h"

namespace billing::messaging {

class LinkedProvider final : public Provider {
 public:
  // wa-link's address and secret come from the process's env, not from the settings.
  explicit LinkedProvider(WaLinkConfig config);

  std::string Name() const override { return "linked"; }
  // {to, text, key: "msg-<message id>"}: every attempt of one message carries the same key, so
  // wa-link never sends it twice.
  HttpRequest BuildRequest(const OutgoingMessage& message) const override;
  SendResult ParseResponse(const HttpResult& result) const override;
  // GET /status: connected, or why not in Indonesian.
  ConnectionCheck Check(HttpTransport& transport) const override;
  // Only while the phone is connected: otherwise messages wait without using up attempts.
  bool Ready(HttpTransport& transport) const override;

 private:
  WaLinkConfig config_;
};

// The idempotency key of a queued message at wa-link.
std::string SendKey(int64_t message_id);

}  // namespace billing::messaging
