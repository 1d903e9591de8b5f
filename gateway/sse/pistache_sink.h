// A browser's event stream over a Pistache connection. The sink owns all writing on that
// connection: it sends on its own duplicate of the socket, never through Pistache's write
// queue, so no client behaviour can trip Pistache 0.0.5's transport (see pistache_sink.cc).
#pragma once

#include <cstddef>
#include <memory>
#include <string>

#include "sse/stream_sink.h"

namespace Pistache::Http {
class ResponseWriter;
}
namespace Pistache::Tcp {
class Peer;
}

namespace billing::gateway::sse {

class PistacheSink final : public StreamSink {
 public:
  // Takes over the connection of `writer` and sends the response head (200, the writer's
  // headers, chunked). Unsent bytes (the head included) are bounded by max_pending_bytes.
  // Marks the peer idle so Pistache's header timeout does not answer 408 into the stream.
  // Throws errors::Error when the connection is gone or already carries a stream; nothing was
  // sent then.
  static std::unique_ptr<PistacheSink> Start(Pistache::Http::ResponseWriter& writer,
                                             size_t max_pending_bytes);
  ~PistacheSink() override;
  PistacheSink(const PistacheSink&) = delete;
  PistacheSink& operator=(const PistacheSink&) = delete;

  bool Write(const std::string& frame) override;
  bool Flush() override;
  void Close() override;

  // From the HTTP handler's onDisconnection (reactor thread): the stream on that connection
  // is gone; its socket is released at once.
  static void PeerDisconnected(const std::shared_ptr<Pistache::Tcp::Peer>& peer);

  struct State;

 private:
  PistacheSink(std::shared_ptr<State> state, size_t max_pending_bytes);

  std::shared_ptr<State> state_;
  size_t max_pending_bytes_;
};

}  // namespace billing::gateway::sse
