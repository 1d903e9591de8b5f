// backup service process: read config, open the pool, serve; nothing else.
#include "backup_service.h"
#include "config/env.h"
#include "service/bootstrap.h"

int main() {
  return billing::service::Main("backup", [] {
    using billing::config::Env;
    auto pool = billing::service::OpenDatabase("", {});
    billing::backup::BackupRepository repository(
        *pool, {"auth", "customer", "billing", "messaging", "network"});
    billing::metrics::Metrics metrics("backup");
    billing::backup::BackupService service(
        repository,
        static_cast<size_t>(Env::Int("RESTORE_MAX_BYTES", 256LL << 20, 1 << 20, 4LL << 30)),
        metrics);
    return billing::rpc::Serve(
        billing::service::ServerOptionsFor("BACKUP_LISTEN", "127.0.0.1:50091", *pool), {&service},
        metrics);
  });
}
