// A browser's event stream over a Pistache connection. The sink owns all writing on that
// connection: it sends on its own duplicate of the socket, never through Pistache's write
// queue, so no client behaviour can trip Pistache 0.0.5's transport (see pistache_sink.cc).
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "sse/stream_sink.h"

namespace Pistache::Http {
class ResponseWriter;
}
namespace Pistache::Tcp {
class Peer;
}

namespace billing::gateway::sse {

// The non-blocking writes under every stream (exposed for tests and the micro-benchmark).
// Bytes of `frame` as one HTTP/1.1 chunk: size line, payload, CRLF.
size_t ChunkSize(size_t frame_size);
// Sends `frame` as one chunk on `fd` without blocking and without copying it when the reader
// keeps up (one sendmsg); whatever the kernel does not take is appended to `pending`, in order
// after what was already there. False when the connection is broken.
bool SendChunk(int fd, std::string_view frame, std::string& pending);
// Sends as much of `pending` as the kernel takes and drops it from `pending`. False when the
// connection is broken.
bool SendBuffered(int fd, std::string& pending);

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
