// Sequencing rules: seq <= head is a duplicate, head + 1 is next, anything later means a gap.
#include "sse/event_feed.h"

#include <nlohmann/json.hpp>

#include "errors/error.h"
#include "log/log.h"

namespace billing::gateway::sse {

EventFeed::EventFeed(EventLog& log, EventHub& hub, Observer on_event)
    : log_(log), hub_(hub), on_event_(std::move(on_event)) {}

bool EventFeed::Initialize() {
  if (hub_.Head()) return true;
  try {
    hub_.AdvanceHead(log_.After(0, 1).head_seq);
    log::Info("event feed ready", {{"head_seq", *hub_.Head()}});
    return true;
  } catch (const errors::Error& error) {
    log::Warn("event log unreachable", {{"error", error.message()}});
    return false;
  }
}

void EventFeed::Deliver(const events::EventMessage& message) {
  std::optional<int64_t> head = hub_.Head();
  if (head && message.seq <= *head) return;  // already delivered
  // Observers first: a browser that reloads on hearing of the change must not be answered from
  // a cache that still holds what came before it.
  if (on_event_) on_event_(message);
  hub_.Deliver(message);
}

void EventFeed::OnMessage(const events::EventMessage& message) {
  if (!Initialize()) return;
  int64_t head = *hub_.Head();
  if (message.seq <= head) return;
  if (message.seq == head + 1) {
    Deliver(message);
    return;
  }
  // A gap: what came between is in the log (committed before this one was published).
  CatchUp();
}

bool EventFeed::CatchUp() {
  if (!Initialize()) return false;
  try {
    while (true) {
      EventLog::Page page = log_.After(*hub_.Head(), kBatch);
      for (const auto& message : page.items) Deliver(message);
      if (page.items.size() < static_cast<size_t>(kBatch)) return true;
    }
  } catch (const errors::Error& error) {
    log::Warn("event log unreachable; will catch up later", {{"error", error.message()}});
    return false;
  }
}

}  // namespace billing::gateway::sse
