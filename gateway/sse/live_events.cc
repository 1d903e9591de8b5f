// Wiring of the live stream: subscriber thread (feed), maintenance thread (heartbeats, session
// checks, age limit), and the request-thread part of opening a stream.
#include "sse/live_events.h"

#include <nlohmann/json.hpp>

#include "domain/clock.h"
#include "errors/error.h"
#include "http/chunked.h"
#include "http/raw_header.h"
#include "i18n/messages.h"
#include "log/log.h"
#include "sse/pistache_sink.h"
#include "sse/sse_format.h"

namespace billing::gateway::sse {
namespace {

constexpr int kMaxAttachAttempts = 20;

// Holds the user's stream slot for as long as the hub keeps the stream.
class CountedSink final : public StreamSink {
 public:
  CountedSink(std::unique_ptr<StreamSink> inner, std::shared_ptr<void> slot)
      : inner_(std::move(inner)), slot_(std::move(slot)) {}
  bool Write(const std::string& frame) override { return inner_->Write(frame); }
  void Close() override { inner_->Close(); }
  bool Flush() override { return inner_->Flush(); }

 private:
  std::unique_ptr<StreamSink> inner_;
  std::shared_ptr<void> slot_;
};

}  // namespace

LiveEvents::LiveEvents(LiveEventsOptions options, EventLog& log, SessionChecker& sessions)
    : options_(std::move(options)),
      log_(log),
      sessions_(sessions),
      hub_(options_.max_clients),
      per_user_(std::make_shared<ConnectionLimiter>(options_.max_streams_per_user)),
      feed_(log_, hub_, [this](const events::EventMessage& message) { OnEvent(message); }),
      subscriber_(options_.redis_address, events::kRedisChannel,
                  {[this] {
                     feed_.CatchUp();
                     last_catch_up_ = std::chrono::steady_clock::now();
                   },
                   [this](const std::string& payload) {
                     if (auto message = events::ParseEventMessage(payload)) {
                       feed_.OnMessage(*message);
                     } else {
                       log::Warn("ignored malformed event message", {{"bytes", payload.size()}});
                     }
                   },
                   [this](bool subscribed) { OnIdle(subscribed); }}) {}

LiveEvents::~LiveEvents() { Stop(); }

void LiveEvents::AddObserver(EventFeed::Observer observer) {
  observers_.push_back(std::move(observer));
}

void LiveEvents::OnEvent(const events::EventMessage& message) {
  for (const auto& observer : observers_) observer(message);
  // A user event may have ended sessions (deactivation, logout, password change).
  if (message.entity == "user") RequestReverify();
}

void LiveEvents::Start() {
  feed_.Initialize();
  subscriber_.Start();
  std::lock_guard lock(mutex_);
  stop_ = false;
  if (!maintenance_.joinable()) maintenance_ = std::thread([this] { Maintain(); });
}

void LiveEvents::Stop() {
  subscriber_.Stop();
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  if (maintenance_.joinable()) maintenance_.join();
  hub_.CloseAll();
}

void LiveEvents::OnIdle(bool subscribed) {
  if (!hub_.Head()) {
    feed_.Initialize();
    return;
  }
  // While subscribed, Redis brings every event and a reconnect catches up; the slow poll is a
  // safety net. Without Redis the log is polled so browsers still get changes, a bit late.
  auto interval = subscribed ? std::chrono::seconds(30) : std::chrono::seconds(2);
  auto now = std::chrono::steady_clock::now();
  if (now - last_catch_up_ >= interval) {
    feed_.CatchUp();
    last_catch_up_ = now;
  }
}

std::vector<std::string> LiveEvents::Replay(int64_t* cursor) {
  std::vector<std::string> frames;
  std::optional<int64_t> known_head = hub_.Head();
  if (known_head && *cursor >= *known_head) return frames;  // nothing missed: no log call
  int64_t head = known_head.value_or(*cursor);
  if (head - *cursor > options_.max_replay) {
    // Too much to replay: tell the browser to reload everything, then continue live.
    events::EventMessage resync{
        head, "system", "resync", "", "", domain::FormatRfc3339(std::chrono::system_clock::now())};
    frames.push_back(ChangeFrame(resync));
    *cursor = head;
    return frames;
  }
  while (true) {
    EventLog::Page page = log_.After(*cursor, EventFeed::kBatch);
    for (const auto& message : page.items) {
      frames.push_back(ChangeFrame(message));
      *cursor = message.seq;
    }
    if (page.items.size() < static_cast<size_t>(EventFeed::kBatch) ||
        frames.size() > static_cast<size_t>(options_.max_replay)) {
      return frames;
    }
  }
}

void LiveEvents::Open(const RequestContext& context, Pistache::Http::ResponseWriter& writer,
                      std::optional<int64_t> last_event_id) {
  std::optional<int64_t> head = hub_.Head();
  if (!head) throw errors::Unavailable(i18n::kEventsNotReady);
  if (hub_.Full()) throw errors::Error(errors::Code::kResourceExhausted, i18n::kTooManyStreams);
  std::shared_ptr<void> slot = per_user_->Acquire(std::to_string(context.caller.user_id));
  if (slot == nullptr) {
    throw errors::Error(errors::Code::kResourceExhausted, i18n::kTooManyUserStreams);
  }
  int64_t cursor = std::min(last_event_id.value_or(*head), *head);
  std::vector<std::string> frames = Replay(&cursor);  // may throw: nothing sent yet

  auto client = std::make_unique<StreamClient>();
  client->user_id = context.caller.user_id;
  client->token = context.token;
  try {
    writer.setMime(Pistache::Http::Mime::MediaType::fromString("text/event-stream"));
    AddRawHeader(writer, "Cache-Control", "no-cache");
    AddRawHeader(writer, "X-Accel-Buffering", "no");
    // Never writer.stream().flush(): see pistache_sink.cc for why the sink does all writing
    // (the head included), on its own duplicate of the socket, from any thread.
    client->sink = std::make_unique<CountedSink>(
        PistacheSink::Start(writer, options_.max_pending_bytes), std::move(slot));
  } catch (const std::exception& e) {
    log::Info("event stream not started", {{"error", e.what()}});
    return;  // the connection went away; nothing more to send
  }
  frames.insert(frames.begin(), RetryFrame(options_.retry_ms));
  for (int attempt = 0; attempt < kMaxAttachAttempts; ++attempt) {
    for (const auto& frame : frames) {
      if (!client->sink->Write(frame)) {
        client->sink->Close();
        return;
      }
    }
    client->cursor = cursor;
    switch (hub_.TryAttach(client)) {
      case EventHub::AttachResult::kAttached:
        return;
      case EventHub::AttachResult::kBehind:
        break;  // events arrived meanwhile: replay those too
      case EventHub::AttachResult::kFull:
      case EventHub::AttachResult::kNotReady:
        client->sink->Close();
        return;
    }
    try {
      frames = Replay(&cursor);
    } catch (const errors::Error& error) {
      log::Warn("event replay failed; ending stream", {{"error", error.message()}});
      break;
    }
  }
  client->sink->Close();
}

void LiveEvents::RequestReverify() {
  {
    std::lock_guard lock(mutex_);
    reverify_requested_ = true;
  }
  wake_.notify_all();
}

void LiveEvents::Reverify() {
  size_t closed = 0;
  for (const auto& token : hub_.Tokens()) {
    if (sessions_.Check(token) == SessionChecker::Verdict::kInvalid) {
      closed += hub_.CloseToken(token);
    }
  }
  if (closed > 0) log::Info("closed event streams of ended sessions", {{"streams", closed}});
}

void LiveEvents::Maintain() {
  auto last_heartbeat = std::chrono::steady_clock::now();
  auto last_verify = last_heartbeat;
  std::unique_lock lock(mutex_);
  while (!stop_) {
    wake_.wait_for(lock, std::chrono::seconds(1), [this] { return stop_ || reverify_requested_; });
    if (stop_) break;
    bool requested = reverify_requested_;
    reverify_requested_ = false;
    lock.unlock();
    auto now = std::chrono::steady_clock::now();
    if (requested || now - last_verify >= options_.reverify) {
      Reverify();
      last_verify = now;
    }
    if (now - last_heartbeat >= options_.heartbeat) {
      hub_.Heartbeat();
      last_heartbeat = now;
    }
    hub_.CloseOpenedBefore(now - options_.max_stream_age);
    hub_.FlushPending();
    lock.lock();
  }
}

}  // namespace billing::gateway::sse
