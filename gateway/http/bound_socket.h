// A response written from a worker thread to the very connection its request came on.
//
// Pistache 0.0.5 queues every write by descriptor number and performs it later on the I/O
// thread. A worker answering after its client left could therefore hand its bytes to a new
// connection that was given the same number in the meantime: another user's browser would
// read this user's answer. A BoundSocket is a dup() of the connection's socket taken on the
// I/O thread while the request's connection is certainly open; writing to it reaches that
// connection or nobody (a closed one just fails), whatever the number is used for later.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

namespace billing::gateway {

class BoundSocket final {
 public:
  // Call on the peer's I/O thread. An invalid socket (dup failed) refuses every Send.
  explicit BoundSocket(int connection_fd);
  ~BoundSocket();
  BoundSocket(const BoundSocket&) = delete;
  BoundSocket& operator=(const BoundSocket&) = delete;

  // Writes all of `data` (the socket is non-blocking: waits for room until `timeout` has
  // passed since the call). False when the client is gone or too slow.
  bool Send(std::string_view data, std::chrono::milliseconds timeout) const;
  // `head` then `body` in one gather write (sendmsg): the answer is never copied into one
  // string first.
  bool Send(std::string_view head, std::string_view body, std::chrono::milliseconds timeout) const;

 private:
  int fd_;
};

}  // namespace billing::gateway
