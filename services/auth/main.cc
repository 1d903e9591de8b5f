// auth service process: read config, open pools, build objects, serve; nothing else.
#include <exception>
#include <malloc.h>

#include <nlohmann/json.hpp>

#include "audit_repository.h"
#include "auth_service.h"
#include "billing.grpc.pb.h"
#include "config/default_ports.h"
#include "config/env.h"
#include "db/migrations.h"
#include "errors/grpc_status.h"
#include "events/outbox.h"
#include "events/relay.h"
#include "log/log.h"
#include "redis_attempt_store.h"
#include "rpc/caller.h"
#include "rpc/server.h"
#include "service/bootstrap.h"
#include "time_zone_cache.h"
#include "user_repository.h"
#include "user_rules.h"

namespace billing::db {
std::vector<Migration> AuthMigrations();
}

namespace {

using billing::config::Env;

int Run() {
  namespace auth = billing::auth;

  auto database = billing::service::OpenDatabase("auth", billing::db::AuthMigrations());
  billing::db::Pool& pool = *database;
  billing::redis::RedisClient redis(Env::String("REDIS_ADDR", "127.0.0.1:56379"),
                                    std::chrono::milliseconds(2000));
  billing::service::EventRelay relay;  // one leader suite-wide publishes committed events

  billing::domain::SystemClock clock;
  std::string secret = Env::Required("JWT_SECRET");
  if (secret.size() < 32) throw billing::config::ConfigError("JWT_SECRET must be >= 32 chars");
  auth::TokenIssuer tokens(
      secret, std::chrono::seconds(Env::Int("TOKEN_TTL_SECONDS", 86400, 1, 31536000)), clock);
  auth::PasswordHasher hasher(
      static_cast<uint32_t>(Env::Int("ARGON2_MEMORY_KIB", auth::PasswordHasher::kMinMemoryKib,
                                     auth::PasswordHasher::kMinMemoryKib, 4 * 1024 * 1024)),
      static_cast<uint32_t>(Env::Int("ARGON2_ITERATIONS", auth::PasswordHasher::kMinIterations,
                                     auth::PasswordHasher::kMinIterations, 100)),
      // Each running hash holds ARGON2_MEMORY_KIB; more logins at once wait for a slot.
      static_cast<size_t>(Env::Int("AUTH_MAX_PARALLEL_HASHES", 0, 0, 1024)),
      // A burst of logins slows the logins, not the rest of the suite on the same cores.
      static_cast<int>(Env::Int("AUTH_HASH_NICE", 10, 0, 19)));
  auth::LoginLimits limits;
  limits.max_failures_per_user_address =
      static_cast<int>(Env::Int("LOGIN_MAX_FAILURES_PER_USER", 5, 1, 1000000));
  limits.max_failures_per_address =
      static_cast<int>(Env::Int("LOGIN_MAX_FAILURES_PER_IP", 20, 1, 1000000));
  limits.window = std::chrono::seconds(Env::Int("LOGIN_FAILURE_WINDOW_SECONDS", 900, 1, 86400));
  auth::RedisAttemptStore shared_attempts(redis);
  auth::MemoryAttemptStore local_attempts(clock);
  auth::LoginLimiter limiter(shared_attempts, local_attempts, clock, limits);

  auth::UserRepository users(pool);
  // Audit date filters are days in the suite's one time zone, billing's setting.
  auto billing_stub = billing::bills::v1::BillingService::NewStub(
      billing::rpc::MakeChannel(Env::List("BILLING_ADDR", billing::config::kBillingAddr)));
  auth::TimeZoneCache time_zone(
      [&billing_stub] {
        auto context =
            billing::rpc::OutgoingContext(billing::rpc::Caller(), std::chrono::seconds(5));
        billing::bills::v1::Settings settings;
        billing::errors::ThrowIfFailed(billing_stub->GetSettings(
            context.get(), billing::bills::v1::GetSettingsRequest(), &settings));
        return settings.billing().timezone();
      },
      clock, std::chrono::seconds(60));
  auth::AuditRepository audit(pool, time_zone);
  // Given initial passwords (provisioning, tests) are the owner's choice; the built-in defaults
  // are public, so an account seeded with one must change it at its first login.
  auto initial_password = [](const char* variable) {
    std::string given = Env::String(variable, "");
    if (!given.empty() && given.size() < auth::kMinPasswordLength) {
      throw billing::config::ConfigError(std::string(variable) + " must be >= 8 chars");
    }
    return given;
  };
  std::string admin_password = initial_password("INITIAL_ADMIN_PASSWORD");
  std::string staff_password = initial_password("INITIAL_STAFF_PASSWORD");
  int seeded = users.SeedIfEmpty([&] {
    return std::vector<auth::NewUser>{
        {"admin", "Administrator", billing::domain::Role::kAdmin, true,
         hasher.Hash(admin_password.empty() ? "admin123" : admin_password), admin_password.empty()},
        {"staff", "Staff", billing::domain::Role::kStaff, true,
         hasher.Hash(staff_password.empty() ? "staff123" : staff_password), staff_password.empty()},
    };
  });
  if (seeded > 0) {
    billing::log::Warn("initial users created; a default password must be changed at first login",
                       {{"count", seeded}});
  }

  billing::metrics::Metrics metrics("auth");
  auth::Sessions sessions(users, hasher, tokens, limiter);
  auth::UserAdmin user_admin(users, hasher);
  auth::AuditTrail audit_trail(audit, user_admin);
  auth::AuthService service(sessions, user_admin, audit_trail, metrics);
  return billing::rpc::Serve(
      billing::service::ServerOptionsFor("AUTH_LISTEN", billing::config::kAuthListen, pool),
      {&service}, metrics);
}

}  // namespace

int main() {
  // Every Argon2 hash mallocs its whole memory (19 MiB) and frees it at the end. glibc raises its
  // mmap threshold to the size of the first such block freed, so later ones came from the RPC
  // threads' arenas and stayed there (240 MiB after 32 concurrent logins). A fixed threshold
  // keeps them mmapped: each goes back to the system when its hash ends.
  mallopt(M_MMAP_THRESHOLD, 1024 * 1024);
  return billing::service::Main("auth", Run);
}
