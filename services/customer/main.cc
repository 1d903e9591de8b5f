// customer service process: read config, open the pool, build objects, serve; nothing else.
#include "config/default_ports.h"
#include "config/env.h"
#include "customer_registry.h"
#include "customer_repository.h"
#include "customer_service.h"
#include "import_repository.h"
#include "package_repository.h"
#include "service/bootstrap.h"

namespace billing::db {
std::vector<Migration> CustomerMigrations();
}

int main() {
  return billing::service::Main("customer", [] {
    namespace customer = billing::customer;
    auto pool = billing::service::OpenDatabase("customer", billing::db::CustomerMigrations());
    billing::service::EventRelay relay;
    customer::CustomerRepository customers(*pool);
    customer::PackageRepository packages(*pool);
    billing::metrics::Metrics metrics("customer");
    customer::CustomerRegistry registry(customers, packages);
    customer::ImportRepository imports(*pool);
    customer::CustomerImporter importer(imports, packages);
    customer::CustomerService service(registry, importer, metrics);
    return billing::rpc::Serve(billing::service::ServerOptionsFor(
                                   "CUSTOMER_LISTEN", billing::config::kCustomerListen, *pool),
                               {&service}, metrics);
  });
}
