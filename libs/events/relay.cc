// Relay loop: advisory-lock leadership on a dedicated connection, LISTEN for prompt wake-ups,
// sequence assignment and ordered publishing with back-off.
#include "events/relay.h"

#include <algorithm>

#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

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

void AssignSequence(pqxx::connection& connection, int batch_size) {
  pqxx::work txn(connection);
  txn.exec_params0(
      "WITH picked AS (SELECT id FROM events.outbox WHERE seq IS NULL ORDER BY id LIMIT $1 "
      "FOR UPDATE), numbered AS (SELECT id, nextval('events.delivery_seq') AS s "
      "FROM (SELECT id FROM picked ORDER BY id) p) "
      "UPDATE events.outbox o SET seq = n.s FROM numbered n WHERE o.id = n.id",
      batch_size);
  txn.commit();
}

// One leader pass; returns false when Redis refused a PUBLISH.
bool PublishPass(pqxx::connection& connection, redis::RedisClient& redis, int batch_size) {
  AssignSequence(connection, batch_size);
  while (true) {
    pqxx::result rows;
    {
      pqxx::nontransaction txn(connection);
      rows = txn.exec_params(
          "SELECT seq, entity, action, entity_id, actor_username, "
          "to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') FROM events.outbox "
          "WHERE seq IS NOT NULL AND published_at IS NULL ORDER BY seq LIMIT $1",
          batch_size);
    }
    for (const auto& row : rows) {
      EventMessage message;
      message.seq = row[0].as<int64_t>();
      message.entity = row[1].as<std::string>();
      message.action = row[2].as<std::string>();
      message.id = row[3].as<std::string>();
      message.by = row[4].as<std::string>();
      message.at = row[5].as<std::string>();
      try {
        redis.Command({"PUBLISH", kRedisChannel, ToJson(message)});
      } catch (const errors::Error&) {
        return false;
      }
      pqxx::nontransaction txn(connection);
      txn.exec_params0("UPDATE events.outbox SET published_at = now() WHERE seq = $1", message.seq);
    }
    if (rows.size() < static_cast<size_t>(batch_size)) return true;
  }
}

}  // namespace

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
      if (!PublishPass(*connection, redis_, options_.batch_size)) {
        auto delay = next_backoff();
        log::Warn("relay cannot publish to redis; retrying", {{"retry_ms", delay.count()}});
        if (!Sleep(delay)) break;
        continue;
      }
      backoff = std::chrono::milliseconds(0);
      auto seconds = options_.poll_interval.count() / 1000;
      auto micros = (options_.poll_interval.count() % 1000) * 1000;
      connection->await_notification(seconds, micros);
    } catch (const std::exception& e) {
      log::Warn("relay database error; reconnecting", {{"error", e.what()}});
      wakeups.reset();
      connection.reset();  // closing the session releases the leader lock
      leading = false;
      if (!Sleep(next_backoff())) break;
    }
  }
  wakeups.reset();
  connection.reset();
}

}  // namespace billing::events
