// A chunked response written from any thread: every piece goes through Peer::send, Pistache's
// thread-safe write queue, and nothing drains that queue outside the peer's I/O thread (which
// ResponseStream::flush() would do).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <pistache/http.h>

namespace billing::gateway {

class ChunkedStream final {
 public:
  ChunkedStream() = default;
  explicit ChunkedStream(std::weak_ptr<Pistache::Tcp::Peer> peer) : peer_(std::move(peer)) {}

  // Queues one chunk; false when the connection is gone.
  bool Write(std::string_view data);
  // Queues the last chunk, which ends the response.
  void End();

 private:
  std::weak_ptr<Pistache::Tcp::Peer> peer_;
};

// Sends the status line and the writer's headers (with Transfer-Encoding: chunked) and
// returns the stream for the body. Throws std::runtime_error when the connection is gone.
ChunkedStream StartChunked(Pistache::Http::ResponseWriter& writer, Pistache::Http::Code code);

// A response head written by hand: "HTTP/1.1 <code> <reason>", `headers`, then
// Content-Length when `content_length` is given, else Transfer-Encoding: chunked.
std::string ResponseHead(Pistache::Http::Code code,
                         const Pistache::Http::Header::Collection& headers,
                         std::optional<size_t> content_length = std::nullopt);

}  // namespace billing::gateway
