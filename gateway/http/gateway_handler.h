// The Pistache handler: request id, client address, routing, auth, errors, access log, metrics.
#pragma once

#include <memory>

#include <pistache/http.h>

#include "http/router.h"
#include "http/static_files.h"
#include "metrics/metrics.h"
#include "middleware/authenticator.h"

namespace billing::gateway {

struct GatewayOptions {
  size_t max_body_bytes = 1024 * 1024;
  bool trust_proxy = false;  // take the client address from X-Forwarded-For
};

// Shared by every Pistache worker thread; immutable after construction except metrics.
class Gateway final {
 public:
  Gateway(Router router, Authenticator authenticator, StaticFiles static_files,
          metrics::Metrics& metrics, GatewayOptions options);

  void Handle(const Pistache::Http::Request& request, Pistache::Http::ResponseWriter writer);

 private:
  // Sets *streamed when a streaming route took over the writer (no Response to send then).
  Response Dispatch(RequestContext& context, Pistache::Http::ResponseWriter& writer,
                    bool* streamed);

  Router router_;
  Authenticator authenticator_;
  StaticFiles static_files_;
  metrics::Metrics& metrics_;
  GatewayOptions options_;
};

class HttpHandler final : public Pistache::Http::Handler {
 public:
  HTTP_PROTOTYPE(HttpHandler)
  explicit HttpHandler(std::shared_ptr<Gateway> gateway) : gateway_(std::move(gateway)) {}
  void onRequest(const Pistache::Http::Request& request,
                 Pistache::Http::ResponseWriter writer) override;
  // Tells an event stream on that connection that it is gone (before the socket closes).
  void onDisconnection(const std::shared_ptr<Pistache::Tcp::Peer>& peer) override;

 private:
  std::shared_ptr<Gateway> gateway_;
};

}  // namespace billing::gateway
