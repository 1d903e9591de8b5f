// Test doubles for the fan-out: a sink that records frames, a scripted event log.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "errors/error.h"
#include "sse/event_log.h"
#include "sse/stream_sink.h"

namespace billing::gateway::sse {

struct SinkRecord {
  std::vector<std::string> frames;
  bool closed = false;
  size_t capacity = 1000;  // frames accepted before it behaves like a stuck reader
};

class FakeSink final : public StreamSink {
 public:
  explicit FakeSink(std::shared_ptr<SinkRecord> record) : record_(std::move(record)) {}
  bool Write(const std::string& frame) override {
    if (record_->closed || record_->frames.size() >= record_->capacity) return false;
    record_->frames.push_back(frame);
    return true;
  }
  void Close() override { record_->closed = true; }

 private:
  std::shared_ptr<SinkRecord> record_;
};

class FakeLog final : public EventLog {
 public:
  void Add(int64_t seq, const std::string& entity = "customer") {
    events_[seq] = {seq, entity, "update", std::to_string(seq), "admin", "2026-11-25T00:00:00Z"};
  }
  Page After(int64_t after_seq, int limit) override {
    ++calls;
    if (down) throw errors::Unavailable("down");
    Page page;
    for (auto it = events_.upper_bound(after_seq);
         it != events_.end() && static_cast<int>(page.items.size()) < limit; ++it) {
      page.items.push_back(it->second);
    }
    page.head_seq = events_.empty() ? 0 : events_.rbegin()->first;
    return page;
  }
  events::EventMessage Get(int64_t seq) { return events_.at(seq); }

  bool down = false;
  int calls = 0;

 private:
  std::map<int64_t, events::EventMessage> events_;
};

}  // namespace billing::gateway::sse
