// Fan-out under one lock: sinks only queue bytes, so a pass over every client stays short.
#include "sse/event_hub.h"

#include <nlohmann/json.hpp>

#include "log/log.h"
#include "sse/sse_format.h"

namespace billing::gateway::sse {

EventHub::EventHub(size_t max_clients) : max_clients_(max_clients) {}

EventHub::~EventHub() { CloseAll(); }

std::optional<int64_t> EventHub::Head() const {
  std::lock_guard lock(mutex_);
  return head_;
}

void EventHub::AdvanceHead(int64_t seq) {
  std::lock_guard lock(mutex_);
  if (!head_ || seq > *head_) head_ = seq;
}

EventHub::AttachResult EventHub::TryAttach(std::unique_ptr<StreamClient>& client) {
  std::lock_guard lock(mutex_);
  if (!head_) return AttachResult::kNotReady;
  if (clients_.size() >= max_clients_) return AttachResult::kFull;
  if (client->cursor < *head_) return AttachResult::kBehind;
  clients_.emplace(next_id_++, std::move(client));
  return AttachResult::kAttached;
}

bool EventHub::Full() const {
  std::lock_guard lock(mutex_);
  return clients_.size() >= max_clients_;
}

void EventHub::Broadcast(const std::string& frame,
                         const std::function<bool(StreamClient&)>& wants) {
  for (auto it = clients_.begin(); it != clients_.end();) {
    StreamClient& client = *it->second;
    if (!wants(client) || client.sink->Write(frame)) {
      ++it;
      continue;
    }
    client.sink->Close();
    ++dropped_;
    it = clients_.erase(it);
  }
}

bool EventHub::Deliver(const events::EventMessage& message) {
  std::string frame = ChangeFrame(message);
  auto started = std::chrono::steady_clock::now();
  std::lock_guard lock(mutex_);
  if (head_ && message.seq <= *head_) return false;
  head_ = message.seq;
  size_t clients = clients_.size();
  Broadcast(frame, [&](StreamClient& client) {
    if (client.cursor >= message.seq) return false;
    client.cursor = message.seq;
    return true;
  });
  if (log::Enabled(log::Level::kDebug)) {
    auto took = std::chrono::steady_clock::now() - started;
    log::Debug("event fanned out",
               {{"seq", message.seq},
                {"clients", clients},
                {"us", std::chrono::duration_cast<std::chrono::microseconds>(took).count()}});
  }
  return true;
}

void EventHub::Heartbeat() {
  std::string frame = HeartbeatFrame();
  std::lock_guard lock(mutex_);
  Broadcast(frame, [](StreamClient&) { return true; });
}

void EventHub::FlushPending() {
  std::lock_guard lock(mutex_);
  for (auto it = clients_.begin(); it != clients_.end();) {
    if (it->second->sink->Flush()) {
      ++it;
      continue;
    }
    it->second->sink->Close();
    ++dropped_;
    it = clients_.erase(it);
  }
}

std::set<std::string> EventHub::Tokens() const {
  std::lock_guard lock(mutex_);
  std::set<std::string> tokens;
  for (const auto& [id, client] : clients_) tokens.insert(client->token);
  return tokens;
}

size_t EventHub::CloseWhere(const std::function<bool(const StreamClient&)>& predicate) {
  std::lock_guard lock(mutex_);
  size_t closed = 0;
  for (auto it = clients_.begin(); it != clients_.end();) {
    if (!predicate(*it->second)) {
      ++it;
      continue;
    }
    it->second->sink->Close();
    it = clients_.erase(it);
    ++closed;
  }
  return closed;
}

size_t EventHub::CloseToken(const std::string& token) {
  return CloseWhere([&](const StreamClient& client) { return client.token == token; });
}

size_t EventHub::CloseOpenedBefore(std::chrono::steady_clock::time_point time) {
  return CloseWhere([&](const StreamClient& client) { return client.opened < time; });
}

void EventHub::CloseAll() {
  CloseWhere([](const StreamClient&) { return true; });
}

size_t EventHub::Size() const {
  std::lock_guard lock(mutex_);
  return clients_.size();
}

uint64_t EventHub::Dropped() const {
  std::lock_guard lock(mutex_);
  return dropped_;
}

}  // namespace billing::gateway::sse
