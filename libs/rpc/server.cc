// gRPC server lifecycle, error/metrics wrapper for handlers, and channel construction.
#include "rpc/server.h"

#include <algorithm>
#include <csignal>
#include <pthread.h>
#include <utility>

#include <grpcpp/create_channel.h>
#include <grpcpp/health_check_service_interface.h>
#include <grpcpp/server.h>
#include <grpcpp/server_builder.h>
#include <nlohmann/json.hpp>
#include <prometheus/exposer.h>
#include <prometheus/registry.h>

#include "errors/grpc_status.h"
#include "i18n/messages.h"
#include "log/log.h"
#include "rpc/caller.h"
#include "service/periodic_task.h"

namespace billing::rpc {
namespace {

sigset_t ShutdownSignalSet() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  return set;
}

}  // namespace

void BlockShutdownSignals() {
  sigset_t set = ShutdownSignalSet();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

int Serve(const ServerOptions& options, const std::vector<grpc::Service*>& services,
          const metrics::Metrics& metrics) {
  BlockShutdownSignals();
  grpc::EnableDefaultHealthCheckService(true);
  grpc::ServerBuilder builder;
  int bound_port = 0;
  builder.AddListeningPort(options.listen, grpc::InsecureServerCredentials(), &bound_port);
  builder.SetMaxReceiveMessageSize(64 * 1024 * 1024);
  builder.SetSyncServerOption(grpc::ServerBuilder::SyncServerOption::MIN_POLLERS, 2);
  builder.SetSyncServerOption(grpc::ServerBuilder::SyncServerOption::MAX_POLLERS,
                              std::max(options.max_idle_threads, 2));
  for (auto* service : services) builder.RegisterService(service);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (!server || bound_port == 0) {
    log::Error("cannot listen", {{"listen", options.listen}});
    return 1;
  }
  std::unique_ptr<prometheus::Exposer> exposer;
  if (!options.metrics_listen.empty()) {
    exposer = std::make_unique<prometheus::Exposer>(options.metrics_listen);
    exposer->RegisterCollectable(metrics.registry());
  }
  // The health service follows the `healthy` probe every few seconds, logging each change.
  auto* health = server->GetHealthCheckService();
  auto prober = std::make_unique<service::PeriodicTask>(
      "health probe", std::chrono::seconds(3),
      [health, probe = options.healthy, last = std::make_shared<bool>(true)] {
        bool ok = !probe || probe();
        if (ok != *last) log::Warn("health changed", {{"serving", ok}});
        health->SetServingStatus(ok);
        *last = ok;
      });
  prober->Start();
  log::Info("serving", {{"listen", options.listen}, {"metrics", options.metrics_listen}});

  sigset_t set = ShutdownSignalSet();
  int signal_number = 0;
  sigwait(&set, &signal_number);
  log::Info("shutting down", {{"signal", signal_number}});
  if (options.on_shutdown) options.on_shutdown();
  prober.reset();
  server->GetHealthCheckService()->SetServingStatus(false);
  server->Shutdown(std::chrono::system_clock::now() + options.shutdown_grace);
  server->Wait();
  log::Info("stopped");
  return 0;
}

grpc::Status HandleRpc(metrics::Metrics& metrics, const char* method,
                       const grpc::ServerContext& context, const std::function<void()>& body) {
  auto started = std::chrono::steady_clock::now();
  grpc::Status status;
  // Every RPC of every service passes here: no valid service identity, no call.
  std::optional<Caller> caller = VerifiedCaller(context);
  std::string request_id = caller ? caller->request_id : std::string();
  try {
    if (!caller) {
      log::Warn("call without a valid service identity refused",
                {{"method", method}, {"peer", context.peer()}});
      throw errors::Unauthenticated(i18n::kLoginRequired);
    }
    body();
  } catch (const errors::Error& error) {
    if (error.code() == errors::Code::kInternal) {
      log::Error("internal error",
                 {{"method", method}, {"request_id", request_id}, {"error", error.message()}});
      status = errors::ToGrpcStatus(errors::Internal(i18n::kInternalError + request_id));
    } else {
      status = errors::ToGrpcStatus(error);
    }
  } catch (const std::exception& e) {
    log::Error("unhandled exception",
               {{"method", method}, {"request_id", request_id}, {"error", e.what()}});
    status = errors::ToGrpcStatus(errors::Internal(i18n::kInternalError + request_id));
  }
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  metrics.ObserveRequest(method, status.ok() ? "OK" : std::to_string(status.error_code()), seconds);
  return status;
}

namespace {

// The retry rule: a call that fails with UNAVAILABLE may have been applied before the
// connection broke (the write committed, the answer was lost), so only calls that are safe to
// apply twice are retried: reads, and writes that are idempotent by design (the bill run skips
// bills that exist, a notice carries its idempotency key, logout revokes what is revoked, an
// online payment of a paid bill changes nothing).
// Every other method (creates, payments, deletes, settings, status changes, restore, login) is
// tried once and its UNAVAILABLE reaches the caller. A new method retries only if listed here.
constexpr const char* kRetryableMethods[][2] = {
    {"billing.auth.v1.AuthService", "Verify"},
    {"billing.auth.v1.AuthService", "Logout"},
    {"billing.auth.v1.AuthService", "ListUsers"},
    {"billing.auth.v1.AuthService", "ListEvents"},
    {"billing.auth.v1.AuthService", "ListAudit"},
    {"billing.customer.v1.CustomerService", "GetCustomer"},
    {"billing.customer.v1.CustomerService", "ListCustomers"},
    {"billing.customer.v1.CustomerService", "ListBillable"},
    {"billing.customer.v1.CustomerService", "ListPackages"},
    {"billing.bills.v1.BillingService", "GetTransaction"},
    {"billing.bills.v1.BillingService", "ListTransactions"},
    {"billing.bills.v1.BillingService", "Stats"},
    {"billing.bills.v1.BillingService", "IncomeReport"},
    {"billing.bills.v1.BillingService", "ArrearsReport"},
    {"billing.bills.v1.BillingService", "RunBills"},
    {"billing.bills.v1.BillingService", "GetSettings"},
    {"billing.bills.v1.BillingService", "ListOverdue"},
    // A repeat finds the bill paid and answers "already_paid" with the same transaction.
    {"billing.bills.v1.BillingService", "MarkPaidOnline"},
    {"billing.messaging.v1.MessagingService", "Status"},
    {"billing.messaging.v1.MessagingService", "GetBroadcast"},
    {"billing.messaging.v1.MessagingService", "ListMessages"},
    {"billing.messaging.v1.MessagingService", "Preview"},
    {"billing.messaging.v1.MessagingService", "SendNotice"},
    {"billing.backup.v1.BackupService", "Export"},
    {"billing.network.v1.NetworkService", "Status"},
    {"billing.network.v1.NetworkService", "GetSettings"},
    {"billing.network.v1.NetworkService", "GetCustomer"},
    {"billing.network.v1.NetworkService", "ListProblems"},
};

// First and longest wait before dialling a neighbour again, in milliseconds.
constexpr std::pair<int, int> kReconnectBackoffMs{100, 500};

}  // namespace

std::string ChannelServiceConfig() {
  nlohmann::json names = nlohmann::json::array();
  for (const auto& [service, method] : kRetryableMethods) {
    names.push_back({{"service", service}, {"method", method}});
  }
  nlohmann::json config = {{"loadBalancingConfig", {{{"round_robin", nlohmann::json::object()}}}},
                           {"methodConfig",
                            {{{"name", names},
                              {"retryPolicy",
                               {{"maxAttempts", 5},
                                {"initialBackoff", "0.1s"},
                                {"maxBackoff", "1s"},
                                {"backoffMultiplier", 2},
                                {"retryableStatusCodes", {"UNAVAILABLE"}}}}}}}};
  return config.dump();
}

std::shared_ptr<grpc::Channel> MakeChannel(const std::vector<std::string>& addresses) {
  std::string target;
  if (addresses.size() == 1) {
    target = "dns:///" + addresses.front();
  } else {
    target = "ipv4:";
    for (size_t i = 0; i < addresses.size(); ++i) target += (i > 0 ? "," : "") + addresses[i];
  }
  grpc::ChannelArguments args;
  // Round-robin over replicas; only the methods in kRetryableMethods are retried (on
  // UNAVAILABLE, on another replica), and gRPC retries only calls whose response has not
  // started. Methods not named in the config get no retry policy at all.
  args.SetServiceConfigJSON(ChannelServiceConfig());
  // A service that starts after its caller (a cluster starts every service at once) or restarts
  // is dialled again within half a second. gRPC's default backoff grows to 120 s, and while it
  // waits every call fails at once: a caller could refuse work for two minutes after its
  // neighbour came back.
  args.SetInt(GRPC_ARG_INITIAL_RECONNECT_BACKOFF_MS, kReconnectBackoffMs.first);
  args.SetInt(GRPC_ARG_MIN_RECONNECT_BACKOFF_MS, kReconnectBackoffMs.first);
  args.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, kReconnectBackoffMs.second);
  args.SetMaxReceiveMessageSize(64 * 1024 * 1024);
  return grpc::CreateCustomChannel(target, grpc::InsecureChannelCredentials(), args);
}

}  // namespace billing::rpc
