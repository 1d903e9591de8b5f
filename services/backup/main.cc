// backup service process: read config, open the pool, build objects, serve; nothing else.
#include <filesystem>

#include "backup_repository.h"
#include "backup_service.h"
#include "config/default_ports.h"
#include "config/env.h"
#include "service/bootstrap.h"

int main() {
  return billing::service::Main("backup", [] {
    using billing::config::Env;
    auto pool = billing::service::OpenDatabase("", {});
    billing::backup::BackupRepository repository(
        *pool, {"auth", "customer", "billing", "messaging", "network"});
    billing::metrics::Metrics metrics("backup");
    billing::backup::UploadStore uploads(
        Env::String("RESTORE_UPLOAD_DIR",
                    (std::filesystem::temp_directory_path() / "billing-restore-uploads").string()),
        static_cast<size_t>(Env::Int("RESTORE_MAX_BYTES", 256LL << 20, 1 << 20, 4LL << 30)),
        std::chrono::seconds(Env::Int("RESTORE_UPLOAD_TTL_SECONDS", 3600, 60, 7 * 86400)));
    billing::domain::SystemClock clock;
    billing::backup::Exporter exporter(repository, clock);
    billing::backup::Restorer restorer(repository, uploads);
    billing::backup::BackupService service(exporter, restorer, metrics);
    return billing::rpc::Serve(
        billing::service::ServerOptionsFor("BACKUP_LISTEN", billing::config::kBackupListen, *pool),
        {&service}, metrics);
  });
}
