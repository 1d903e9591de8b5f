// The registry of open event streams and the fan-out: every event is formatted once and queued
// to every client without blocking; a client that cannot take it is dropped.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>

#include "events/event_message.h"
#include "sse/stream_sink.h"

namespace billing::gateway::sse {

struct StreamClient {
  int64_t user_id = 0;
  std::string token;   // re-verified periodically; never logged
  int64_t cursor = 0;  // the last seq this client has been sent
  std::chrono::steady_clock::time_point opened = std::chrono::steady_clock::now();
  std::unique_ptr<StreamSink> sink;
};

class EventHub final {
 public:
  explicit EventHub(size_t max_clients);
  ~EventHub();
  EventHub(const EventHub&) = delete;
  EventHub& operator=(const EventHub&) = delete;

  // The last seq delivered to the clients; nullopt until the feed knows where the log stands.
  std::optional<int64_t> Head() const;
  // Moves the head forward without delivering (the feed's starting point).
  void AdvanceHead(int64_t seq);

  enum class AttachResult { kAttached, kBehind, kFull, kNotReady };
  // Adds the client if it has caught up (cursor >= head), so from now on it gets every later
  // event exactly once. kBehind: replay more first. On kAttached `client` is moved from.
  AttachResult TryAttach(std::unique_ptr<StreamClient>& client);
  bool Full() const;

  // Sends the event to every client that has not had it and moves the head. Events at or
  // below the head are ignored (the feed already delivered them): false then.
  bool Deliver(const events::EventMessage& message);
  void Heartbeat();
  // Sends what slow readers still have queued; drops the clients that are gone.
  void FlushPending();

  // Distinct tokens of the open streams (for re-verification).
  std::set<std::string> Tokens() const;
  size_t CloseToken(const std::string& token);
  size_t CloseOpenedBefore(std::chrono::steady_clock::time_point time);
  void CloseAll();

  size_t Size() const;
  uint64_t Dropped() const;  // clients dropped because they could not keep up or vanished

 private:
  // Writes `frame` to every client passing `wants`; drops those whose sink refuses. Locked.
  void Broadcast(const std::string& frame, const std::function<bool(StreamClient&)>& wants);
  size_t CloseWhere(const std::function<bool(const StreamClient&)>& predicate);

  size_t max_clients_;
  mutable std::mutex mutex_;
  std::optional<int64_t> head_;
  uint64_t next_id_ = 1;
  std::map<uint64_t, std::unique_ptr<StreamClient>> clients_;
  uint64_t dropped_ = 0;
};

}  // namespace billing::gateway::sse
