// auth service process: read config, open pools, build objects, serve; nothing else.
#include <exception>

#include <nlohmann/json.hpp>

#include "auth_service.h"
#include "config/env.h"
#include "db/migrations.h"
#include "events/outbox.h"
#include "events/relay.h"
#include "log/log.h"
#include "rpc/server.h"

namespace billing::db {
std::vector<Migration> AuthMigrations();
}

namespace {

using billing::config::Env;

int Run() {
  namespace auth = billing::auth;
  billing::log::Init("auth", Env::String("LOG_LEVEL", "info"));

  billing::db::Pool pool(
      Env::String("DATABASE_URL", "postgresql://billing@127.0.0.1:55432/billing"), "auth",
      Env::Int("DB_POOL_SIZE", 8, 1, 256));
  pool.WaitUntilReachable(std::chrono::seconds(60));
  billing::events::ApplyMigrations(pool);
  billing::db::ApplyMigrations(pool, "auth", billing::db::AuthMigrations());
  std::string time_zone = Env::String("TIME_ZONE", "Asia/Jakarta");
  pool.Read([&](pqxx::read_transaction& txn) {
    txn.exec_params("SELECT now() AT TIME ZONE $1", time_zone);  // fails fast on a bad name
  });

  billing::redis::RedisClient redis(Env::String("REDIS_ADDR", "127.0.0.1:56379"),
                                    std::chrono::milliseconds(2000));
  // The outbox relay (one leader suite-wide) publishes committed events to Redis.
  billing::redis::RedisClient relay_redis(Env::String("REDIS_ADDR", "127.0.0.1:56379"),
                                          std::chrono::milliseconds(2000));
  billing::events::RelayOptions relay_options;
  relay_options.database_url =
      Env::String("DATABASE_URL", "postgresql://billing@127.0.0.1:55432/billing");
  billing::events::Relay relay(relay_options, relay_redis);
  relay.Start();

  billing::domain::SystemClock clock;
  std::string secret = Env::Required("JWT_SECRET");
  if (secret.size() < 32) throw billing::config::ConfigError("JWT_SECRET must be >= 32 chars");
  auth::TokenIssuer tokens(
      secret, std::chrono::seconds(Env::Int("TOKEN_TTL_SECONDS", 86400, 1, 31536000)), clock);
  auth::PasswordHasher hasher(
      static_cast<uint32_t>(Env::Int("ARGON2_MEMORY_KIB", auth::PasswordHasher::kMinMemoryKib,
                                     auth::PasswordHasher::kMinMemoryKib, 4 * 1024 * 1024)),
      static_cast<uint32_t>(Env::Int("ARGON2_ITERATIONS", auth::PasswordHasher::kMinIterations,
                                     auth::PasswordHasher::kMinIterations, 100)));
  auth::LoginLimits limits;
  limits.max_failures_per_user =
      static_cast<int>(Env::Int("LOGIN_MAX_FAILURES_PER_USER", 5, 1, 1000000));
  limits.max_failures_per_address =
      static_cast<int>(Env::Int("LOGIN_MAX_FAILURES_PER_IP", 20, 1, 1000000));
  limits.window = std::chrono::seconds(Env::Int("LOGIN_FAILURE_WINDOW_SECONDS", 900, 1, 86400));
  auth::LoginLimiter limiter(redis, limits);

  auth::UserRepository users(pool);
  auth::AuditRepository audit(pool, time_zone);
  int seeded = users.SeedIfEmpty({
      {"admin", "Administrator", billing::domain::Role::kAdmin, true, hasher.Hash("admin123"),
       true},
      {"staff", "Staff", billing::domain::Role::kStaff, true, hasher.Hash("staff123"), true},
  });
  if (seeded > 0)
    billing::log::Warn("default users created; change their passwords", {{"count", seeded}});

  billing::metrics::Metrics metrics("auth");
  auth::AuthService service(users, audit, hasher, tokens, limiter, metrics);
  billing::rpc::ServerOptions options;
  options.listen = Env::String("AUTH_LISTEN", "127.0.0.1:50051");
  options.metrics_listen = Env::String("METRICS_LISTEN", "");
  options.healthy = [&pool] {
    try {
      pool.Read([](pqxx::read_transaction& txn) { txn.exec("SELECT 1"); });
      return true;
    } catch (const std::exception&) {
      return false;
    }
  };
  int code = billing::rpc::Serve(options, {&service}, metrics);
  relay.Stop();
  return code;
}

}  // namespace

int main() {
  billing::rpc::BlockShutdownSignals();
  try {
    return Run();
  } catch (const std::exception& e) {
    billing::log::Error("fatal", {{"error", e.what()}});
    return 1;
  }
}
