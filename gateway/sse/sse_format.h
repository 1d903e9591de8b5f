// Server-Sent Events wire format (pure): event frames, heartbeats, chunked framing, event ids.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "events/event_message.h"

namespace billing::gateway::sse {

// "id: <seq>\nevent: change\ndata: {entity, action, id, by, at}\n\n"
std::string ChangeFrame(const events::EventMessage& message);
// A comment line that keeps proxies and browsers from timing the stream out.
std::string HeartbeatFrame();
// Tells EventSource how long to wait before reconnecting.
std::string RetryFrame(int milliseconds);
// HTTP/1.1 chunked transfer framing of one piece of the body.
std::string Chunk(const std::string& payload);
// The terminating chunk of a chunked body.
std::string LastChunk();

// A Last-Event-ID value: decimal digits only (at most 18). nullopt when malformed.
std::optional<int64_t> ParseEventId(const std::string& text);

}  // namespace billing::gateway::sse
