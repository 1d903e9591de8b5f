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
                         const domain::Clock& clock, const ProviderConfig& providers)
    : queue_(queue),
      pacing_(pacing),
      lease_(lease),
      billing_(billing),
      transport_(transport),
      retry_(retry),
      clock_(clock),
      providers_(providers),
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
  std::unique_ptr<Provider> provider = MakeProvider(whatsapp, providers_);
  if (!provider) return kTroublePoll;
  std::chrono::milliseconds wait = PaceWait(pacing_.LastSendAt(), SendPace(whatsapp), clock_.Now());
  if (wait.count() > 0) return wait;
  // Before the claim: a message claimed now would use up an attempt it cannot make.
  if (!ProviderReady(*provider)) return kNotReadyPoll;

  std::optional<ClaimedMessage> claimed = queue_.ClaimNext(provider->Name(), clock_.Now());
  if (!claimed) {
    // The remembered answer only spares a look between messages sent one after the other:
    // after a pause, the next message must not meet a provider that went away meanwhile.
    ready_until_.reset();
    return kIdlePoll;
  }
  OutgoingMessage outgoing{claimed->id, claimed->phone, claimed->body, claimed->kind,
                           claimed->params};
  AttemptOutcome outcome = Decide(provider->Send(outgoing, transport_), claimed->attempts, retry_);
  // Any failure may mean the provider went away: ask again before the next message.
  if (outcome.result.outcome != SendResult::Outcome::kSent) ready_until_.reset();
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

bool QueueWorker::ProviderReady(const Provider& provider) {
  auto now = clock_.Now();
  if (ready_until_ && ready_provider_ == provider.Name() && now < *ready_until_) return true;
  ready_until_.reset();
  bool ready = provider.Ready(transport_);
  if (ready != !waiting_) {
    if (ready) {
      log::Info("provider ready again: sending resumes", {{"provider", provider.Name()}});
    } else {
      log::Warn("provider not ready: messages wait", {{"provider", provider.Name()}});
    }
    waiting_ = !ready;
  }
  if (!ready) return false;
  ready_provider_ = provider.Name();
  ready_until_ = now + kReadyFor;
  return true;
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
