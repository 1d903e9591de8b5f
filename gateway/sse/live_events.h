// GET /api/events end to end: the Redis subscription and feed, the hub of open streams, replay
// on reconnect (Last-Event-ID), heartbeats, session re-checks and the maximum stream age.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <pistache/http.h>

#include "http/connection_limiter.h"
#include "http/request_context.h"
#include "redis/redis_subscriber.h"
#include "sse/event_feed.h"
#include "sse/event_hub.h"
#include "sse/event_log.h"

namespace billing::gateway::sse {

struct LiveEventsOptions {
  std::string redis_address;
  std::chrono::seconds heartbeat{15};
  std::chrono::seconds reverify{5};          // re-check every stream's session this often
  std::chrono::seconds max_stream_age{240};  // then end it; the browser reconnects at once
  size_t max_clients = 10000;
  size_t max_streams_per_user = 64;       // 0 = no limit
  size_t max_pending_bytes = 256 * 1024;  // unsent bytes per client before it is dropped
  int max_replay = 2000;                  // more missed than this: one "system resync" event
  int retry_ms = 2000;                    // EventSource reconnect delay
};

class LiveEvents final {
 public:
  LiveEvents(LiveEventsOptions options, EventLog& log, SessionChecker& sessions);
  ~LiveEvents();
  LiveEvents(const LiveEvents&) = delete;
  LiveEvents& operator=(const LiveEvents&) = delete;

  // The place where the gateway hears of changes: `observer` sees every event once, in seq
  // order, right before it is sent to the streams (e.g. to drop cached sessions of a user
  // event, or cached answers that the event makes stale). Runs on the subscriber thread; it must be
  // quick and must not block. Call before Start().
  void AddObserver(EventFeed::Observer observer);

  void Start();
  void Stop();  // ends every stream

  // Streams to an authenticated caller: first what came after `last_event_id`, then live.
  // Throws errors::Error while nothing was sent yet (503 not ready or log unreachable, 429 too
  // many streams, in all or for this user); afterwards failures just end the stream.
  void Open(const RequestContext& context, Pistache::Http::ResponseWriter& writer,
            std::optional<int64_t> last_event_id);

  size_t Clients() const { return hub_.Size(); }

 private:
  // Frames of the events after *cursor (or one resync frame when too many); moves *cursor.
  std::vector<std::string> Replay(int64_t* cursor);
  void OnIdle(bool subscribed);
  void Maintain();
  void OnEvent(const events::EventMessage& message);
  void RequestReverify();
  void Reverify();

  LiveEventsOptions options_;
  EventLog& log_;
  SessionChecker& sessions_;
  std::vector<EventFeed::Observer> observers_;  // fixed once started
  EventHub hub_;
  std::shared_ptr<ConnectionLimiter> per_user_;  // open streams per user id
  EventFeed feed_;
  redis::RedisSubscriber subscriber_;
  std::chrono::steady_clock::time_point last_catch_up_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stop_ = false;
  bool reverify_requested_ = false;
  std::thread maintenance_;
};

}  // namespace billing::gateway::sse
