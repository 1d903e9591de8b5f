// Writes go through Peer::send (thread-safe queue to the reactor); its promise tells us when
// bytes left, which is how unsent bytes per client stay bounded.
#include "sse/pistache_sink.h"

#include <mutex>
#include <sys/socket.h>

#include <pistache/peer.h>

#include "errors/error.h"
#include "sse/sse_format.h"

namespace billing::gateway::sse {
namespace {

constexpr const char* kPeerDataKey = "billing.sse";

}  // namespace

struct PistacheSink::State {
  std::mutex mutex;
  size_t pending = 0;    // bytes queued but not yet written to the socket
  bool gone = false;     // the connection is closed (or about to be) by Pistache
  bool closing = false;  // we ended the stream
};

PistacheSink::PistacheSink(const std::shared_ptr<Pistache::Tcp::Peer>& peer,
                           size_t max_pending_bytes)
    : state_(std::make_shared<State>()), peer_(peer), max_pending_bytes_(max_pending_bytes) {
  if (peer == nullptr) throw errors::Unavailable("connection closed");
  if (peer->tryGetData(kPeerDataKey) != nullptr) {
    throw errors::FailedPrecondition("connection already carries an event stream");
  }
  peer->putData(kPeerDataKey, state_);
  peer->setIdle(true);
}

PistacheSink::~PistacheSink() { Close(); }

bool PistacheSink::Write(const std::string& frame) {
  std::string chunk = Chunk(frame);
  size_t size = chunk.size();
  {
    std::lock_guard lock(state_->mutex);
    if (state_->gone || state_->closing) return false;
    if (state_->pending + size > max_pending_bytes_) return false;
    state_->pending += size;
  }
  auto peer = peer_.lock();
  if (peer == nullptr) {
    std::lock_guard lock(state_->mutex);
    state_->gone = true;
    return false;
  }
  std::shared_ptr<State> state = state_;
  // No lock held here: an already-settled promise runs its callback right away.
  peer->send(Pistache::RawBuffer(std::move(chunk), size))
      .then(
          [state, size](ssize_t) {
            std::lock_guard lock(state->mutex);
            state->pending -= std::min(state->pending, size);
          },
          [state](std::exception_ptr) {
            std::lock_guard lock(state->mutex);
            state->gone = true;
          });
  return true;
}

void PistacheSink::Close() {
  bool graceful = false;
  {
    std::lock_guard lock(state_->mutex);
    if (state_->gone || state_->closing) return;
    state_->closing = true;
    graceful = state_->pending == 0;
  }
  auto peer = peer_.lock();
  if (peer == nullptr) return;
  int fd = peer->fd();
  if (graceful) {
    // The last chunk ends the response; once written (on the reactor thread, which alone
    // closes sockets) the connection is shut so the browser sees the end at once.
    std::string last = LastChunk();
    size_t size = last.size();
    std::shared_ptr<State> state = state_;
    peer->send(Pistache::RawBuffer(std::move(last), size))
        .then(
            [state, fd](ssize_t) {
              std::lock_guard lock(state->mutex);
              if (!state->gone) ::shutdown(fd, SHUT_RDWR);
            },
            [](std::exception_ptr) {});
    return;
  }
  // A reader that is behind: drop what is queued and cut the connection now. The state lock
  // orders this against PeerDisconnected, which runs before Pistache closes the socket.
  std::lock_guard lock(state_->mutex);
  if (!state_->gone) ::shutdown(fd, SHUT_RDWR);
}

void PistacheSink::PeerDisconnected(const std::shared_ptr<Pistache::Tcp::Peer>& peer) {
  if (peer == nullptr) return;
  auto data = peer->tryGetData(kPeerDataKey);
  if (data == nullptr) return;
  auto state = std::static_pointer_cast<State>(data);
  std::lock_guard lock(state->mutex);
  state->gone = true;
}

}  // namespace billing::gateway::sse
