// Relay loop: advisory-lock leadership on a dedicated connection, LISTEN for prompt wake-ups,
// sequence assignment and ordered publishing with back-off.
#include "events/relay.h"

#include <algorithm>
#include <atomic>

#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

#include "db/pool.h"
#include "db/sql_array.h"
#include "errors/error.h"
#include "events/event_message.h"
#include "events/outbox.h"
#include "log/log.h"
#include "redis/redis_client.h"

namespace billing::events {
namespace {

// Shared by every service: only one relay in the suite holds it.
constexpr int64_t kLeaderLockKey = 0x6269'6c6c'7265'6c61;  // "billrela"

class Wakeups final : public pqxx::notification_receiver {
 public:
  explicit Wakeups(pqxx::connection_base& connection)
      : pqxx::notification_receiver(connection, kNotifyChannel) {}
  void operator()(const std::string& /*payload*/, int /*backend_pid*/) override {}
};

// One statement, so one round trip and one commit: marks the rows the previous pass published,
// gives the next committed rows without a seq their delivery seq (in id order), and returns
// every row to publish now in seq order: those just numbered and any numbered earlier but not
// published (Redis was down, or the relay stopped between the two).
constexpr const char* kPassSql =
    "WITH marked AS (UPDATE events.outbox SET published_at = now() "
    "WHERE seq = ANY($2::bigint[]) AND published_at IS NULL RETURNING seq), "
    "picked AS (SELECT id FROM events.outbox WHERE seq IS NULL ORDER BY id LIMIT $1 FOR UPDATE), "
    "numbered AS (SELECT id, nextval('events.delivery_seq') AS s "
    "FROM (SELECT id FROM picked ORDER BY id) p), "
    "assigned AS (UPDATE events.outbox o SET seq = n.s FROM numbered n WHERE o.id = n.id "
    "RETURNING o.seq, o.entity, o.action, o.entity_id, o.actor_username, o.at) "
    "SELECT seq, entity, action, entity_id, actor_username, "
    "to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') FROM ("
    "SELECT seq, entity, action, entity_id, actor_username, at FROM assigned UNION ALL "
    "(SELECT seq, entity, action, entity_id, actor_username, at FROM events.outbox "
    "WHERE seq IS NOT NULL AND published_at IS NULL AND seq <> ALL($2::bigint[]) "
    "ORDER BY seq LIMIT $1)) r ORDER BY seq";

}  // namespace

// One leader pass. Publishing comes before the bookkeeping: the rows published here are marked
// by the next pass's statement, which the loop runs at once (so an event that arrives
// meanwhile is numbered in that same round trip).
Relay::PassResult Relay::PublishPass(pqxx::connection_base& connection) {
  auto started = std::chrono::steady_clock::now();
  pqxx::result rows;
  {
    pqxx::nontransaction txn(connection);
    rows = txn.exec_params(kPassSql, options_.batch_size, db::IdArray(published_unmarked_));
  }
  published_unmarked_.clear();  // marked (committed) by the statement above
  if (rows.empty()) return PassResult::kIdle;
  std::vector<std::vector<std::string>> commands;
  std::vector<int64_t> seqs;
  commands.reserve(rows.size());
  seqs.reserve(rows.size());
  for (const auto& row : rows) {
    EventMessage message;
    message.seq = row[0].as<int64_t>();
    message.entity = row[1].as<std::string>();
    message.action = row[2].as<std::string>();
    message.id = row[3].as<std::string>();
    message.by = row[4].as<std::string>();
    message.at = row[5].as<std::string>();
    commands.push_back({"PUBLISH", kRedisChannel, ToJson(message)});
    seqs.push_back(message.seq);
  }
  try {
    redis_.Pipeline(commands);
  } catch (const errors::Error&) {
    return PassResult::kRedisFailed;  // the rows stay unpublished; a later pass sends them
  }
  if (log::Enabled(log::Level::kDebug)) {
    auto micros = [&](auto from) {
      return std::chrono::duration_cast<std::chrono::microseconds>(
                 std::chrono::steady_clock::now() - from)
          .count();
    };
    log::Debug("relay published",
               {{"first_seq", seqs.front()}, {"rows", seqs.size()}, {"us", micros(started)}});
  }
  published_unmarked_ = std::move(seqs);
  return PassResult::kPublished;
}

Relay::Relay(RelayOptions options, redis::RedisClient& redis)
    : options_(std::move(options)), redis_(redis) {}

Relay::~Relay() { Stop(); }

void Relay::Start() {
  std::lock_guard lock(mutex_);
  if (thread_.joinable()) return;
  stop_ = false;
  thread_ = std::thread([this] { Run(); });
}

void Relay::Stop() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

bool Relay::Sleep(std::chrono::milliseconds duration) {
  std::unique_lock lock(mutex_);
  wake_.wait_for(lock, duration, [this] { return stop_; });
  return !stop_;
}

void Relay::Run() {
  std::unique_ptr<pqxx::connection> connection;
  std::unique_ptr<Wakeups> wakeups;
  bool leading = false;
  auto backoff = std::chrono::milliseconds(0);
  auto next_backoff = [&] {
    backoff = std::min(options_.max_backoff,
                       backoff.count() == 0 ? std::chrono::milliseconds(500) : backoff * 2);
    return backoff;
  };
  while (true) {
    {
      std::lock_guard lock(mutex_);
      if (stop_) break;
    }
    try {
      if (!connection) {
        connection = std::make_unique<pqxx::connection>(options_.database_url);
        // The pass reads two partial indexes of a table whose rows leave them at every pass.
        // A bitmap scan visits every dead entry again each time (millions per second under a
        // write load); a plain index scan marks them dead in the index once and skips them.
        pqxx::nontransaction(*connection).exec0("SET enable_bitmapscan TO off");
        leading = false;
      }
      if (!leading) {
        pqxx::nontransaction txn(*connection);
        leading = txn.exec_params1("SELECT pg_try_advisory_lock($1)", kLeaderLockKey)[0].as<bool>();
        txn.commit();
        if (!leading) {
          if (!Sleep(options_.standby_retry)) break;
          continue;
        }
        log::Info("relay is the leader: publishing events");
        wakeups = std::make_unique<Wakeups>(*connection);
      }
      PassResult result = PublishPass(*connection);
      if (result == PassResult::kRedisFailed) {
        auto delay = next_backoff();
        log::Warn("relay cannot publish to redis; retrying", {{"retry_ms", delay.count()}});
        if (!Sleep(delay)) break;
        continue;
      }
      backoff = std::chrono::milliseconds(0);
      if (result == PassResult::kPublished) continue;  // mark them and look for more at once
      auto seconds = options_.poll_interval.count() / 1000;
      auto micros = (options_.poll_interval.count() % 1000) * 1000;
      connection->await_notification(seconds, micros);
    } catch (const std::exception& e) {
      log::Warn("relay database error; reconnecting", {{"error", e.what()}});
      wakeups.reset();
      connection.reset();           // closing the session releases the leader lock
      published_unmarked_.clear();  // published again later; subscribers drop them by seq
      leading = false;
      if (!Sleep(next_backoff())) break;
    }
  }
  wakeups.reset();
  connection.reset();
}

}  // namespace billing::events

