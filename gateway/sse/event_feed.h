// Turns the Redis message flow into a gap-free, duplicate-free, ordered event sequence: a
// message past the next expected seq makes it fetch the missing range from the event log.
#pragma once

#include <functional>

#include "sse/event_hub.h"
#include "sse/event_log.h"

namespace billing::gateway::sse {

class EventFeed final {
 public:
  static constexpr int kBatch = 500;

  // Runs for every event right before it is fanned out, exactly once each, in seq order (live or
  // caught up from the log), on the thread that fed it; it must not block.
  using Observer = std::function<void(const events::EventMessage&)>;

  EventFeed(EventLog& log, EventHub& hub, Observer on_event);

  // Learns the log's head so that new streams can start; false when the log is unreachable.
  bool Initialize();
  // One message from Redis. Out-of-order or duplicate seqs are handled; when a gap cannot be
  // filled now (log down) the message waits in the log for the next CatchUp.
  void OnMessage(const events::EventMessage& message);
  // Delivers everything in the log after the head (after a reconnect, or periodically).
  // False when the log is unreachable.
  bool CatchUp();

 private:
  void Deliver(const events::EventMessage& message);

  EventLog& log_;
  EventHub& hub_;
  Observer on_event_;
};

}  // namespace billing::gateway::sse
