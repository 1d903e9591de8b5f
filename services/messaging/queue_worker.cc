// Send loop. The exactly-once window: a message is committed as `sending` before the HTTP call
// and as sent/failed/retry right after the answer; only a crash between those two commits
// leaves it `sending`, and the next sender fails it as "maybe sent" instead of resending.
#include "queue_worker.h"

#include <thread>

#include "errors/error.h"
#include "log/log.h"
#include "providers/provider_factory.h"

namespace billing::messaging {
namespace {

constexpr std::chrono::milliseconds kIdlePoll{500};
constexpr std::chrono::milliseconds kNotLeaderPoll{2000};
constexpr std::chrono::milliseconds kTroublePoll{2000};

}  // namespace

QueueWorker::QueueWorker(SendQueue& queue, SenderPacing& pacing, SenderLease& lease,
                         BillingClient& billing, HttpTransport& transport, const RetryPolicy& retry,
                         const domain::Clock& clock)
    : queue_(queue),
      pacing_(pacing),
      lease_(lease),
      billing_(billing),
      transport_(transport),
      retry_(retry),
      clock_(clock),
      thread_("send loop trouble", kTroublePoll, [this] { return Step(); }) {}

QueueWorker::~QueueWorker() { Stop(); }

void QueueWorker::Stop() {
  thread_.Stop();
  lease_.Release();
}

std::chrono::milliseconds QueueWorker::Step() {
  if (!lease_.TryAcquire()) {
    leader_ = false;
    return kNotLeaderPoll;
  }
  if (!leader_) {
    leader_ = true;
    int interrupted = queue_.FailInterrupted();
    log::Info("sender lock acquired", {{"interrupted_messages", interrupted}});
  }
  bills::v1::WhatsAppSettings whatsapp = billing_.Settings().whatsapp();
  std::unique_ptr<Provider> provider = MakeProvider(whatsapp);
  if (!provider) return kTroublePoll;
  std::chrono::milliseconds wait = PaceWait(pacing_.LastSendAt(), SendPace(whatsapp), clock_.Now());
  if (wait.count() > 0) return wait;

  std::optional<ClaimedMessage> claimed = queue_.ClaimNext(provider->Name(), clock_.Now());
  if (!claimed) return kIdlePoll;
  OutgoingMessage outgoing{claimed->phone, claimed->body, claimed->kind, claimed->params};
  AttemptOutcome outcome = Decide(provider->Send(outgoing, transport_), claimed->attempts, retry_);
  Record(*claimed, outcome.result, outcome.retry_delay);
  log::Info("message attempt",
            {{"message_id", claimed->id},
             {"attempt", claimed->attempts},
             {"provider", provider->Name()},
             {"outcome", outcome.result.outcome == SendResult::Outcome::kSent ? "sent"
                         : outcome.retry_delay                                ? "retry"
                                                                              : "failed"},
             {"reason", outcome.result.reason}});
  return std::chrono::milliseconds(0);
}

void QueueWorker::Record(const ClaimedMessage& message, const SendResult& result,
                         std::optional<std::chrono::milliseconds> retry_delay) {
  // The answer is known now; keep trying to write it down for a while (database hiccup).
  for (int attempt = 1;; ++attempt) {
    try {
      queue_.Finish(message, result, retry_delay, clock_.Now());
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

}  // namespace billing::messaging
