// Where the gateway reads events it may have missed, and checks that a stream's session is
// still valid (both the auth service in production, fakes in tests).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "events/event_message.h"

namespace billing::gateway::sse {

class EventLog {
 public:
  struct Page {
    std::vector<events::EventMessage> items;  // seq > after_seq, in seq order
    int64_t head_seq = 0;                     // highest seq assigned so far
  };
  virtual ~EventLog() = default;
  // Throws errors::Error when the log cannot be read.
  virtual Page After(int64_t after_seq, int limit) = 0;
};

class SessionChecker {
 public:
  enum class Verdict { kValid, kInvalid, kUnknown };  // kUnknown: auth unreachable, keep it
  virtual ~SessionChecker() = default;
  virtual Verdict Check(const std::string& token) = 0;
};

}  // namespace billing::gateway::sse
