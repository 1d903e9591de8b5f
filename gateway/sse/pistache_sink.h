// A browser's event stream over a Pistache connection: chunked writes queued on the reactor,
// unsent bytes bounded, closed gracefully (last chunk) or forcibly (slow or gone client).
#pragma once

#include <cstddef>
#include <memory>
#include <string>

#include "sse/stream_sink.h"

namespace Pistache::Tcp {
class Peer;
}

namespace billing::gateway::sse {

class PistacheSink final : public StreamSink {
 public:
  // Takes over `peer` after the response head was flushed; marks it idle so Pistache's header
  // timeout does not cut the stream (its keep-alive timeout still applies, hence the hub's
  // maximum stream age). Throws errors::Error when the connection already carries a stream.
  PistacheSink(const std::shared_ptr<Pistache::Tcp::Peer>& peer, size_t max_pending_bytes);
  ~PistacheSink() override;
  PistacheSink(const PistacheSink&) = delete;
  PistacheSink& operator=(const PistacheSink&) = delete;

  bool Write(const std::string& frame) override;
  void Close() override;

  // From the HTTP handler's onDisconnection (reactor thread, before Pistache closes the
  // socket): the stream on that connection is gone.
  static void PeerDisconnected(const std::shared_ptr<Pistache::Tcp::Peer>& peer);

 private:
  struct State;
  std::shared_ptr<State> state_;
  std::weak_ptr<Pistache::Tcp::Peer> peer_;
  size_t max_pending_bytes_;
};

}  // namespace billing::gateway::sse
