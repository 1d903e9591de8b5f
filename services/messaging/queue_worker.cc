// Send loop. The exactly-once window: a message is committed as `sending` before the HTTP call
// and as sent/failed/retry right after the answer; only a crash between those two commits
// leaves it `sending`, and the next sender fails it as "maybe sent" instead of resending.
#include "queue_worker.h"

#include "errors/error.h"
#include "i18n/messages.h"
#include "log/log.h"
#include "providers/provider_factory.h"

namespace billing::messaging {
namespace {

constexpr std::chrono::milliseconds kIdlePoll{500};
constexpr std::chrono::milliseconds kNotLeaderPoll{2000};
constexpr std::chrono::milliseconds kTroublePoll{2000};

}  // namespace

QueueWorker::QueueWorker(MessageRepository& messages, SenderLock& lock, BillingClient& billing,
                         HttpTransport& transport, const RetryPolicy& retry)
    : messages_(messages), lock_(lock), billing_(billing), transport_(transport), retry_(retry) {}

QueueWorker::~QueueWorker() { Stop(); }

void QueueWorker::Start() {
  thread_ = std::thread([this] { Loop(); });
}

void QueueWorker::Stop() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void QueueWorker::Wake() {
  {
    std::lock_guard lock(mutex_);
    woken_ = true;
  }
  wake_.notify_all();
}

std::chrono::milliseconds QueueWorker::Step() {
  if (!lock_.TryAcquire()) {
    leader_ = false;
    return kNotLeaderPoll;
  }
  if (!leader_) {
    leader_ = true;
    int interrupted = messages_.FailInterrupted();
    log::Info("sender lock acquired", {{"interrupted_messages", interrupted}});
  }
  nlohmann::json whatsapp = billing_.Settings().value("whatsapp", nlohmann::json::object());
  std::unique_ptr<Provider> provider = MakeProvider(whatsapp);
  if (!provider) return kTroublePoll;
  std::chrono::milliseconds pace(
      std::max<int64_t>(whatsapp.value("pace_ms", 1500), kMinPace.count()));
  std::chrono::milliseconds wait = messages_.PaceWait(pace);
  if (wait.count() > 0) return wait;

  std::optional<ClaimedMessage> claimed = messages_.ClaimNext(provider->Name());
  if (!claimed) return kIdlePoll;
  OutgoingMessage outgoing{claimed->phone, claimed->body, claimed->kind, claimed->params};
  SendResult result = provider->Send(outgoing, transport_);
  std::optional<std::chrono::milliseconds> retry_delay;
  if (result.outcome == SendResult::Outcome::kRetry) {
    retry_delay = retry_.NextDelay(claimed->attempts);
    if (!retry_delay) result.reason = ClipReason(i18n::kGaveUpPrefix + result.reason);
  }
  Record(*claimed, result, retry_delay);
  log::Info("message attempt", {{"message_id", claimed->id},
                                {"attempt", claimed->attempts},
                                {"provider", provider->Name()},
                                {"outcome", result.outcome == SendResult::Outcome::kSent ? "sent"
                                            : retry_delay                                ? "retry"
                                                          : "failed"},
                                {"reason", result.reason}});
  return std::chrono::milliseconds(0);
}

void QueueWorker::Record(const ClaimedMessage& message, const SendResult& result,
                         std::optional<std::chrono::milliseconds> retry_delay) {
  // The answer is known now; keep trying to write it down for a while (database hiccup).
  for (int attempt = 1;; ++attempt) {
    try {
      messages_.Finish(message, result, retry_delay);
      return;
    } catch (const std::exception& e) {
      if (attempt >= 15) {
        log::Error("cannot record a send result; the message stays `sending`",
                   {{"message_id", message.id}, {"error", e.what()}});
        throw;
      }
      log::Warn("recording a send result failed, retrying",
                {{"message_id", message.id}, {"error", e.what()}});
      std::this_thread::sleep_for(std::chrono::seconds(1));
    }
  }
}

void QueueWorker::Loop() {
  std::unique_lock lock(mutex_);
  while (!stop_) {
    lock.unlock();
    std::chrono::milliseconds delay;
    try {
      delay = Step();
    } catch (const std::exception& e) {
      log::Warn("send loop trouble", {{"error", e.what()}});
      delay = kTroublePoll;
    }
    lock.lock();
    if (delay.count() > 0) {
      wake_.wait_for(lock, delay, [this] { return stop_ || woken_; });
    }
    woken_ = false;
  }
  lock.unlock();
  lock_.Release();
}

}  // namespace billing::messaging