namespace billing::events {
namespace {

std::atomic<RelayWaker*> installed_waker{nullptr};

void WakeAfterCommit() {
  if (!TakeRecordedMark()) return;
  if (auto* waker = installed_waker.load(std::memory_order_acquire)) waker->Wake();
}

}  // namespace

RelayWaker::RelayWaker(std::string database_url)
    : database_url_(std::move(database_url)), thread_([this] { Run(); }) {}

RelayWaker::~RelayWaker() {
  Uninstall();
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void RelayWaker::Install() {
  installed_waker.store(this, std::memory_order_release);
  db::SetAfterCommitHook(&WakeAfterCommit);
}

void RelayWaker::Uninstall() {
  RelayWaker* self = this;
  if (installed_waker.compare_exchange_strong(self, nullptr)) db::SetAfterCommitHook(nullptr);
}

void RelayWaker::Wake() {
  {
    std::lock_guard lock(mutex_);
    if (pending_) return;
    pending_ = true;
  }
  wake_.notify_one();
}

void RelayWaker::Run() {
  std::unique_ptr<pqxx::connection> connection;
  while (true) {
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return pending_ || stop_; });
      if (stop_) break;
      pending_ = false;  // wakes from here on get a NOTIFY of their own
    }
    try {
      if (!connection) {
        connection = std::make_unique<pqxx::connection>(database_url_);
        pqxx::nontransaction setup(*connection);
        setup.exec0("SET synchronous_commit TO off");
      }
      WakeRelay(*connection);
    } catch (const std::exception& e) {
      log::Warn("relay wake-up failed; the relay polls instead", {{"error", e.what()}});
      connection.reset();
      std::unique_lock lock(mutex_);  // no busy loop while the database is away
      wake_.wait_for(lock, std::chrono::seconds(1), [this] { return stop_; });
    }
  }
}

}  // namespace billing::events
