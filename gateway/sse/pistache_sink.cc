// Why the sink writes on its own duplicate of the socket (Pistache 0.0.5, src/common/
// transport.cc), rather than through Peer::send / ResponseStream:
// - ResponseStream::flush() calls Transport::flush(), which drains the *whole* write queue of
//   that reactor synchronously: every queued frame of every other stream is written and its
//   toWrite entry erased, while the epoll batch being handled may still hold a write-ready
//   event for one of those sockets. That event then finds no toWrite entry and onReady throws
//   "Assertion Error: could not find write data" on the reactor thread: std::terminate. Many
//   streams opening while frames are fanned out (browsers reconnecting after a mass
//   disconnect) hit it; from a thread other than the reactor, flush() also races the reactor
//   on its queues. Upstream fixed it in 2025 (commits 87e9ba08, 46471c25).
// - Writes are keyed by fd number: a frame queued for a client that has just gone (its fd
//   closed by the reactor) is appended to whichever new connection got the same number.
// - The keep-alive sweep closes idle peers without onDisconnection, and a send that meets
//   EAGAIN spins the reactor thread until the reader drains (upstream 8e60fd49).
// A dup()ed descriptor refers to this connection's socket until we close it, whatever Pistache
// does with its own descriptor; sends on it are non-blocking, and a reader that falls behind
// by max_pending_bytes is dropped. Pistache never gets a write for the stream.
#include "sse/pistache_sink.h"

#include <algorithm>
#include <cerrno>
#include <fcntl.h>
#include <mutex>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string_view>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>
#include <unordered_map>

#include <pistache/http.h>
#include <pistache/peer.h>

#include "errors/error.h"
#include "http/chunked.h"
#include "sse/sse_format.h"

namespace billing::gateway::sse {

struct PistacheSink::State {
  std::mutex mutex;
  int fd = -1;          // our duplicate of the socket; -1 once released
  std::string pending;  // bytes not yet accepted by the kernel, in order
  size_t peer_id = 0;
};

size_t ChunkSize(size_t frame_size) {
  size_t digits = 1;
  for (size_t rest = frame_size >> 4; rest != 0; rest >>= 4) ++digits;
  return digits + 2 + frame_size + 2;
}

bool SendBuffered(int fd, std::string& pending) {
  size_t sent = 0;
  while (sent < pending.size()) {
    ssize_t n =
        ::send(fd, pending.data() + sent, pending.size() - sent, MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n > 0) {
      sent += static_cast<size_t>(n);
    } else if (n < 0 && errno == EINTR) {
      continue;
    } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      break;  // the kernel buffer is full: keep the rest for later
    } else {
      return false;
    }
  }
  pending.erase(0, sent);
  return true;
}

bool SendChunk(int fd, std::string_view frame, std::string& pending) {
  // The chunk's size line and trailer live on the stack and go out with the shared frame in
  // one sendmsg: a reader that keeps up costs one syscall and no allocation.
  char head[20];
  size_t head_size = 0;
  for (size_t rest = frame.size(), digits = ChunkSize(frame.size()) - frame.size() - 4; digits > 0;
       rest >>= 4) {
    head[--digits] = "0123456789abcdef"[rest & 15];
    ++head_size;
  }
  head[head_size++] = '\r';
  head[head_size++] = '\n';
  static constexpr char kTail[] = "\r\n";
  std::string_view pieces[3] = {{head, head_size}, frame, {kTail, 2}};
  if (!pending.empty()) {  // behind already: queue after what is waiting, in order
    for (std::string_view piece : pieces) pending.append(piece);
    return SendBuffered(fd, pending);
  }
  iovec parts[3];
  for (int i = 0; i < 3; ++i) {
    parts[i] = {const_cast<char*>(pieces[i].data()), pieces[i].size()};
  }
  msghdr message{};
  message.msg_iov = parts;
  message.msg_iovlen = 3;
  size_t sent = 0;
  while (true) {
    ssize_t n = ::sendmsg(fd, &message, MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n >= 0) {
      sent = static_cast<size_t>(n);
    } else if (errno == EINTR) {
      continue;
    } else if (errno != EAGAIN && errno != EWOULDBLOCK) {
      return false;
    }
    break;
  }
  // Keep what the kernel did not take, in order, for a later flush.
  for (std::string_view piece : pieces) {
    size_t skip = std::min(sent, piece.size());
    pending.append(piece.substr(skip));
    sent -= skip;
  }
  return true;
}

namespace {

// Streams by Pistache peer id, so onDisconnection can find one without touching the peer's
// data map (not thread-safe in Pistache; Start may run off the reactor thread).
class Registry final {
 public:
  bool Add(size_t peer_id, const std::shared_ptr<PistacheSink::State>& state) {
    std::lock_guard lock(mutex_);
    return streams_.emplace(peer_id, state).second;
  }
  std::shared_ptr<PistacheSink::State> Take(size_t peer_id) {
    std::lock_guard lock(mutex_);
    auto it = streams_.find(peer_id);
    if (it == streams_.end()) return nullptr;
    auto state = it->second.lock();
    streams_.erase(it);
    return state;
  }
  void Remove(size_t peer_id, const PistacheSink::State* state) {
    std::lock_guard lock(mutex_);
    auto it = streams_.find(peer_id);
    if (it == streams_.end()) return;
    auto current = it->second.lock();
    if (current == nullptr || current.get() == state) streams_.erase(it);
  }

