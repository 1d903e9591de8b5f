// One browser's open event stream, as the hub sees it (a Pistache connection in production, a
// recording fake in tests).
#pragma once

#include <string>

namespace billing::gateway::sse {

class StreamSink {
 public:
  virtual ~StreamSink() = default;
  // Queues one SSE frame without blocking. False when the client is gone or has more than its
  // bound of unsent bytes (a slow reader); the hub then drops it, and the browser reconnects
  // with Last-Event-ID.
  virtual bool Write(const std::string& frame) = 0;
  // Retries sending what an earlier Write left queued (the reader was momentarily behind).
  // False when the client is gone.
  virtual bool Flush() { return true; }
  // Ends the response (gracefully when possible) and closes the connection. Idempotent.
  virtual void Close() = 0;
};

}  // namespace billing::gateway::sse
