// What every service's main() does the same way: open its database, run the outbox relay,
// build server options, and wrap the whole run (signals, fatal errors).
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "db/migrations.h"
#include "db/pool.h"
#include "events/relay.h"
#include "redis/redis_client.h"
#include "rpc/server.h"

namespace billing::service {

// DATABASE_URL and DB_POOL_SIZE; waits for the server, applies the shared events schema and
// then the service's own migrations in `schema` (an empty schema: none of its own).
std::unique_ptr<db::Pool> OpenDatabase(const std::string& schema,
                                       const std::vector<db::Migration>& migrations);

// The suite-wide outbox relay (one leader among all processes), running until destroyed, and
// this process's wake-up for it after each commit that recorded a change.
class EventRelay final {
 public:
  EventRelay();  // REDIS_ADDR, DATABASE_URL
  ~EventRelay();

 private:
  redis::RedisClient redis_;
  events::Relay relay_;
  events::RelayWaker waker_;
};

// <listen_var> (default `default_listen`), METRICS_LISTEN, and health = the database answers.
rpc::ServerOptions ServerOptionsFor(const char* listen_var, const char* default_listen,
                                    db::Pool& pool);

// SERVICE_KEY (required, >= 32 bytes): this process signs its calls as `service` and verifies
// every incoming call with it (rpc/identity.h).
void InstallServiceIdentity(const char* service);

// The body of main(): blocks shutdown signals before any thread starts, initialises the log
// as `service` (LOG_LEVEL), installs its service identity (SERVICE_KEY), runs `run`, and turns an
// escaping exception into a logged exit 1.
int Main(const char* service, const std::function<int()>& run);

}  // namespace billing::service