 private:
  std::mutex mutex_;
  std::unordered_map<size_t, std::weak_ptr<PistacheSink::State>> streams_;
};

Registry& Streams() {
  static Registry registry;
  return registry;
}

void Release(PistacheSink::State& state, bool abort) {
  if (state.fd < 0) return;
  if (abort) {
    // Unsent bytes are dropped and the peer gets a reset once the last descriptor closes.
    linger option{1, 0};
    ::setsockopt(state.fd, SOL_SOCKET, SO_LINGER, &option, sizeof(option));
  }
  // Ends the connection for Pistache too: its reactor sees the end of input and closes its
  // descriptor (after the queued bytes and FIN when not aborting).
  ::shutdown(state.fd, SHUT_RDWR);
  ::close(state.fd);
  state.fd = -1;
  state.pending.clear();
}

// Sends what is pending without blocking. False when the connection is broken (released then).
bool SendPending(PistacheSink::State& state) {
  if (SendBuffered(state.fd, state.pending)) return true;
  Release(state, true);
  return false;
}

bool SameEndpoint(int fd, const Pistache::Address& expected) {
  sockaddr_storage address{};
  socklen_t length = sizeof(address);
  if (::getpeername(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) return false;
  Pistache::Address actual = Pistache::Address::fromUnix(reinterpret_cast<sockaddr*>(&address));
  return actual.host() == expected.host() &&
         static_cast<uint16_t>(actual.port()) == static_cast<uint16_t>(expected.port());
}

}  // namespace

std::unique_ptr<PistacheSink> PistacheSink::Start(Pistache::Http::ResponseWriter& writer,
                                                  size_t max_pending_bytes) {
  std::shared_ptr<Pistache::Tcp::Peer> peer = writer.getPeer();
  if (peer == nullptr) throw errors::Unavailable("connection closed");
  auto state = std::make_shared<State>();
  state->peer_id = peer->getID();
  state->fd = ::fcntl(peer->fd(), F_DUPFD_CLOEXEC, 0);
  if (state->fd < 0) throw errors::Unavailable("connection closed");
  // Off the reactor thread the client may have left and its descriptor number been reused
  // by another connection before the dup: never stream to someone else.
  if (!SameEndpoint(state->fd, peer->address())) {
    ::close(state->fd);
    throw errors::Unavailable("connection closed");
  }
  if (!Streams().Add(state->peer_id, state)) {
    ::close(state->fd);
    throw errors::FailedPrecondition("connection already carries an event stream");
  }
  // Frames go out as they come: never held back by Nagle behind an unacknowledged one (the
  // browser may delay its ACK by up to 40 ms).
  int one = 1;
  ::setsockopt(state->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
  std::unique_ptr<PistacheSink> sink(new PistacheSink(state, max_pending_bytes));
  peer->setIdle(true);
  std::lock_guard lock(state->mutex);
  state->pending = ResponseHead(Pistache::Http::Code::Ok, writer.headers());
  if (!SendPending(*state)) throw errors::Unavailable("connection closed");
  return sink;
}

PistacheSink::PistacheSink(std::shared_ptr<State> state, size_t max_pending_bytes)
    : state_(std::move(state)), max_pending_bytes_(max_pending_bytes) {}

PistacheSink::~PistacheSink() {
  Close();
  Streams().Remove(state_->peer_id, state_.get());
}

bool PistacheSink::Write(const std::string& frame) {
  std::lock_guard lock(state_->mutex);
  if (state_->fd < 0) return false;
  if (state_->pending.size() + ChunkSize(frame.size()) > max_pending_bytes_) return false;
  if (SendChunk(state_->fd, frame, state_->pending)) return true;
  Release(*state_, true);
  return false;
}

bool PistacheSink::Flush() {
  std::lock_guard lock(state_->mutex);
  if (state_->fd < 0) return false;
  return state_->pending.empty() || SendPending(*state_);
}

void PistacheSink::Close() {
  std::lock_guard lock(state_->mutex);
  if (state_->fd < 0) return;
  // Gracefully (the last chunk, then FIN) when the reader keeps up; a reader that is behind
  // is cut off at once.
  bool graceful = state_->pending.empty();
  if (graceful) {
    state_->pending = LastChunk();
    graceful = SendPending(*state_) && state_->pending.empty();
  }
  Release(*state_, !graceful);
}

void PistacheSink::PeerDisconnected(const std::shared_ptr<Pistache::Tcp::Peer>& peer) {
  if (peer == nullptr) return;
  auto state = Streams().Take(peer->getID());
  if (state == nullptr) return;
  std::lock_guard lock(state->mutex);
  Release(*state, true);
}

}  // namespace billing::gateway::sse
