// SSE frames are built once per event and shared by every client.
#include "sse/sse_format.h"

#include <cstdio>

namespace billing::gateway::sse {

std::string ChangeFrame(const events::EventMessage& message) {
  return "id: " + std::to_string(message.seq) +
         "\nevent: change\ndata: " + events::BrowserData(message) + "\n\n";
}

std::string HeartbeatFrame() { return ": heartbeat\n\n"; }

std::string RetryFrame(int milliseconds) {
  return "retry: " + std::to_string(milliseconds) + "\n\n";
}

std::string Chunk(const std::string& payload) {
  char size[20];
  std::snprintf(size, sizeof(size), "%zx\r\n", payload.size());
  return size + payload + "\r\n";
}

std::string LastChunk() { return "0\r\n\r\n"; }

std::optional<int64_t> ParseEventId(const std::string& text) {
  if (text.empty() || text.size() > 18) return std::nullopt;
  int64_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  return value;
}

}  // namespace billing::gateway::sse
