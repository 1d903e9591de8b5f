// Pistache's connection-level hooks, rewritten around its own request parser: Pistache 0.0.5
// buffers a whole request (up to maxRequestSize) before onRequest, answers its own errors in
// plain text and counts the header timeout from the end of the previous request. Here a body
// over its route's limit is refused as soon as the headers are in (Content-Length) or as it
// grows (chunked), in the one error shape; the connection is then closed after a bounded
// discard. All of this runs on the connection's I/O thread.
#include <new>
#include <stdexcept>
#include <sys/socket.h>

#include <pistache/peer.h>

#include "errors/error.h"
#include "http/gateway_handler.h"
#include "http/security_headers.h"
#include "i18n/messages.h"
#include "log/log.h"
#include "sse/pistache_sink.h"

namespace billing::gateway {
namespace {

constexpr const char* kConnectionKey = "billing.connection";
constexpr const char* kReservedKey = "billing.reserved";
// After a refusal, up to this much more input is read and dropped so that the client (still
// sending its body) gets to read the answer; then the connection is cut.
constexpr size_t kDiscardAfterRefusal = 8 * 1024 * 1024;

struct ConnectionState {
  std::shared_ptr<void> slot;  // this connection's place in the per-address limit
  bool receiving = false;      // the current request's first bytes arrived
  size_t body_limit = 0;       // of the request being received, once its headers are in
  bool refused = false;        // answered with an error: input is discarded
  size_t discard_left = 0;
};

std::shared_ptr<ConnectionState> StateOf(const std::shared_ptr<Pistache::Tcp::Peer>& peer) {
  return std::static_pointer_cast<ConnectionState>(peer->tryGetData(kConnectionKey));
}

// Writes the error straight to the socket (nothing else is queued on a connection whose
// request is still arriving) and half-closes it; the rest of the input is then discarded.
void Refuse(const std::shared_ptr<Pistache::Tcp::Peer>& peer, ConnectionState& state,
            const errors::Error& error) {
  std::string bytes = RawErrorResponse(error);
  int fd = peer->fd();
  ssize_t sent = ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
  (void)sent;  // a full socket buffer only loses the courtesy answer
  ::shutdown(fd, SHUT_WR);
  state.refused = true;
  state.receiving = false;
  state.discard_left = kDiscardAfterRefusal;
  // Idle: Pistache's keep-alive timeout then drops it quietly if the client never closes.
  peer->setIdle(true);
}

void Discard(const std::shared_ptr<Pistache::Tcp::Peer>& peer, ConnectionState& state, size_t len) {
  if (len < state.discard_left) {
    state.discard_left -= len;
    return;
  }
  state.discard_left = 0;
  // Reads now end at once; the I/O thread sees the end of input and drops the connection.
  ::shutdown(peer->fd(), SHUT_RDWR);
}

void CheckBodySize(const Pistache::Http::Request& request, size_t limit) {
  auto length = request.headers().tryGet<Pistache::Http::Header::ContentLength>();
  if ((length && length->value() > limit) || request.body().size() > limit) {
    throw errors::Error(errors::Code::kPayloadTooLarge, i18n::kBodyTooLarge);
  }
}

}  // namespace

void HttpHandler::onConnection(const std::shared_ptr<Pistache::Tcp::Peer>& peer) {
  // What Pistache's own onConnection does; its idle-peer check needs the parser on every peer.
  peer->putData(ParserData, std::make_shared<Pistache::Http::RequestParser>(getMaxRequestSize()));
  auto state = std::make_shared<ConnectionState>();
  peer->putData(kConnectionKey, state);
  // Peer's data map is not synchronised, and an event stream (opened on a worker) adds its
  // entry later while this I/O thread reads the map. A third entry now makes libstdc++ grow
  // the table to 5 buckets here, so that later insert never rehashes under a reader.
  peer->putData(kReservedKey, state);
  std::string address = peer->address().host();
  // A trusted proxy carries many clients on its connections; it limits them itself.
  if (gateway_->options().trusted_proxies.Contains(address)) return;
  state->slot = gateway_->connections().Acquire(address);
  if (state->slot == nullptr) {
    log::Warn("connection refused: too many from one address", {{"client_ip", address}});
    errors::Error error(errors::Code::kResourceExhausted, i18n::kTooManyConnections);
    error.WithRetryAfter(5);
    Refuse(peer, *state, error);
  }
}

void HttpHandler::onInput(const char* buffer, size_t len,
                          const std::shared_ptr<Pistache::Tcp::Peer>& peer) {
  auto parser = getParser(peer);
  auto state = StateOf(peer);
  if (parser == nullptr || state == nullptr) return;
  if (state->refused) {
    Discard(peer, *state, len);
    return;
  }
  if (!state->receiving) {
    // A new request: the header timeout counts from its first byte, not from the end of the
    // previous one (Pistache resets the clock only when a request completes).
    parser->reset();
    state->receiving = true;
    state->body_limit = 0;
    peer->setIdle(false);
  }
  try {
    if (!parser->feed(buffer, len)) {
      throw errors::Error(errors::Code::kPayloadTooLarge, i18n::kBodyTooLarge);
    }
    auto parsed = parser->parse();
    auto& request = parser->request;
    bool headers_in = parsed == Pistache::Http::Private::State::Done ||
                      parser->step()->id() == Pistache::Http::Private::BodyStep::Id;
    if (headers_in) {
      if (state->body_limit == 0) {
        state->body_limit =
            gateway_->BodyLimit(Pistache::Http::methodString(request.method()), request.resource());
      }
      CheckBodySize(request, state->body_limit);
    }
    if (parsed != Pistache::Http::Private::State::Done) return;

    state->receiving = false;
    auto complete = std::make_shared<Pistache::Http::Request>(std::move(parser->request));
    parser->reset();
    complete->copyAddress(peer->address());
    Pistache::Http::ResponseWriter writer(complete->version(), transport(), this, peer);
    auto connection = complete->headers().tryGet<Pistache::Http::Header::Connection>();
    writer.headers().add<Pistache::Http::Header::Connection>(
        connection ? connection->control() : Pistache::Http::ConnectionControl::Close);
    // While a worker handles it the connection counts as idle: the keep-alive timeout, not
    // the header timeout, bounds a slow answer.
    peer->setIdle(true);
    gateway_->Submit(std::move(complete), std::move(writer));
  } catch (const errors::Error& error) {
    parser->reset();
    Refuse(peer, *state, error);
  } catch (const Pistache::Http::HttpError& error) {
    parser->reset();
    Refuse(peer, *state,
           error.code() == static_cast<int>(Pistache::Http::Code::Request_Entity_Too_Large)
               ? errors::Error(errors::Code::kPayloadTooLarge, i18n::kBodyTooLarge)
               : errors::InvalidArgument(i18n::kBadHttpRequest));
  } catch (const std::length_error&) {  // Pistache reserves the declared body size
    parser->reset();
    Refuse(peer, *state, errors::Error(errors::Code::kPayloadTooLarge, i18n::kBodyTooLarge));
  } catch (const std::bad_alloc&) {
    parser->reset();
    Refuse(peer, *state, errors::Error(errors::Code::kPayloadTooLarge, i18n::kBodyTooLarge));
  } catch (const std::exception&) {
    parser->reset();
    Refuse(peer, *state, errors::InvalidArgument(i18n::kBadHttpRequest));
  }
}

void HttpHandler::onRequest(const Pistache::Http::Request& request,
                            Pistache::Http::ResponseWriter writer) {
  // Only reached if Pistache's own input path is used; ours calls Gateway::Submit directly.
  gateway_->Submit(std::make_shared<Pistache::Http::Request>(request), std::move(writer));
}

void HttpHandler::onDisconnection(const std::shared_ptr<Pistache::Tcp::Peer>& peer) {
  sse::PistacheSink::PeerDisconnected(peer);
  Pistache::Http::Handler::onDisconnection(peer);
}

}  // namespace billing::gateway
